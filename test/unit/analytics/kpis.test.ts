import { describe, expect, it } from 'vitest';
import { sumDayCounters } from '../../../shared/domain/analytics/counters';
import { bestSellerContribution, dayKpis, growth, ratio } from '../../../shared/domain/analytics/kpis';

/** The worked example of docs/analytics.md ("A worked day"), split over two shards as the job reads it. */
const WORKED_DAY = sumDayCounters('2030-06-10', [
  { dimension: 'TOTAL', counters: { sessions: 120, engagedSessions: 50, pageViews: 300, visitors: 70, sessionSeconds: 12_000, productViews: 150, addToCarts: 20, checkouts: 8 } },
  { dimension: 'TOTAL', counters: { sessions: 80, engagedSessions: 40, pageViews: 200, visitors: 50, sessionSeconds: 8_000, productViews: 100, addToCarts: 20, checkouts: 4 } },
  { dimension: 'TOTAL', counters: { orders: 10, revenueMinor: 50_000, unitsSold: 25, costedRevenueMinor: 40_000, costMinor: 24_000, cancelledOrders: 1, cancelledRevenueMinor: 5_000 } },
  { dimension: 'TOTAL', counters: { orderingCustomers: 10, newCustomers: 4, returningCustomers: 6, churnedCustomers: 3, searches: 30, noResultSearches: 6 } },
  { dimension: 'SOURCE#google', counters: { sessions: 150, engagedSessions: 70 } },
  { dimension: 'SOURCE#direct', counters: { sessions: 50, engagedSessions: 20 } },
  { dimension: 'REGION#DE', counters: { sessions: 140, orders: 7, revenueMinor: 35_000, newCustomers: 3, returningCustomers: 4 } },
  { dimension: 'REGION#FR', counters: { sessions: 60, orders: 3, revenueMinor: 15_000, newCustomers: 1, returningCustomers: 2, churnedCustomers: 3 } },
  { dimension: 'SKU#MUG', counters: { views: 100, addToCarts: 15, orders: 6, unitsSold: 12, revenueMinor: 24_000, costedRevenueMinor: 24_000, costMinor: 12_000 } },
  { dimension: 'SKU#TEE', counters: { views: 80, addToCarts: 20, orders: 2, unitsSold: 3, revenueMinor: 6_000 } },
  { dimension: 'SKU#CAP', counters: { views: 70, addToCarts: 1 } },
  { dimension: 'CATEGORY#kitchen', counters: { views: 100, addToCarts: 15, unitsSold: 12, revenueMinor: 24_000 } },
]);

const context = {
  currency: 'EUR',
  revenueBefore: { day: 40_000, week: 62_500, year: undefined },
  stock: new Map([['MUG', { available: 48, dailyDemand: 8, leadTimeDays: 10 }]]),
  liveSkus: 4,
};

