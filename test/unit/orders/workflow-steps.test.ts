/**
 * The decisions of the order workflow's steps and of the sweeper (fulfilment.ts, attention.ts): each takes
 * the order as read and returns the next order, its events and its stock movement — nothing when the step's
 * result is already there (a step run twice), and OrderCancelled for a forward step on a cancelled order.
 */
import { describe, expect, it } from 'vitest';
import { closeAttention, flagNeedsAttention, parkStalled, raiseDeliveryOverdue } from '../../../shared/domain/orders/attention';
import {
  awaitPacking,
  failOrder,
  raisePackingOverdue,
  recordCapture,
  recordShipments,
  recordVoid,
  releaseOrderStock,
  shipOrder,
} from '../../../shared/domain/orders/fulfilment';
import type { Order, OrderStatus } from '../../../shared/domain/orders/order';
import { priceCart } from '../../../shared/domain/orders/pricing';
import { NO_TRACKING } from '../../../shared/domain/orders/tracking';

const NOW = new Date('2030-07-03T10:00:00.000Z');
const LINES = [
  { sku: 'TEE-M', quantity: 2 },
  { sku: 'MUG', quantity: 1 },
];

const order = (status: OrderStatus, overrides: Partial<Order> = {}): Order => ({
  orderId: '01J0ORDER',
  customerId: 'cust-1',
  status,
  price: priceCart(LINES, [{ sku: 'TEE-M', unitPrice: { amount: 2499, currency: 'EUR' } }, { sku: 'MUG', unitPrice: { amount: 999, currency: 'EUR' } }], [], { amount: 670, currency: 'EUR' }),
  shippingAddress: { name: 'Ada', line1: 'Invalidenstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  serviceLevel: 'STANDARD',
  promisedBy: '2030-07-05',
  warehouseId: 'berlin-hub',
  estimatedWeightGrams: 400,
  stockHold: 'RESERVED',
  payment: { status: 'AUTHORIZED', method: '•••• 4242', amount: { amount: 6667, currency: 'EUR' }, idempotencyKey: 'payment-01J0ORDER', authorizationId: 'auth-1' },
  shipments: [],
  timeline: [{ at: '2030-07-03T09:00:00.000Z', status }],
  createdAt: '2030-07-03T09:00:00.000Z',
  updatedAt: '2030-07-03T09:00:00.000Z',
  ...overrides,
});

const PARCEL = { weightGrams: 900, dimensions: { lengthMm: 300, widthMm: 200, heightMm: 100 } };
const shipment = (trackingNumber: string) => ({ carrierId: 'rheinpost', trackingNumber, labelUrl: `https://labels/${trackingNumber}.pdf`, ...PARCEL, createdAt: NOW.toISOString(), tracking: NO_TRACKING });
const cancelled = expect.objectContaining({ code: 'OrderCancelled' });

describe('forward steps', () => {
  it('RequestPacking: AWAITING_PACKING (kept when already there); an order packed meanwhile is handed on', () => {
    expect(awaitPacking(order('CARRIER_ALLOCATED'), NOW)).toMatchObject({ packed: false, next: { status: 'AWAITING_PACKING' } });
    const waiting = order('AWAITING_PACKING');
    expect(awaitPacking(waiting, NOW)).toEqual({ packed: false, next: waiting });
    expect(awaitPacking(order('PACKED'), NOW)).toEqual({ packed: true });
    expect(() => awaitPacking(order('CANCELLED'), NOW)).toThrow(cancelled);
  });

  it('CreateShipment: one shipment per parcel not recorded yet, nothing for a retry that booked the same', () => {
    const booked = [
      { trackingNumber: 'RHE1', labelUrl: 'https://labels/RHE1.pdf', ...PARCEL },
      { trackingNumber: 'RHE2', labelUrl: 'https://labels/RHE2.pdf', ...PARCEL },
    ];
    const first = recordShipments(order('PACKED', { shipments: [shipment('RHE1')] }), 'rheinpost', booked, NOW);
    expect(first.next?.shipments.map(({ trackingNumber }) => trackingNumber)).toEqual(['RHE1', 'RHE2']);
    expect(first.next?.shipments[1]).toEqual(shipment('RHE2'));
    expect(recordShipments(order('PACKED', { shipments: [shipment('RHE1'), shipment('RHE2')] }), 'rheinpost', booked, NOW)).toEqual({});
    expect(() => recordShipments(order('CANCELLED'), 'rheinpost', booked, NOW)).toThrow(cancelled);
  });

  it('CapturePayment: CAPTURED with the provider capture, once', () => {
    const decision = recordCapture(order('PACKED'), { captureId: 'cap-1', capturedAt: NOW.toISOString() }, NOW);
    expect(decision.next?.payment).toMatchObject({ status: 'CAPTURED', captureId: 'cap-1', capturedAt: NOW.toISOString(), authorizationId: 'auth-1' });
    expect(recordCapture(order('PACKED', { payment: { ...order('PACKED').payment, status: 'CAPTURED' } }), { captureId: 'cap-2', capturedAt: NOW.toISOString() }, NOW)).toEqual({});
  });

  it('MarkShipped: SHIPPED with OrderShipped and every line moved from reserved to shipped; once', () => {
    const packed = order('PACKED', { shipments: [shipment('RHE1')] });
    const decision = shipOrder(packed, NOW);
    expect(decision.next).toMatchObject({ status: 'SHIPPED', stockHold: 'SHIPPED' });
    expect(decision.stock).toEqual({ movement: 'ship', warehouseId: 'berlin-hub', lines: LINES });
    expect(decision.events?.map(({ detailType }) => detailType)).toEqual(['OrderShipped']);
    // The ship-by date the order promised goes with it (analytics counts on-time shipments by it).
    expect(shipOrder({ ...packed, shipBy: '2030-07-03' }, NOW).events?.[0]?.detail).toMatchObject({ shipBy: '2030-07-03' });
    expect(decision.events?.[0]?.detail).not.toHaveProperty('shipBy');
    expect(shipOrder({ ...packed, status: 'SHIPPED', stockHold: 'SHIPPED' }, NOW)).toEqual({});
    expect(() => shipOrder(order('CANCELLED'), NOW)).toThrow(cancelled);
  });
});

describe('compensations and alerts (they run on cancelled orders too)', () => {
  it('ReleaseStock: RELEASED and every line back to available; nothing for an order holding nothing or shipped', () => {
    const decision = releaseOrderStock(order('CANCELLED'), NOW);
    expect(decision.next).toMatchObject({ status: 'CANCELLED', stockHold: 'RELEASED', updatedAt: NOW.toISOString() });
    expect(decision.stock).toEqual({ movement: 'release', warehouseId: 'berlin-hub', lines: LINES });
    for (const stockHold of ['NONE', 'RELEASED', 'SHIPPED'] as const) expect(releaseOrderStock(order('CANCELLED', { stockHold }), NOW)).toEqual({});
  });

  it('VoidPayment: VOIDED for an authorization or one merely asked for; the leftovers of an order needing attention follow', () => {
    expect(recordVoid(order('CANCELLED'), NOW.toISOString(), NOW).next?.payment).toMatchObject({ status: 'VOIDED', voidedAt: NOW.toISOString() });
    const asked = order('FAILED', { payment: { ...order('FAILED').payment, status: 'PENDING', authorizationRequestedAt: NOW.toISOString() } });
    expect(recordVoid(asked, NOW.toISOString(), NOW).next?.payment.status).toBe('VOIDED');
    expect(recordVoid(order('FAILED', { payment: { ...order('FAILED').payment, status: 'PENDING' } }), NOW.toISOString(), NOW)).toEqual({});
    expect(recordVoid(order('SHIPPED', { payment: { ...order('SHIPPED').payment, status: 'CAPTURED' } }), NOW.toISOString(), NOW)).toEqual({});
    const parked = flagNeedsAttention(order('FAILED', { stockHold: 'RELEASED' }), { reason: 'COMPENSATION_FAILED' }, NOW).next!;
    expect(parked.attention?.authorizationOpen).toBe(true);
    expect(recordVoid(parked, NOW.toISOString(), NOW).next?.attention?.authorizationOpen).toBe(false);
  });

  it('PackingOverdue and DeliveryOverdue: one alert each per order', () => {
    const late = raisePackingOverdue(order('AWAITING_PACKING'), 5400, NOW);
    expect(late.next?.alertsRaised).toEqual(['PACKING_OVERDUE']);
    expect(late.events?.[0]).toMatchObject({ detailType: 'PackingOverdue', detail: { waitedSeconds: 5400 } });
    expect(raisePackingOverdue(late.next!, 9000, NOW)).toEqual({});
    const overdue = raiseDeliveryOverdue(order('IN_TRANSIT', { shipments: [shipment('RHE1')] }), NOW);
    expect(overdue.events?.[0]).toMatchObject({ detailType: 'DeliveryOverdue', detail: { trackingNumber: 'RHE1' } });
    expect(raiseDeliveryOverdue(overdue.next!, NOW)).toEqual({});
    expect(raiseDeliveryOverdue(order('DELIVERED'), NOW)).toEqual({});
  });

  it('MarkOrderFailed: FAILED with OrderFailed saying what was undone; a shipped order keeps its status; once', () => {
    const failed = failOrder(order('PACKED', { stockHold: 'RELEASED', payment: { ...order('PACKED').payment, status: 'VOIDED' } }), 'Lambda.Unknown', NOW);
    expect(failed.next).toMatchObject({ status: 'FAILED', alertsRaised: ['ORDER_FAILED'] });
    expect(failed.events?.[0]?.detail).toMatchObject({ error: 'Lambda.Unknown', compensation: 'stock released, payment voided' });
    expect(failOrder(order('SHIPPED', { shipments: [shipment('RHE1')] }), 'X', NOW).next?.status).toBe('SHIPPED');
    expect(failOrder(failed.next!, 'Lambda.Unknown', NOW)).toEqual({});
  });
});

describe('orders needing attention', () => {
  it('MarkNeedsAttention: NEEDS_ATTENTION with what is left and OrderNeedsAttention; once', () => {
    const decision = flagNeedsAttention(order('CANCELLED'), { reason: 'COMPENSATION_FAILED', error: 'States.Timeout' }, NOW);
    expect(decision.next).toMatchObject({ status: 'NEEDS_ATTENTION', attention: { reservedUnits: 3, authorizationOpen: true, resolveTo: 'CANCELLED' } });
    expect(decision.events?.[0]?.detail).toMatchObject({ error: 'States.Timeout', reservedUnits: 3, authorizationOpen: true });
    expect(flagNeedsAttention(decision.next!, { reason: 'COMPENSATION_FAILED' }, NOW)).toEqual({});
  });

  it('the sweeper parks only an order that stalled, and closes one once nothing is left', () => {
    const staleAfterMs = 15 * 60_000;
    const stalled = order('STOCK_RESERVED', { updatedAt: new Date(NOW.getTime() - staleAfterMs).toISOString() });
    expect(parkStalled(stalled, NOW, staleAfterMs).next?.attention).toMatchObject({ reason: 'WORKFLOW_STALLED', error: 'WorkflowStalled', resolveTo: 'FAILED' });
    expect(parkStalled(order('STOCK_RESERVED', { updatedAt: NOW.toISOString() }), NOW, staleAfterMs)).toEqual({});

    const parked = parkStalled(stalled, NOW, staleAfterMs).next!;
    expect(() => closeAttention(parked, NOW)).toThrow(/still holds stock or an authorization/);
    const released = releaseOrderStock(parked, NOW).next!;
    const cleared = recordVoid(released, NOW.toISOString(), NOW).next!;
    const closed = closeAttention(cleared, NOW);
    expect(closed.next).toMatchObject({ status: 'FAILED', attention: { reservedUnits: 0, authorizationOpen: false, resolvedAt: NOW.toISOString() } });
    expect(closed.events?.map(({ detailType }) => detailType)).toEqual(['OrderAttentionResolved']);
    expect(closeAttention(closed.next!, NOW)).toEqual({});
  });
});
