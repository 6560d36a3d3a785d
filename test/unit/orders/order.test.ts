import { describe, expect, it } from 'vitest';
import {
  assertOrderTransition,
  canCancel,
  canTransitionOrder,
  cancellationFor,
  moveOrder,
  ORDER_STATUSES,
  TERMINAL_ORDER_STATUSES,
  type Order,
  type OrderStatus,
} from '../../../shared/domain/orders/order';
import { priceCart } from '../../../shared/domain/orders/pricing';

const HAPPY_PATH: readonly OrderStatus[] = [
  'PENDING',
  'STOCK_RESERVED',
  'PAYMENT_AUTHORIZED',
  'CARRIER_ALLOCATED',
  'AWAITING_PACKING',
  'PACKED',
  'SHIPPED',
  'IN_TRANSIT',
  'OUT_FOR_DELIVERY',
  'DELIVERED',
];

const placed = (): Order => ({
  orderId: '01J0ORDER',
  customerId: 'cust-1',
  status: 'PENDING',
  price: priceCart([{ sku: 'TEE-M', quantity: 1 }], [{ sku: 'TEE-M', unitPrice: { amount: 2499, currency: 'EUR' } }], [], { amount: 670, currency: 'EUR' }),
  shippingAddress: { name: 'Ada', line1: 'Invalidenstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  serviceLevel: 'STANDARD',
  promisedBy: '2030-07-05',
  warehouseId: 'berlin-hub',
  estimatedWeightGrams: 400,
  stockHold: 'NONE',
  payment: { status: 'PENDING', method: '•••• 4242', amount: { amount: 3169, currency: 'EUR' }, idempotencyKey: 'payment-01J0ORDER' },
  shipments: [],
  timeline: [{ at: '2030-07-03T09:00:00.000Z', status: 'PENDING' }],
  createdAt: '2030-07-03T09:00:00.000Z',
  updatedAt: '2030-07-03T09:00:00.000Z',
});

describe('order status machine', () => {
  it('walks the happy path from PENDING to DELIVERED, one timeline entry per move', () => {
    let order = placed();
    HAPPY_PATH.slice(1).forEach((status, i) => {
      order = moveOrder(order, status, new Date(Date.UTC(2030, 6, 3, 10 + i)));
    });
    expect(order.status).toBe('DELIVERED');
    expect(order.timeline.map((entry) => entry.status)).toEqual(HAPPY_PATH);
    expect(order.updatedAt).toBe('2030-07-03T18:00:00.000Z');
  });

  it.each<[OrderStatus, OrderStatus]>([
    ['SHIPPED', 'DELIVERED'], // the first scan can be the delivery
    ['SHIPPED', 'EXCEPTION'],
    ['OUT_FOR_DELIVERY', 'EXCEPTION'],
    ['EXCEPTION', 'IN_TRANSIT'], // the parcel moves again
    ['EXCEPTION', 'DELIVERED'],
    ['PENDING', 'REJECTED'], // out of stock
    ['STOCK_RESERVED', 'REJECTED'], // payment refused
    ['PAYMENT_AUTHORIZED', 'REJECTED'], // no carrier can take it
    ['AWAITING_PACKING', 'CANCELLED'],
    ['PACKED', 'FAILED'], // shipment creation or capture failed after retries
  ])('allows %s → %s', (from, to) => {
    expect(() => assertOrderTransition(from, to)).not.toThrow();
  });

  it.each<[OrderStatus, OrderStatus]>([
    ['PENDING', 'SHIPPED'],
    ['PENDING', 'PENDING'], // a repeated step checks `status === to` first
    ['PACKED', 'CANCELLED'],
    ['SHIPPED', 'PACKED'],
    ['OUT_FOR_DELIVERY', 'IN_TRANSIT'],
    ['SHIPPED', 'FAILED'], // after shipment, problems are EXCEPTIONs and returns
    ['DELIVERED', 'EXCEPTION'],
    ['CANCELLED', 'PENDING'],
    ['REJECTED', 'STOCK_RESERVED'],
  ])('refuses %s → %s with a 409', (from, to) => {
    expect(() => assertOrderTransition(from, to)).toThrow(expect.objectContaining({ kind: 'conflict', code: 'IllegalStatusTransition' }));
  });

  it('lets nothing leave a terminal status but a compensation left unfinished (NEEDS_ATTENTION, before shipping)', () => {
    for (const terminal of TERMINAL_ORDER_STATUSES) {
      expect(ORDER_STATUSES.filter((to) => canTransitionOrder(terminal, to)), terminal).toEqual(terminal === 'DELIVERED' ? [] : ['NEEDS_ATTENTION']);
    }
    expect(ORDER_STATUSES.filter((to) => canTransitionOrder('NEEDS_ATTENTION', to))).toEqual(['REJECTED', 'CANCELLED', 'FAILED']);
  });

  it('reaches every status from PENDING', () => {
    const reached = new Set<OrderStatus>(['PENDING']);
    for (let grew = true; grew; ) {
      const before = reached.size;
      for (const from of [...reached]) for (const to of ORDER_STATUSES) if (canTransitionOrder(from, to)) reached.add(to);
      grew = reached.size > before;
    }
    expect([...reached].sort()).toEqual([...ORDER_STATUSES].sort());
  });

  it('records the reason of a move and leaves the original order untouched', () => {
    const order = placed();
    const rejected = moveOrder(order, 'REJECTED', new Date('2030-07-03T09:00:05Z'), { reason: 'OUT_OF_STOCK', note: 'TEE-M: 0 available' });
    expect(rejected.timeline.at(-1)).toEqual({ at: '2030-07-03T09:00:05.000Z', status: 'REJECTED', reason: 'OUT_OF_STOCK', note: 'TEE-M: 0 available' });
    expect(order.status).toBe('PENDING');
    expect(order.timeline).toHaveLength(1);
  });

  it('refuses an illegal move', () => {
    expect(() => moveOrder(placed(), 'DELIVERED', new Date())).toThrow('An order cannot move from PENDING to DELIVERED');
  });
});

describe('cancelling', () => {
  it.each<[OrderStatus, boolean]>([
    ['PENDING', false],
    ['STOCK_RESERVED', false],
    ['PAYMENT_AUTHORIZED', false],
    ['CARRIER_ALLOCATED', false],
    ['AWAITING_PACKING', true],
    ['PACKED', false],
    ['SHIPPED', false],
    ['IN_TRANSIT', false],
    ['DELIVERED', false],
    ['EXCEPTION', false],
    ['CANCELLED', false],
    ['REJECTED', false],
    ['FAILED', false],
  ])('%s can be cancelled: %s', (status, expected) => {
    expect(canCancel(status)).toBe(expected);
    if (expected) expect(canTransitionOrder(status, 'CANCELLED')).toBe(true);
  });

  it('cancels before packing and treats a second cancel as already done', () => {
    expect(cancellationFor('o-1', 'AWAITING_PACKING')).toBe('CANCEL');
    expect(cancellationFor('o-1', 'CANCELLED')).toBe('ALREADY_CANCELLED');
  });

  it('asks to try again in a moment while the checkout in POST /orders still holds the order (409 OrderBeingPlaced)', () => {
    for (const status of ['PENDING', 'STOCK_RESERVED', 'PAYMENT_AUTHORIZED', 'CARRIER_ALLOCATED'] as const) {
      expect(() => cancellationFor('o-1', status)).toThrow(expect.objectContaining({ code: 'OrderBeingPlaced', kind: 'conflict' }));
    }
  });

  it.each<[OrderStatus, string]>([
    ['SHIPPED', 'OrderAlreadyShipped'],
    ['IN_TRANSIT', 'OrderAlreadyShipped'],
    ['EXCEPTION', 'OrderAlreadyShipped'],
    ['DELIVERED', 'OrderAlreadyShipped'],
    ['PACKED', 'OrderAlreadyPacked'],
  ])('refuses to cancel a %s order with a 409 %s that points to returns', (status, code) => {
    expect(() => cancellationFor('o-1', status)).toThrow(
      expect.objectContaining({ kind: 'conflict', code, message: expect.stringContaining('POST /orders/o-1/returns') }),
    );
  });

  it.each<OrderStatus>(['REJECTED', 'FAILED'])('refuses to cancel a %s order: there is nothing left to cancel', (status) => {
    expect(() => cancellationFor('o-1', status)).toThrow(expect.objectContaining({ kind: 'conflict', code: 'OrderClosed' }));
  });
});
