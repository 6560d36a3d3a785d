import { describe, expect, it } from 'vitest';
import { cancelOrder, packOrder } from '../../../shared/domain/orders/fulfilment';
import type { Order, OrderStatus } from '../../../shared/domain/orders/order';
import { priceCart } from '../../../shared/domain/orders/pricing';

const NOW = new Date('2030-07-03T10:00:00.000Z');

const order = (status: OrderStatus = 'PENDING', overrides: Partial<Order> = {}): Order => ({
  orderId: '01J0ORDER',
  customerId: 'cust-1',
  status,
  price: priceCart([{ sku: 'TEE-M', quantity: 2 }, { sku: 'MUG', quantity: 1 }], [{ sku: 'TEE-M', unitPrice: { amount: 2499, currency: 'EUR' } }, { sku: 'MUG', unitPrice: { amount: 999, currency: 'EUR' } }], [], { amount: 670, currency: 'EUR' }),
  shippingAddress: { name: 'Ada', line1: 'Invalidenstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  serviceLevel: 'STANDARD',
  promisedBy: '2030-07-05',
  warehouseId: 'berlin-hub',
  estimatedWeightGrams: 400,
  stockHold: 'NONE',
  payment: { status: 'PENDING', method: '•••• 4242', amount: { amount: 6667, currency: 'EUR' }, idempotencyKey: 'payment-01J0ORDER' },
  shipments: [],
  timeline: [{ at: '2030-07-03T09:00:00.000Z', status }],
  createdAt: '2030-07-03T09:00:00.000Z',
  updatedAt: '2030-07-03T09:00:00.000Z',
  ...overrides,
});

describe('cancelOrder', () => {
  it('cancels before packing: CANCELLED with the reason, OrderCancelled, and the packing wait stopped', () => {
    const decision = cancelOrder(order('AWAITING_PACKING'), 'cust-1', 'Changed my mind', NOW);
    expect(decision.next).toMatchObject({ status: 'CANCELLED' });
    expect(decision.next!.timeline.at(-1)).toEqual({ at: NOW.toISOString(), status: 'CANCELLED', reason: 'CUSTOMER_REQUEST', note: 'Changed my mind' });
    expect(decision.events?.map((event) => event.detailType)).toEqual(['OrderCancelled']);
    expect(decision.effects).toEqual(['STOP_PACKING_WAIT']);
  });

  it('refuses a replacement to its own customer (it settles a return), and lets an operator cancel it', () => {
    const replacement = order('AWAITING_PACKING', { replacementFor: { returnId: 'RET-1', orderId: '01J0ORIGINAL' } });
    expect(() => cancelOrder(replacement, 'cust-1', 'Changed my mind', NOW)).toThrow(expect.objectContaining({ code: 'ReplacementNotCancellable', kind: 'conflict' }));
    expect(cancelOrder(replacement, 'operator-olga', 'Settled by a refund instead', NOW).next).toMatchObject({ status: 'CANCELLED' });
  });

  it('changes nothing for an order cancelled already, and refuses a packed one', () => {
    expect(cancelOrder(order('CANCELLED'), 'cust-1', undefined, NOW)).toEqual({});
    expect(() => cancelOrder(order('PACKED'), 'cust-1', undefined, NOW)).toThrow(expect.objectContaining({ code: 'OrderAlreadyPacked' }));
  });
});

describe('packOrder', () => {
  const parcel = { weightGrams: 520, dimensions: { lengthMm: 300, widthMm: 200, heightMm: 100 } };

  it('moves an order awaiting packing to PACKED with the parcel, who packed it and when, and stops the packing wait', () => {
    const decision = packOrder(order('AWAITING_PACKING'), parcel, 'wh-1', NOW);
    expect(decision.next).toMatchObject({ status: 'PACKED', packed: { ...parcel, packedAt: NOW.toISOString(), packedBy: 'wh-1' }, updatedAt: NOW.toISOString() });
    expect(decision.effects).toEqual(['STOP_PACKING_WAIT']);
    expect(decision.events ?? []).toEqual([]);
  });

  it('refuses any other order with OrderNotAwaitingPacking (packed already, cancelled, not yet allocated)', () => {
    for (const status of ['PACKED', 'CANCELLED', 'CARRIER_ALLOCATED'] as const) {
      expect(() => packOrder(order(status), parcel, 'wh-1', NOW)).toThrow(expect.objectContaining({ code: 'OrderNotAwaitingPacking' }));
    }
  });
});
