import { describe, expect, it } from 'vitest';
import { applyTracking } from '../../../shared/domain/orders/order-tracking';
import type { Order, OrderShipment, OrderStatus } from '../../../shared/domain/orders/order';
import { priceCart } from '../../../shared/domain/orders/pricing';
import { NO_TRACKING } from '../../../shared/domain/orders/tracking';

const NOW = new Date('2030-07-04T10:00:00.000Z');

const parcel = (trackingNumber: string): OrderShipment => ({
  carrierId: 'rheinpost',
  trackingNumber,
  labelUrl: `https://labels.example/${trackingNumber}`,
  weightGrams: 400,
  dimensions: { lengthMm: 300, widthMm: 200, heightMm: 100 },
  createdAt: '2030-07-03T12:00:00.000Z',
  tracking: NO_TRACKING,
});

const shipped = (trackingNumbers: readonly string[], status: OrderStatus = 'SHIPPED'): Order => ({
  orderId: '01J0ORDER',
  customerId: 'cust-1',
  status,
  price: priceCart([{ sku: 'TEE-M', quantity: 1 }], [{ sku: 'TEE-M', unitPrice: { amount: 2499, currency: 'EUR' } }], [], { amount: 670, currency: 'EUR' }),
  shippingAddress: { name: 'Ada', line1: 'Invalidenstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  serviceLevel: 'STANDARD',
  promisedBy: '2030-07-05',
  warehouseId: 'berlin-hub',
  estimatedWeightGrams: 400,
  stockHold: 'SHIPPED',
  payment: { status: 'CAPTURED', method: '•••• 4242', amount: { amount: 3169, currency: 'EUR' }, idempotencyKey: 'payment-01J0ORDER' },
  shipments: trackingNumbers.map(parcel),
  timeline: [{ at: '2030-07-03T12:00:00.000Z', status }],
  createdAt: '2030-07-03T09:00:00.000Z',
  updatedAt: '2030-07-03T12:00:00.000Z',
});

const scan = (eventId: string, status: 'IN_TRANSIT' | 'DELIVERED' | 'EXCEPTION', occurredAt = '2030-07-04T09:00:00Z') => ({ eventId, status, occurredAt, description: `${status} scan` });

describe('applyTracking', () => {
  it('moves a one-parcel order as its parcel, with the customer’s news', () => {
    const decision = applyTracking(shipped(['P1']), 'P1', scan('e1', 'IN_TRANSIT'), NOW);
    expect(decision.effect).toBe('STATUS_CHANGED');
    expect(decision.next).toMatchObject({ status: 'IN_TRANSIT', updatedAt: NOW.toISOString() });
    expect(decision.next!.shipments[0]!.tracking.status).toBe('IN_TRANSIT');
    expect(decision.events?.map((event) => event.detailType)).toEqual(['OrderInTransit']);
    expect(decision.effects).toBeUndefined();
  });

  it('completes the order when its parcel is DELIVERED, waking nothing (the workflow ended at shipment)', () => {
    const decision = applyTracking(shipped(['P1']), 'P1', scan('e1', 'DELIVERED'), NOW);
    expect(decision.next?.status).toBe('DELIVERED');
    expect(decision.events?.map((event) => event.detailType)).toEqual(['OrderDelivered']);
    expect(decision.effects).toBeUndefined();
  });

  it('moves an order of several parcels as the least advanced one: one delivered parcel records, nobody hears', () => {
    const decision = applyTracking(shipped(['P1', 'P2']), 'P1', scan('e1', 'DELIVERED'), NOW);
    expect(decision.effect).toBe('STATUS_CHANGED');
    expect(decision.next).toMatchObject({ status: 'SHIPPED' });
    expect(decision.next!.shipments.map((shipment) => shipment.tracking.status)).toEqual(['DELIVERED', undefined]);
    expect(decision.events).toEqual([]);
    expect(decision.effects).toBeUndefined();
  });

  it('changes nothing for an event seen before', () => {
    const once = applyTracking(shipped(['P1']), 'P1', scan('e1', 'IN_TRANSIT'), NOW);
    expect(applyTracking(once.next!, 'P1', scan('e1', 'IN_TRANSIT'), NOW)).toEqual({ effect: 'DUPLICATE' });
  });

  it('refuses an update for a parcel the order has not recorded yet (the carrier retries)', () => {
    expect(() => applyTracking(shipped(['P1']), 'P9', scan('e1', 'IN_TRANSIT'), NOW)).toThrow(expect.objectContaining({ code: 'ShipmentNotRecorded' }));
  });
});