describe('the KPI formulas, on the worked day', () => {
  const { card, skus, categories } = dayKpis(WORKED_DAY, context);

  it('traffic: sessions, bounce = 1 − engaged/sessions, average duration, conversion = orders/sessions', () => {
    expect(card.traffic).toMatchObject({ sessions: 200, engagedSessions: 90, pageViews: 500, visitors: 120, bounceRate: 0.55, averageSessionSeconds: 100, conversionRate: 0.05 });
    expect(card.traffic.sources).toEqual([
      { source: 'google', sessions: 150, engagedSessions: 70 },
      { source: 'direct', sessions: 50, engagedSessions: 20 },
    ]);
  });

  it('sales: AOV, margin over the costed lines, net revenue, growth day over day and week over week', () => {
    expect(card.sales).toMatchObject({
      orders: 10,
      revenueMinor: 50_000,
      netRevenueMinor: 45_000,
      units: 25,
      averageOrderValueMinor: 5_000,
      grossMarginMinor: 16_000,
      marginRate: 0.4,
      growth: { dayOverDay: 0.25, weekOverWeek: -0.2, yearOverYear: null },
      refundsMinor: 0,
      returnRate: 0,
    });
  });

  it('returns: units back ÷ units sold that day, in total and per SKU, and the refunds paid', () => {
    const day = sumDayCounters('2030-06-10', [
      { dimension: 'TOTAL', counters: { unitsSold: 25, returnedUnits: 2, refunds: 1, refundsMinor: 4_000 } },
      { dimension: 'SKU#MUG', counters: { unitsSold: 12, returnedUnits: 2 } },
      { dimension: 'SKU#CAP', counters: { returnedUnits: 1 } },
    ]);
    const { card: returned, skus: bySku } = dayKpis(day, context);
    expect(returned.sales).toMatchObject({ refundsMinor: 4_000, returnRate: 0.08 });
    // CAP came back on a day none sold: counted, but no rate.
    expect(bySku.map((sku) => [sku.sku, sku.returnedUnits, sku.returnRate]).sort()).toEqual([
      ['CAP', 1, null],
      ['MUG', 2, 0.1667],
    ]);
  });

  it('customers: new share, repeat purchase rate, churned, region mix by revenue', () => {
    expect(card.customers).toMatchObject({ orderingCustomers: 10, newCustomerShare: 0.4, repeatPurchaseRate: 0.6, churnedCustomers: 3 });
    expect(card.customers.regions.map((region) => [region.region, region.revenueShare])).toEqual([
      ['DE', 0.7],
      ['FR', 0.3],
    ]);
  });

  it('products: add-to-cart rate, cart-to-order, checkout conversion, activity, best-seller contribution', () => {
    expect(card.products).toMatchObject({
      productViews: 250,
      addToCarts: 40,
      addToCartRate: 0.16,
      cartToOrderRate: 0.25,
      checkoutConversion: 0.8333,
      skusSold: 2,
      skuActivityRate: 0.5,
      bestSellerContribution: 1,
      noResultSearches: 6,
    });
  });

  it('per SKU: rates, sell-through and stock cover from the stock record; best revenue first', () => {
    expect(skus.map((sku) => sku.sku)).toEqual(['MUG', 'TEE', 'CAP']);
    expect(skus[0]).toEqual({
      sku: 'MUG',
      views: 100,
      addToCarts: 15,
      orders: 6,
      units: 12,
      revenueMinor: 24_000,
      marginRate: 0.5,
      addToCartRate: 0.15,
      cartToOrderRate: 0.4,
      sellThroughRate: 0.2,
      stockCoverDays: 6,
      leadTimeDays: 10,
      returnedUnits: 0,
      returnRate: 0,
    });
    expect(skus[1]).toMatchObject({ sku: 'TEE', marginRate: null, sellThroughRate: null, stockCoverDays: null, cartToOrderRate: 0.1 });
    expect(categories).toEqual([{ categoryId: 'kitchen', views: 100, addToCarts: 15, units: 12, revenueMinor: 24_000, revenueShare: 0.48 }]);
  });

  it('a day without traffic has null rates, not zeros', () => {
    const empty = dayKpis(sumDayCounters('2030-06-11', []), { ...context, revenueBefore: {} }).card;
    expect(empty.traffic).toMatchObject({ sessions: 0, bounceRate: null, averageSessionSeconds: null, conversionRate: null });
    expect(empty.sales).toMatchObject({ orders: 0, averageOrderValueMinor: null, marginRate: null, growth: { dayOverDay: null } });
  });
});

describe('the ratio helpers', () => {
  it.each([
    [1, 3, 0.3333],
    [0, 5, 0],
    [5, 0, null],
  ])('ratio(%d, %d) = %s', (part, whole, expected) => expect(ratio(part, whole)).toBe(expected));

  it.each([
    [120, 100, 0.2],
    [80, 100, -0.2],
    [80, 0, null],
    [80, undefined, null],
  ])('growth(%d over %s) = %s', (now, before, expected) => expect(growth(now, before)).toBe(expected));

  it("best-seller contribution is the top 10 SKUs' share of SKU revenue", () => {
    const skus = Array.from({ length: 12 }, (_, i) => ({ revenueMinor: i < 10 ? 100 : 50 }));
    expect(bestSellerContribution(skus)).toBe(ratio(1000, 1100));
  });
});
