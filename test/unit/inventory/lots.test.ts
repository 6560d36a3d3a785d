/**
 * The lots a shipment took, FIFO from the stock ledger (shared/domain/inventory/lots.ts), as tables of audit rows
 * at one warehouse: receipts of purchase-order lots, shipments, adjustments, returns, and stock older than the ledger.
 */
import { describe, expect, it } from 'vitest';
import { lotsNamed, lotsShipped } from '../../../shared/domain/inventory/lots';
import type { MovementAudit, MovementKind } from '../../../shared/domain/inventory/warehouse-stock';

let clock = 0;
const row = (kind: MovementKind, ref: string, onHand: number, extra: Partial<MovementAudit> = {}): MovementAudit => ({
  sku: 'MUG',
  warehouseId: 'berlin',
  kind,
  ref,
  actor: 'test',
  reason: 'test',
  at: new Date(Date.UTC(2030, 0, 1, 0, 0, clock++)).toISOString(),
  delta: { onHand, reserved: 0 },
  ...extra,
});
const receive = (lot: string, units: number) => row('RECEIVE', lot, units);
const ship = (orderId: string, units: number) => row('SHIP', orderId, -units, { delta: { onHand: -units, reserved: -units } });

describe('lotsShipped (FIFO)', () => {
  it.each([
    ['one lot', [receive('PO1/R1', 10), ship('A', 3)], 'A', [{ lotId: 'PO1/R1', quantity: 3 }]],
    ['the oldest lot first', [receive('PO1/R1', 5), receive('PO2/R1', 5), ship('A', 3)], 'A', [{ lotId: 'PO1/R1', quantity: 3 }]],
    ['across two lots when the first runs out', [receive('PO1/R1', 5), receive('PO2/R1', 5), ship('A', 3), ship('B', 4)], 'B', [{ lotId: 'PO1/R1', quantity: 2 }, { lotId: 'PO2/R1', quantity: 2 }]],
    ['units lost or counted down leave the front too', [receive('PO1/R1', 5), receive('PO2/R1', 5), row('ADJUST', 'adj-1', -5), ship('A', 2)], 'A', [{ lotId: 'PO2/R1', quantity: 2 }]],
    ['a returned unit restocked is stock of no known lot, at the back', [receive('PO1/R1', 1), row('RETURN', 'ret-1', 1), ship('A', 2)], 'A', [{ lotId: 'PO1/R1', quantity: 1 }, { quantity: 1 }]],
    ['units received by adjustment carry no lot', [row('ADJUST', 'adj-1', 2), ship('A', 1)], 'A', [{ quantity: 1 }]],
    ['stock older than the ledger (a row that found more on hand) is the oldest, of no known lot', [row('COUNT', 'count-1', 0, { before: { onHand: 4, reserved: 0 }, after: { onHand: 4, reserved: 0 } }), receive('PO1/R1', 5), ship('A', 6)], 'A', [{ quantity: 4 }, { lotId: 'PO1/R1', quantity: 2 }]],
    ['reserves and releases move nothing on hand', [receive('PO1/R1', 5), row('RESERVE', 'A', 0, { delta: { onHand: 0, reserved: 2 } }), ship('A', 2)], 'A', [{ lotId: 'PO1/R1', quantity: 2 }]],
  ] as const)('%s', (_, rows, orderId, took) => {
    expect(lotsShipped([...rows], 'berlin', orderId)).toEqual(took);
  });

  it('counts only the order\'s warehouse, and knows no shipment of an order that did not ship there', () => {
    const rows = [receive('PO1/R1', 5), { ...receive('PO9/R1', 5), warehouseId: 'lisbon' }, { ...ship('A', 2), warehouseId: 'lisbon' }, ship('B', 1)];
    expect(lotsShipped(rows, 'lisbon', 'A')).toEqual([{ lotId: 'PO9/R1', quantity: 2 }]);
    expect(lotsShipped(rows, 'berlin', 'B')).toEqual([{ lotId: 'PO1/R1', quantity: 1 }]);
    expect(lotsShipped(rows, 'berlin', 'A')).toBeUndefined();
  });
});

describe('lotsNamed', () => {
  it.each([
    ['one lot: the incident names it', [{ lotId: 'PO1/R1', quantity: 2 }], { lotId: 'PO1/R1', lots: ['PO1/R1'] }],
    ['several: each, no single lot', [{ lotId: 'PO2/R1', quantity: 1 }, { lotId: 'PO1/R1', quantity: 1 }], { lots: ['PO1/R1', 'PO2/R1'] }],
    ['a lot and units of none: the lot is a candidate, not the lot', [{ lotId: 'PO1/R1', quantity: 1 }, { quantity: 1 }], { lots: ['PO1/R1'] }],
    ['none known', [{ quantity: 2 }], {}],
    ['no shipment found', undefined, {}],
  ] as const)('%s', (_, shares, named) => {
    expect(lotsNamed(shares as never)).toEqual(named);
  });
});
