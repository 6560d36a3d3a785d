/**
 * Insights: from the day's numbers to what to do. Each rule is data — an id, whether it is on, its severity
 * and its thresholds, which an operator changes (`PUT /insight-rules/{id}`) — and a pure function of the day's
 * KPIs that names the entity, the evidence (each number against its threshold) and the action.
 */
import { invalid } from '../errors';
import type { KpiCard, SkuKpis } from './kpis';

export const INSIGHT_RULE_IDS = ['cart-abandonment', 'views-without-carts', 'regional-churn', 'stock-cover', 'supplier-quality', 'margin-drop', 'no-result-searches'] as const;
export type InsightRuleId = (typeof INSIGHT_RULE_IDS)[number];
export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface InsightRule {
  readonly id: InsightRuleId;
  readonly enabled: boolean;
  readonly severity: Severity;
  readonly thresholds: Readonly<Record<string, number>>;
}

export interface Evidence {
  readonly metric: string;
  readonly value: number;
  readonly comparison: '>=' | '<=' | '<' | '>';
  readonly threshold: number;
}

export interface Insight {
  readonly rule: InsightRuleId;
  readonly entity: { readonly kind: 'sku' | 'region' | 'store' | 'search'; readonly id: string };
  readonly evidence: readonly Evidence[];
  readonly action: string;
  readonly severity: Severity;
  /** Orders insights of one rule (more views, more searches … first). */
  readonly weight: number;
}

/** The operating manual's defaults (docs/analytics.md, "Insight rules"). */
export const DEFAULT_INSIGHT_RULES: Readonly<Record<InsightRuleId, InsightRule>> = {
  'cart-abandonment': { id: 'cart-abandonment', enabled: true, severity: 'medium', thresholds: { minAddToCarts: 10, minAddToCartRate: 0.08, maxCartToOrderRate: 0.2 } },
  'views-without-carts': { id: 'views-without-carts', enabled: true, severity: 'low', thresholds: { minViews: 100, maxAddToCartRate: 0.02 } },
  'regional-churn': { id: 'regional-churn', enabled: true, severity: 'medium', thresholds: { minNewCustomers: 5, minChurnedPerReturning: 1 } },
  'stock-cover': { id: 'stock-cover', enabled: true, severity: 'high', thresholds: { coverBelowLeadTimeDays: 0 } },
  'supplier-quality': { id: 'supplier-quality', enabled: true, severity: 'high', thresholds: { maxReturnRate: 0.08, minReturnedUnits: 2 } },
  'margin-drop': { id: 'margin-drop', enabled: true, severity: 'medium', thresholds: { minDropPoints: 0.05 } },
  'no-result-searches': { id: 'no-result-searches', enabled: true, severity: 'low', thresholds: { minSearches: 5, top: 10 } },
};

export interface InsightInput {
  readonly card: KpiCard;
  readonly skus: readonly SkuKpis[];
  readonly noResultSearches: readonly { readonly query: string; readonly searches: number }[];
  /** Median margin rate of the trailing 28 days (null: not known). */
  readonly trailingMarginRate: number | null;
}

const pct = (value: number) => `${Math.round(value * 1000) / 10} %`;
const at = (metric: string, value: number, comparison: Evidence['comparison'], threshold: number): Evidence => ({ metric, value, comparison, threshold });

type RuleFunction = (input: InsightInput, t: Readonly<Record<string, number>>) => Omit<Insight, 'rule' | 'severity'>[];

