import { describe, expect, it } from 'vitest';
import { mergeCounterAdds } from '../../../shared/domain/analytics/counters';
import { placedOrderCounters, recordCustomerOrder, refundCounters, returnedCounters, type PlacedOrder } from '../../../shared/domain/analytics/orders';

const order = (over: Partial<PlacedOrder> = {}): PlacedOrder => ({
  orderId: 'o1',
  customerId: 'c1',
  day: '2030-06-10',
  region: 'DE',
  currency: 'EUR',
  totalMinor: 3497,
  lines: [
    { sku: 'MUG', quantity: 2, revenueMinor: 1998, costMinor: 800, categoryId: 'kitchen' },
    { sku: 'TEE', quantity: 1, revenueMinor: 999, costMinor: 400, categoryId: 'apparel' },
  ],
  ...over,
});
const totals = (adds: Parameters<typeof mergeCounterAdds>[0]) => Object.fromEntries(mergeCounterAdds(adds).map(({ day, dimension, add }) => [`${day} ${dimension}`, add]));

describe('a placed order', () => {
  it('adds revenue (the total), units, cost of the costed lines, per SKU, category and region', () => {
    expect(totals(placedOrderCounters(order()))).toEqual({
      '2030-06-10 TOTAL': { orders: 1, revenueMinor: 3497, unitsSold: 3, costedRevenueMinor: 2997, costMinor: 1200 },
      '2030-06-10 REGION#DE': { orders: 1, revenueMinor: 3497 },
      '2030-06-10 SKU#MUG': { unitsSold: 2, revenueMinor: 1998, orders: 1, costMinor: 800, costedRevenueMinor: 1998 },
      '2030-06-10 CATEGORY#kitchen': { unitsSold: 2, revenueMinor: 1998 },
      '2030-06-10 SKU#TEE': { unitsSold: 1, revenueMinor: 999, orders: 1, costMinor: 400, costedRevenueMinor: 999 },
      '2030-06-10 CATEGORY#apparel': { unitsSold: 1, revenueMinor: 999 },
    });
  });

  it('an order with a line of unknown cost counts no margin for the order, only for its costed SKUs', () => {
    const counters = totals(placedOrderCounters(order({ lines: [{ sku: 'MUG', quantity: 1, revenueMinor: 999 }] })));
    expect(counters['2030-06-10 TOTAL']).toEqual({ orders: 1, revenueMinor: 3497, unitsSold: 1, uncostedOrders: 1 });
  });
});

describe("a customer's orders", () => {
  it.each([
    ['a first order: new, and churn booked 90 days on', undefined, '2030-06-10', { '2030-06-10 TOTAL': { orderingCustomers: 1, newCustomers: 1 }, '2030-06-10 REGION#DE': { orderingCustomers: 1, newCustomers: 1 }, '2030-09-08 TOTAL': { churnedCustomers: 1 }, '2030-09-08 REGION#DE': { churnedCustomers: 1 } }],
    [
      'a later order before churn: returning, the booking moved',
      { lastOrderDay: '2030-06-01', churnDay: '2030-08-30' },
      '2030-06-10',
      {
        '2030-06-10 TOTAL': { orderingCustomers: 1, returningCustomers: 1 },
        '2030-06-10 REGION#DE': { orderingCustomers: 1, returningCustomers: 1 },
        '2030-08-30 TOTAL': { churnedCustomers: -1 },
        '2030-08-30 REGION#DE': { churnedCustomers: -1 },
        '2030-09-08 TOTAL': { churnedCustomers: 1 },
        '2030-09-08 REGION#DE': { churnedCustomers: 1 },
      },
    ],
    [
      'an order after the churn day: returning and reactivated, the past churn stays counted',
      { lastOrderDay: '2030-01-01', churnDay: '2030-04-01' },
      '2030-06-10',
      {
        '2030-06-10 TOTAL': { orderingCustomers: 1, returningCustomers: 1, reactivatedCustomers: 1 },
        '2030-06-10 REGION#DE': { orderingCustomers: 1, returningCustomers: 1 },
        '2030-09-08 TOTAL': { churnedCustomers: 1 },
        '2030-09-08 REGION#DE': { churnedCustomers: 1 },
      },
    ],
    ['a second order the same day: nothing changes', { lastOrderDay: '2030-06-10', churnDay: '2030-09-08' }, '2030-06-10', {}],
  ])('%s', (_, before, day, expected) => {
    const history = before && { customerId: 'c1', firstOrderDay: '2030-01-01', orders: 1, region: 'DE', version: 1, ...before };
    const recorded = recordCustomerOrder(order({ day }), history, 90);
    expect(totals(recorded.counters)).toEqual(expected);
    expect(recorded.customer).toMatchObject({ lastOrderDay: day, churnDay: '2030-09-08', orders: (history?.orders ?? 0) + 1 });
  });
});

describe('returns and refunds', () => {
  it('counts the units that came back in total and per SKU on their day, and a refund on the day it was paid', () => {
    expect(returnedCounters('2030-06-10', [{ sku: 'MUG', quantity: 2 }, { sku: 'TEE', quantity: 0 }])).toEqual([
      { day: '2030-06-10', dimension: 'TOTAL', add: { returnedUnits: 2 } },
      { day: '2030-06-10', dimension: 'SKU#MUG', add: { returnedUnits: 2 } },
    ]);
    expect(returnedCounters('2030-06-10', [])).toEqual([]);
    expect(refundCounters('2030-06-11', 4_000)).toEqual([{ day: '2030-06-11', dimension: 'TOTAL', add: { refunds: 1, refundsMinor: 4_000 } }]);
    expect(refundCounters('2030-06-11', 0)).toEqual([]);
  });
});
