import { describe, expect, it } from 'vitest';
import { cancelOrder, holdsStock, packOrder, recordAuthorization, requestAuthorization, reserveOrderStock } from '../../../shared/domain/orders/fulfilment';
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

describe('reserveOrderStock', () => {
  it('moves a PENDING order to STOCK_RESERVED holding every line, and names the lines to reserve', () => {
    const decision = reserveOrderStock(order(), NOW);
    expect(decision.next).toMatchObject({ status: 'STOCK_RESERVED', stockHold: 'RESERVED', updatedAt: NOW.toISOString() });
    expect(decision.stock).toEqual({ movement: 'reserve', warehouseId: 'berlin-hub', lines: [{ sku: 'TEE-M', quantity: 2 }, { sku: 'MUG', quantity: 1 }] });
  });

  it('changes nothing when the order holds (or held) stock already: a step run twice', () => {
    for (const stockHold of ['RESERVED', 'RELEASED', 'SHIPPED'] as const) expect(reserveOrderStock(order('STOCK_RESERVED', { stockHold }), NOW)).toEqual({});
  });

  it('stops on a cancelled order with OrderCancelled', () => {
    expect(() => reserveOrderStock(order('CANCELLED'), NOW)).toThrow(expect.objectContaining({ code: 'OrderCancelled' }));
  });

  it('says whether the order holds its stock', () => {
    expect([holdsStock({ stockHold: 'RESERVED' }), holdsStock({ stockHold: 'SHIPPED' }), holdsStock({ stockHold: 'RELEASED' }), holdsStock({ stockHold: 'NONE' })]).toEqual([true, true, false, false]);
  });
});

describe('requestAuthorization and recordAuthorization', () => {
  it('records the request before the provider is asked, once', () => {
    const first = requestAuthorization(order('STOCK_RESERVED'), NOW);
    expect(first).toMatchObject({ settled: false, next: { payment: { status: 'PENDING', authorizationRequestedAt: NOW.toISOString() } } });
    expect(requestAuthorization(first.next!, NOW)).toEqual({ settled: false });
  });

  it('answers from the order when the payment was decided already, and stops on a cancelled order', () => {
    expect(requestAuthorization(order('PAYMENT_AUTHORIZED', { payment: { ...order().payment, status: 'AUTHORIZED' } }), NOW)).toEqual({ settled: true });
    expect(() => requestAuthorization(order('CANCELLED'), NOW)).toThrow(expect.objectContaining({ code: 'OrderCancelled' }));
  });

  it('records an authorization as PAYMENT_AUTHORIZED with its id, a decline as DECLINED with its reason', () => {
    const authorized = recordAuthorization(order('STOCK_RESERVED'), { outcome: 'AUTHORIZED', authorizationId: 'auth_1', amount: { amount: 6667, currency: 'EUR' }, authorizedAt: NOW.toISOString() }, NOW);
    expect(authorized.next).toMatchObject({ status: 'PAYMENT_AUTHORIZED', payment: { status: 'AUTHORIZED', authorizationId: 'auth_1', authorizedAt: NOW.toISOString() } });
    const declined = recordAuthorization(order('STOCK_RESERVED'), { outcome: 'DECLINED', reason: 'CARD_DECLINED', retryable: false, message: 'no' }, NOW);
    expect(declined.next).toMatchObject({ status: 'STOCK_RESERVED', payment: { status: 'DECLINED', declineReason: 'CARD_DECLINED' }, updatedAt: NOW.toISOString() });
  });

  it('records nothing twice', () => {
    const settled = order('PAYMENT_AUTHORIZED', { payment: { ...order().payment, status: 'AUTHORIZED' } });
    expect(recordAuthorization(settled, { outcome: 'DECLINED', reason: 'CARD_DECLINED', retryable: false, message: 'no' }, NOW)).toEqual({});
  });
});

describe('cancelOrder', () => {
  it('cancels before packing: CANCELLED with the reason, OrderCancelled, and the packing wait stopped', () => {
    const decision = cancelOrder(order('AWAITING_PACKING'), 'cust-1', 'Changed my mind', NOW);
    expect(decision.next).toMatchObject({ status: 'CANCELLED' });
    expect(decision.next!.timeline.at(-1)).toEqual({ at: NOW.toISOString(), status: 'CANCELLED', reason: 'CUSTOMER_REQUEST', note: 'Changed my mind' });
    expect(decision.events?.map((event) => event.detailType)).toEqual(['OrderCancelled']);
    expect(decision.effects).toEqual(['STOP_PACKING_WAIT']);
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