const RULES: Readonly<Record<InsightRuleId, RuleFunction>> = {
  'cart-abandonment': ({ skus }, t) =>
    skus.flatMap((sku) =>
      sku.addToCarts >= t.minAddToCarts! && (sku.addToCartRate ?? 0) >= t.minAddToCartRate! && sku.cartToOrderRate !== null && sku.cartToOrderRate <= t.maxCartToOrderRate!
        ? [{
            entity: { kind: 'sku' as const, id: sku.sku },
            evidence: [at('addToCarts', sku.addToCarts, '>=', t.minAddToCarts!), at('addToCartRate', sku.addToCartRate!, '>=', t.minAddToCartRate!), at('cartToOrderRate', sku.cartToOrderRate, '<=', t.maxCartToOrderRate!)],
            action: `SKU ${sku.sku}: ${pct(sku.addToCartRate!)} of viewers add it to the cart but only ${pct(sku.cartToOrderRate)} of carts order it — review its detail page or its price.`,
            weight: sku.addToCarts,
          }]
        : [],
    ),
  'views-without-carts': ({ skus }, t) =>
    skus.flatMap((sku) =>
      sku.views >= t.minViews! && sku.addToCartRate !== null && sku.addToCartRate < t.maxAddToCartRate!
        ? [{
            entity: { kind: 'sku' as const, id: sku.sku },
            evidence: [at('views', sku.views, '>=', t.minViews!), at('addToCartRate', sku.addToCartRate, '<', t.maxAddToCartRate!)],
            action: `SKU ${sku.sku}: ${sku.views} views but ${pct(sku.addToCartRate)} add it to the cart — improve its content and images.`,
            weight: sku.views,
          }]
        : [],
    ),
  'regional-churn': ({ card }, t) =>
    card.customers.regions.flatMap((region) => {
      const churnPerReturning = region.churnedCustomers / Math.max(1, region.returningCustomers);
      return region.newCustomers >= t.minNewCustomers! && region.churnedCustomers > 0 && churnPerReturning >= t.minChurnedPerReturning!
        ? [{
            entity: { kind: 'region' as const, id: region.region },
            evidence: [at('newCustomers', region.newCustomers, '>=', t.minNewCustomers!), at('churnedPerReturning', Math.round(churnPerReturning * 100) / 100, '>=', t.minChurnedPerReturning!)],
            action: `Region ${region.region}: ${region.newCustomers} new customers but ${region.churnedCustomers} returning ones churned against ${region.returningCustomers} who came back — run a regional promotion and review service there.`,
            weight: region.churnedCustomers,
          }]
        : [];
    }),
  'stock-cover': ({ skus }, t) =>
    skus.flatMap((sku) =>
      sku.stockCoverDays !== null && sku.leadTimeDays !== null && sku.stockCoverDays < sku.leadTimeDays + t.coverBelowLeadTimeDays!
        ? [{
            entity: { kind: 'sku' as const, id: sku.sku },
            evidence: [at('stockCoverDays', sku.stockCoverDays, '<', sku.leadTimeDays + t.coverBelowLeadTimeDays!)],
            action: `SKU ${sku.sku}: stock covers ${sku.stockCoverDays} days, less than the supplier's ${sku.leadTimeDays}-day lead time — restock now.`,
            weight: sku.leadTimeDays - sku.stockCoverDays,
          }]
        : [],
    ),
  'supplier-quality': ({ skus }, t) =>
    skus.flatMap((sku) =>
      sku.returnRate !== undefined && sku.returnRate !== null && (sku.returnedUnits ?? 0) >= t.minReturnedUnits! && sku.returnRate > t.maxReturnRate!
        ? [{
            entity: { kind: 'sku' as const, id: sku.sku },
            evidence: [at('returnedUnits', sku.returnedUnits ?? 0, '>=', t.minReturnedUnits!), at('returnRate', sku.returnRate, '>', t.maxReturnRate!)],
            action: `SKU ${sku.sku}: ${sku.returnedUnits} units came back against ${sku.units} sold (${pct(sku.returnRate)}) — review its quality with the supplier.`,
            weight: sku.returnRate,
          }]
        : [],
    ),
  'margin-drop': ({ card, trailingMarginRate }, t) => {
    const today = card.sales.marginRate;
    if (today === null || trailingMarginRate === null || trailingMarginRate - today < t.minDropPoints!) return [];
    return [{
      entity: { kind: 'store', id: card.date },
      evidence: [at('marginDropPoints', Math.round((trailingMarginRate - today) * 10_000) / 10_000, '>=', t.minDropPoints!)],
      action: `Gross margin fell to ${pct(today)} from a 28-day median of ${pct(trailingMarginRate)} — check the day's price changes and promotions.`,
      weight: trailingMarginRate - today,
    }];
  },
  'no-result-searches': ({ noResultSearches }, t) =>
    [...noResultSearches]
      .filter((search) => search.searches >= t.minSearches!)
      .sort((a, b) => b.searches - a.searches || a.query.localeCompare(b.query))
      .slice(0, t.top)
      .map((search, rank) => ({
        entity: { kind: 'search' as const, id: search.query },
        evidence: [at('noResultSearches', search.searches, '>=', t.minSearches!)],
        action: `#${rank + 1} unmet demand: "${search.query}" was searched ${search.searches} time${search.searches === 1 ? '' : 's'} with no result — a selection opportunity.`,
        weight: search.searches,
      })),
};

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { high: 0, medium: 1, low: 2 };

/** The rules as stored over the defaults: an operator's change of one rule keeps the others' defaults. */
export const effectiveRules = (stored: readonly InsightRule[]): InsightRule[] =>
  INSIGHT_RULE_IDS.map((id) => {
    const mine = stored.find((rule) => rule.id === id);
    const base = DEFAULT_INSIGHT_RULES[id];
    return mine ? { ...base, ...mine, thresholds: { ...base.thresholds, ...mine.thresholds } } : base;
  });

/** Every insight of the day, the most severe first, then by weight. */
export function insightsOf(input: InsightInput, rules: readonly InsightRule[]): Insight[] {
  return rules
    .filter((rule) => rule.enabled)
    .flatMap((rule) => RULES[rule.id](input, rule.thresholds).map((found) => ({ rule: rule.id, severity: rule.severity, ...found })))
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.weight - a.weight);
}

/** `rule` with an operator's change; a threshold the rule does not have is refused (400), naming it. */
export function changedRule(rule: InsightRule, change: { readonly enabled?: boolean; readonly severity?: Severity; readonly thresholds?: Readonly<Record<string, number>> }): InsightRule {
  const unknown = Object.keys(change.thresholds ?? {}).filter((name) => !(name in DEFAULT_INSIGHT_RULES[rule.id].thresholds));
  if (unknown.length > 0) {
    throw invalid(
      `Rule ${rule.id} has no such threshold.`,
      unknown.map((name) => ({ field: `thresholds.${name}`, message: `not a threshold of ${rule.id} (it has ${Object.keys(DEFAULT_INSIGHT_RULES[rule.id].thresholds).join(', ')})` })),
    );
  }
  return { ...rule, enabled: change.enabled ?? rule.enabled, severity: change.severity ?? rule.severity, thresholds: { ...rule.thresholds, ...change.thresholds } };
}
