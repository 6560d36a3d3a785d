/**
 * Stock per warehouse (shared/domain/inventory/warehouse-stock.ts): the arithmetic of a warehouse's
 * movements and the total that follows them, a total without a breakdown, which warehouses can ship a cart,
 * the store's default warehouse, the audit row, and transfers.
 */
import { describe, expect, it } from 'vitest';
import {
  availableByWarehouse,
  defaultWarehouseId,
  levelsBefore,
  moveLevels,
  movementAudit,
  orderMovementDelta,
  requestTransfer,
  sumTotalDeltas,
  totalDelta,
  transferInDelta,
  transferOutDeltas,
  warehousesCovering,
  type WarehouseStock,
} from '../../../shared/domain/inventory/warehouse-stock';
import { DomainError } from '../../../shared/domain/errors';

const NOW = new Date('2030-07-02T08:00:00.000Z');
const WAREHOUSES = [{ id: 'wh-lisbon' }, { id: 'wh-berlin' }];
const record = (warehouseId: string, onHand: number, reserved = 0, inTransitIn = 0): WarehouseStock => ({ sku: 'MUG', warehouseId, onHand, reserved, available: onHand - reserved, inTransitIn, updatedAt: NOW.toISOString() });

describe('a warehouse movement', () => {
  it.each([
    ['reserve 3 of 10', 'reserve', { onHand: 10, reserved: 0 }, { onHand: 10, reserved: 3 }],
    ['release 3', 'release', { onHand: 10, reserved: 3 }, { onHand: 10, reserved: 0 }],
    ['ship 3', 'ship', { onHand: 10, reserved: 3 }, { onHand: 7, reserved: 0 }],
  ] as const)('%s', (_, movement, before, after) => {
    expect(moveLevels({ ...before, inTransitIn: 0 }, orderMovementDelta(movement, 3))).toEqual({ ...after, inTransitIn: 0 });
  });

  it('refuses what would reserve more than is available, release more than is reserved, or take reserved units off', () => {
    expect(moveLevels({ onHand: 10, reserved: 8, inTransitIn: 0 }, orderMovementDelta('reserve', 3))).toBeUndefined();
    expect(moveLevels({ onHand: 10, reserved: 2, inTransitIn: 0 }, orderMovementDelta('release', 3))).toBeUndefined();
    expect(moveLevels({ onHand: 10, reserved: 8, inTransitIn: 0 }, { onHand: -3 })).toBeUndefined();
    expect(moveLevels({ onHand: 10, reserved: 8, inTransitIn: 0 }, { onHand: -2 })).toEqual({ onHand: 8, reserved: 8, inTransitIn: 0 });
  });

  it("moves the total by the warehouses' changes: a transfer keeps the total's on hand and takes its units off available until received", () => {
    const transfer = { from: 'wh-berlin', to: 'wh-lisbon', quantity: 4 };
    const out = sumTotalDeltas(transferOutDeltas(transfer).map(({ delta }) => totalDelta(delta)));
    expect(out).toEqual({ onHand: 0, reserved: 0, available: -4, inTransit: 4 });
    expect(totalDelta(transferInDelta(transfer).delta)).toEqual({ onHand: 0, reserved: 0, available: 4, inTransit: -4 });
    expect(totalDelta(orderMovementDelta('ship', 2))).toEqual({ onHand: -2, reserved: -2, available: 0, inTransit: 0 });
    expect(totalDelta({ onHand: 5 })).toEqual({ onHand: 5, reserved: 0, available: 5, inTransit: 0 });
  });
});

