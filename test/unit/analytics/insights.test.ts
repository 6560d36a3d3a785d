import { describe, expect, it } from 'vitest';
import { changedRule, DEFAULT_INSIGHT_RULES, effectiveRules, insightsOf, type InsightInput } from '../../../shared/domain/analytics/insights';
import type { KpiCard, SkuKpis } from '../../../shared/domain/analytics/kpis';
import { DomainError } from '../../../shared/domain/errors';

const sku = (over: Partial<SkuKpis>): SkuKpis => ({
  sku: 'MUG',
  views: 0,
  addToCarts: 0,
  orders: 0,
  units: 0,
  revenueMinor: 0,
  marginRate: null,
  addToCartRate: null,
  cartToOrderRate: null,
  sellThroughRate: null,
  stockCoverDays: null,
  leadTimeDays: null,
  ...over,
});

const card = (over: { marginRate?: number | null; regions?: KpiCard['customers']['regions'] } = {}) =>
  ({ date: '2030-06-10', sales: { marginRate: over.marginRate ?? null }, customers: { regions: over.regions ?? [] } }) as unknown as KpiCard;

const input = (over: Partial<InsightInput>): InsightInput => ({ card: card(), skus: [], noResultSearches: [], trailingMarginRate: null, ...over });
const rules = effectiveRules([]);
const found = (given: InsightInput) => insightsOf(given, rules).map((insight) => [insight.rule, insight.entity.id]);

describe('the insight rules', () => {
  it.each([
    ['carts without orders → detail page or price', input({ skus: [sku({ views: 100, addToCarts: 20, addToCartRate: 0.2, orders: 2, cartToOrderRate: 0.1 })] }), [['cart-abandonment', 'MUG']]],
    ['carts that do order: nothing', input({ skus: [sku({ views: 100, addToCarts: 20, addToCartRate: 0.2, orders: 8, cartToOrderRate: 0.4 })] }), []],
    ['too few carts to judge: nothing', input({ skus: [sku({ views: 50, addToCarts: 9, addToCartRate: 0.18, cartToOrderRate: 0 })] }), []],
    ['many views, few carts → content and images', input({ skus: [sku({ views: 300, addToCarts: 3, addToCartRate: 0.01 })] }), [['views-without-carts', 'MUG']]],
    ['99 views: not enough', input({ skus: [sku({ views: 99, addToCarts: 0, addToCartRate: 0 })] }), []],
    ['cover below lead time → restock', input({ skus: [sku({ stockCoverDays: 6, leadTimeDays: 10 })] }), [['stock-cover', 'MUG']]],
    ['cover beyond lead time: nothing', input({ skus: [sku({ stockCoverDays: 12, leadTimeDays: 10 })] }), []],
    ['2 of 12 units came back (17 %) → supplier quality review', input({ skus: [sku({ units: 12, returnedUnits: 2, returnRate: 0.1667 })] }), [['supplier-quality', 'MUG']]],
    ['1 unit back: too few to judge', input({ skus: [sku({ units: 5, returnedUnits: 1, returnRate: 0.2 })] }), []],
    ['2 of 40 back (5 %): under the rate', input({ skus: [sku({ units: 40, returnedUnits: 2, returnRate: 0.05 })] }), []],
    ['margin 6 points under its median → check prices and promotions', input({ card: card({ marginRate: 0.34 }), trailingMarginRate: 0.4 }), [['margin-drop', '2030-06-10']]],
    ['margin 4 points under: nothing', input({ card: card({ marginRate: 0.36 }), trailingMarginRate: 0.4 }), []],
    [
      'a region gaining new customers while returning ones churn → regional promotion and service',
      input({ card: card({ regions: [{ region: 'FR', sessions: 0, orders: 0, revenueMinor: 0, revenueShare: null, newCustomers: 6, returningCustomers: 2, churnedCustomers: 3 }] }) }),
      [['regional-churn', 'FR']],
    ],
    [
      'a region whose returning customers outnumber its churned ones: nothing',
      input({ card: card({ regions: [{ region: 'DE', sessions: 0, orders: 0, revenueMinor: 0, revenueShare: null, newCustomers: 6, returningCustomers: 5, churnedCustomers: 3 }] }) }),
      [],
    ],
    [
      'searches with no result, ranked by count (4 searches: under the threshold)',
      input({ noResultSearches: [{ query: 'teapot', searches: 5 }, { query: 'kettle', searches: 9 }, { query: 'spoon', searches: 4 }] }),
      [['no-result-searches', 'kettle'], ['no-result-searches', 'teapot']],
    ],
  ])('%s', (_, given, expected) => {
    expect(found(given)).toEqual(expected);
  });

  it('names the numbers, the thresholds and the action; the most severe first', () => {
    const insights = insightsOf(input({ skus: [sku({ views: 300, addToCarts: 3, addToCartRate: 0.01, stockCoverDays: 2, leadTimeDays: 7 })] }), rules);
    expect(insights.map((insight) => insight.severity)).toEqual(['high', 'low']);
    expect(insights[1]).toMatchObject({
      evidence: [
        { metric: 'views', value: 300, comparison: '>=', threshold: 100 },
        { metric: 'addToCartRate', value: 0.01, comparison: '<', threshold: 0.02 },
      ],
      action: 'SKU MUG: 300 views but 1 % add it to the cart — improve its content and images.',
    });
  });

  it("an operator's thresholds apply, a disabled rule finds nothing, an unknown threshold is refused", () => {
    const stricter = effectiveRules([changedRule(DEFAULT_INSIGHT_RULES['views-without-carts'], { thresholds: { minViews: 500 } })]);
    expect(insightsOf(input({ skus: [sku({ views: 300, addToCartRate: 0.01 })] }), stricter)).toEqual([]);
    const off = effectiveRules([{ ...DEFAULT_INSIGHT_RULES['stock-cover'], enabled: false }]);
    expect(insightsOf(input({ skus: [sku({ stockCoverDays: 1, leadTimeDays: 10 })] }), off)).toEqual([]);
    expect(() => changedRule(DEFAULT_INSIGHT_RULES['stock-cover'], { thresholds: { minViews: 1 } })).toThrow(DomainError);
  });
});