describe('a total without a warehouse breakdown (stock written before warehouses held it)', () => {
  const legacy = { onHand: 30, reserved: 5, available: 25 };

  it("starts the first movement's warehouse from the total's units; a placed total's warehouse without a record holds nothing", () => {
    expect(levelsBefore(legacy, undefined, true)).toEqual({ onHand: 30, reserved: 5, inTransitIn: 0 });
    expect(levelsBefore(legacy, undefined, false)).toEqual({ onHand: 0, reserved: 0, inTransitIn: 0 });
    expect(levelsBefore({ ...legacy, placed: true }, record('wh-berlin', 7, 1), true)).toEqual({ onHand: 7, reserved: 1, inTransitIn: 0 });
    expect(levelsBefore({ ...legacy, placed: true }, undefined, true)).toEqual({ onHand: 0, reserved: 0, inTransitIn: 0 });
  });

  it('counts as available in every warehouse until placed; once placed, each warehouse has what its record says', () => {
    expect([...availableByWarehouse(legacy, [], WAREHOUSES)]).toEqual([['wh-lisbon', 25], ['wh-berlin', 25]]);
    expect([...availableByWarehouse({ ...legacy, placed: true }, [record('wh-berlin', 30, 5)], WAREHOUSES)]).toEqual([['wh-lisbon', 0], ['wh-berlin', 25]]);
  });
});

describe('which warehouses can ship a cart', () => {
  const available = new Map([
    ['MUG', new Map([['wh-berlin', 5], ['wh-lisbon', 1]])],
    ['BOWL', new Map([['wh-berlin', 0], ['wh-lisbon', 2]])],
  ]);

  it('those whose available stock covers every line, in the warehouses order', () => {
    expect(warehousesCovering([{ sku: 'MUG', quantity: 1 }, { sku: 'BOWL', quantity: 2 }], available, WAREHOUSES)).toEqual(['wh-lisbon']);
    expect(warehousesCovering([{ sku: 'MUG', quantity: 2 }], available, WAREHOUSES)).toEqual(['wh-berlin']);
    expect(warehousesCovering([{ sku: 'MUG', quantity: 6 }], available, WAREHOUSES)).toEqual([]);
    expect(warehousesCovering([{ sku: 'NOPE', quantity: 1 }], available, WAREHOUSES)).toEqual([]);
  });

  it("the store's default warehouse is the first in id order, `default` while none is defined", () => {
    expect(defaultWarehouseId(WAREHOUSES)).toBe('wh-berlin');
    expect(defaultWarehouseId([])).toBe('default');
  });
});

describe('the audit row', () => {
  it('keeps who, when, why, the reference and the before and after at the warehouse', () => {
    const cause = { kind: 'ADJUST' as const, actor: 'picker-pia', reason: 'DAMAGED: dropped pallet', ref: 'adj-1' };
    expect(movementAudit('MUG', 'wh-berlin', cause, { onHand: 10, reserved: 2, inTransitIn: 0 }, { onHand: 7, reserved: 2, inTransitIn: 0 }, NOW)).toEqual({
      sku: 'MUG',
      warehouseId: 'wh-berlin',
      ...cause,
      at: NOW.toISOString(),
      delta: { onHand: -3, reserved: 0 },
      before: { onHand: 10, reserved: 2 },
      after: { onHand: 7, reserved: 2 },
    });
    expect(movementAudit('MUG', 'wh-berlin', cause, { onHand: 10, reserved: 2, inTransitIn: 0 }, { onHand: 7, reserved: 2, inTransitIn: 0 }, NOW, true)).toMatchObject({ placed: true });
  });
});

describe('a transfer', () => {
  const request = { sku: 'MUG', from: 'wh-berlin', to: 'wh-lisbon', quantity: 4, reason: 'stock Lisbon for same-day' };

  it('goes in transit between two known warehouses', () => {
    expect(requestTransfer('01J0TRANSFER00000000000000', request, WAREHOUSES, 'op-1', NOW)).toEqual({
      transferId: '01J0TRANSFER00000000000000', ...request, status: 'IN_TRANSIT', requestedBy: 'op-1', requestedAt: NOW.toISOString(),
    });
  });

  it.each([
    ['an unknown warehouse', { ...request, to: 'wh-paris' }, 'to'],
    ['the same warehouse twice', { ...request, to: 'wh-berlin' }, 'to'],
  ])('is refused (400) for %s', (_, bad, field) => {
    const refusal = (() => {
      try {
        requestTransfer('t', bad, WAREHOUSES, 'op-1', NOW);
      } catch (err) {
        return err;
      }
    })();
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ kind: 'validation', fieldErrors: [expect.objectContaining({ field })] });
  });
});
