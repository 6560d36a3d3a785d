/**
 * The KPI formulas: one day's counters (counters.ts) in, the day's card out. Pure, so each has a worked
 * example in docs/analytics.md and a row in test/unit/analytics/kpis.test.ts. A ratio with a zero denominator
 * is `null` (not 0: "no sessions" is not "no conversion").
 */
import { count, type Counters, type DayCounters } from './counters';
import { averageInventoryValue, inventoryTurnover, onTimeShipmentRate, skuActivityRate } from './operations-kpis';
import { growth, ratio } from './ratio';

export { growth, ratio };

export interface TrafficKpis {
  readonly sessions: number;
  readonly engagedSessions: number;
  readonly pageViews: number;
  readonly visitors: number;
  /** 1 − engaged / sessions (GA4). */
  readonly bounceRate: number | null;
  readonly averageSessionSeconds: number | null;
  /** orders / sessions. */
  readonly conversionRate: number | null;
  readonly sources: readonly { readonly source: string; readonly sessions: number; readonly engagedSessions: number }[];
  readonly devices: readonly { readonly device: string; readonly sessions: number }[];
}

export interface SalesKpis {
  readonly orders: number;
  readonly revenueMinor: number;
  /** Revenue less the orders cancelled that day. */
  readonly netRevenueMinor: number;
  readonly units: number;
  /** Average order value: revenue / orders, minor units rounded. */
  readonly averageOrderValueMinor: number | null;
  /** Over the lines whose cost is known: revenue − cost. */
  readonly grossMarginMinor: number;
  readonly marginRate: number | null;
  readonly cancelledOrders: number;
  readonly shippedOrders: number;
  /** Shipped by their ship-by date / shipped with one (operations-kpis.ts); null until OrderShipped carries it. */
  readonly onTimeShipmentRate: number | null;
  /** Revenue growth against the same KPI 1, 7 and 364 days before (a year of whole weeks: same weekday). */
  readonly growth: { readonly dayOverDay: number | null; readonly weekOverWeek: number | null; readonly yearOverYear: number | null };
  /** Seams until returns and refunds exist (docs/analytics.md). */
  readonly refundsMinor: number | null;
  readonly returnRate: number | null;
}

export interface CustomerKpis {
  readonly orderingCustomers: number;
  readonly newCustomers: number;
  readonly returningCustomers: number;
  readonly newCustomerShare: number | null;
  /** Returning / ordering customers that day. */
  readonly repeatPurchaseRate: number | null;
  /** Customers whose last order turned `churnDays` old today. */
  readonly churnedCustomers: number;
  readonly reactivatedCustomers: number;
  readonly regions: readonly RegionKpis[];
  /** Customers per RFM segment, from the latest weekly run (rfm.ts); null before the first. */
  readonly segments?: Readonly<Record<string, number>> | null;
}

export interface RegionKpis {
  readonly region: string;
  readonly sessions: number;
  readonly orders: number;
  readonly revenueMinor: number;
  /** Share of the day's revenue. */
  readonly revenueShare: number | null;
  readonly newCustomers: number;
  readonly returningCustomers: number;
  readonly churnedCustomers: number;
}

export interface ProductKpis {
  readonly productViews: number;
  readonly addToCarts: number;
  /** add-to-carts / product views. */
  readonly addToCartRate: number | null;
  /** orders / add-to-carts. */
  readonly cartToOrderRate: number | null;
  /** orders / checkouts started. */
  readonly checkoutConversion: number | null;
  readonly skusSold: number;
  /** SKUs live (counted from ProductListed when the day was first computed; null before the first). */
  readonly liveSkus: number | null;
  /** SKUs sold / live SKUs (null until the live count is known). */
  readonly skuActivityRate: number | null;
  /**
   * The inventory's value at cost at the day's close (inventory's running value, read by the job after midnight;
   * a recompute keeps the value first recorded). Null until inventory keeps it; absent on cards computed before.
   */
  readonly inventoryAtCostMinor?: number | null;
  /** The day's cost of goods sold × 365 / the average inventory value at cost (opening and closing), and 365 / that (null until the value is known). */
  readonly inventoryTurnover: number | null;
  readonly daysOfInventory: number | null;
  /** Top 10 SKUs' share of the revenue of all SKU lines. */
  readonly bestSellerContribution: number | null;
  readonly searches: number;
  readonly noResultSearches: number;
}

export interface SkuKpis {
  readonly sku: string;
  readonly views: number;
  readonly addToCarts: number;
  readonly orders: number;
  readonly units: number;
  readonly revenueMinor: number;
  readonly marginRate: number | null;
  readonly addToCartRate: number | null;
  /** orders containing the SKU / its add-to-carts. */
  readonly cartToOrderRate: number | null;
  /** units sold / (units sold + units available at the end of the day), when its stock is known. */
  readonly sellThroughRate: number | null;
  /** Days the available units last at the forecast daily demand (inventory's reorder policy), when known. */
  readonly stockCoverDays: number | null;
  readonly leadTimeDays: number | null;
  /** Units of the SKU that came back that day (returns received). */
  readonly returnedUnits?: number;
  /** returned units ÷ units sold that day; null when none sold. */
  readonly returnRate?: number | null;
}

export interface CategoryKpis {
  readonly categoryId: string;
  readonly views: number;
  readonly addToCarts: number;
  readonly units: number;
  readonly revenueMinor: number;
  readonly revenueShare: number | null;
}

/**
 * Customer service on the card, from the day's ticket facts (docs/service.md, "Measured quality"): first
 * responses and their p50/p90 minutes, SLA attainment (clocks stopped within target / clocks stopped), reopens
 * per resolution, CSAT. Null fields where the day had nothing to measure.
 */
export interface ServiceKpis {
  readonly firstResponses: number;
  readonly firstResponseMinutesP50: number | null;
  readonly firstResponseMinutesP90: number | null;
  readonly resolutions: number;
  readonly slaAttainment: number | null;
  readonly reopenRate: number | null;
  readonly ratings: number;
  readonly csatAverage: number | null;
}

/** What the service context measured (its `ServiceMetrics`), as the card shows it; null for a day without tickets. */
export function serviceKpis(measured: { readonly [K in keyof ServiceKpis]?: ServiceKpis[K] | undefined }): ServiceKpis | null {
  if (!measured.firstResponses && !measured.resolutions && !measured.ratings) return null;
  return {
    firstResponses: measured.firstResponses ?? 0,
    firstResponseMinutesP50: measured.firstResponseMinutesP50 ?? null,
    firstResponseMinutesP90: measured.firstResponseMinutesP90 ?? null,
    resolutions: measured.resolutions ?? 0,
    slaAttainment: measured.slaAttainment ?? null,
    reopenRate: measured.reopenRate ?? null,
    ratings: measured.ratings ?? 0,
    csatAverage: measured.csatAverage ?? null,
  };
}

export interface KpiCard {
  readonly date: string;
  readonly currency: string;
  readonly traffic: TrafficKpis;
  readonly sales: SalesKpis;
  readonly customers: CustomerKpis;
  readonly products: ProductKpis;
  /** Null on a day without tickets; absent on cards computed before the service context was counted. */
  readonly service?: ServiceKpis | null;
}

/** What the job knows besides the day's counters. */
export interface KpiContext {
  readonly currency: string;
  /** Revenue of the same day 1, 7 and 364 days before, from their cards (absent: no card). */
  readonly revenueBefore: { readonly day?: number; readonly week?: number; readonly year?: number };
  /** Stock of the SKUs active that day (inventory's record: available units, forecast demand, lead time). */
  readonly stock: ReadonlyMap<string, { readonly available: number; readonly dailyDemand?: number; readonly leadTimeDays?: number }>;
  /** SKUs live that day (the catalog's count): SKU activity rate. */
  readonly liveSkus?: number;
  /** The inventory's value at cost at the day's close, minor units: inventory turnover. */
  readonly inventoryAtCostMinor?: number;
  /** The value at the day's opening (the day before's closing, from its card), when known: averaged with the closing. */
  readonly openingInventoryAtCostMinor?: number;
}

/** Largest first; ties by name, so a card reads the same however its counters were summed. */
const sorted = <T>(items: T[], by: (item: T) => number, name: (item: T) => string = () => ''): T[] =>
  items.sort((a, b) => by(b) - by(a) || name(a).localeCompare(name(b)));

export function trafficKpis(counters: DayCounters): TrafficKpis {
  const total = counters.total;
  const sessions = count(total, 'sessions');
  const engaged = count(total, 'engagedSessions');
  return {
    sessions,
    engagedSessions: engaged,
    pageViews: count(total, 'pageViews'),
    visitors: count(total, 'visitors'),
    bounceRate: sessions === 0 ? null : ratio(sessions - engaged, sessions),
    averageSessionSeconds: sessions === 0 ? null : Math.round(count(total, 'sessionSeconds') / sessions),
    conversionRate: ratio(count(total, 'orders'), sessions),
    sources: sorted(
      [...counters.sources].map(([source, c]) => ({ source, sessions: count(c, 'sessions'), engagedSessions: count(c, 'engagedSessions') })),
      (s) => s.sessions,
      (s) => s.source,
    ),
    devices: sorted([...counters.devices].map(([device, c]) => ({ device, sessions: count(c, 'sessions') })), (d) => d.sessions, (d) => d.device),
  };
}

export function salesKpis(counters: DayCounters, context: Pick<KpiContext, 'revenueBefore'>): SalesKpis {
  const total = counters.total;
  const orders = count(total, 'orders');
  const revenue = count(total, 'revenueMinor');
  const costedRevenue = count(total, 'costedRevenueMinor');
  const margin = costedRevenue - count(total, 'costMinor');
  return {
    orders,
    revenueMinor: revenue,
    netRevenueMinor: revenue - count(total, 'cancelledRevenueMinor'),
    units: count(total, 'unitsSold'),
    averageOrderValueMinor: orders === 0 ? null : Math.round(revenue / orders),
    grossMarginMinor: margin,
    marginRate: ratio(margin, costedRevenue),
    cancelledOrders: count(total, 'cancelledOrders'),
    shippedOrders: count(total, 'shippedOrders'),
    onTimeShipmentRate: onTimeShipmentRate(count(total, 'onTimeShipments'), count(total, 'promisedShipments')),
    growth: {
      dayOverDay: growth(revenue, context.revenueBefore.day),
      weekOverWeek: growth(revenue, context.revenueBefore.week),
      yearOverYear: growth(revenue, context.revenueBefore.year),
    },
    refundsMinor: count(total, 'refundsMinor'),
    // Units that came back that day ÷ units sold that day: a daily rate of two cohorts, as a store reads it.
    returnRate: ratio(count(total, 'returnedUnits'), count(total, 'unitsSold')),
  };
}

export function customerKpis(counters: DayCounters): CustomerKpis {
  const total = counters.total;
  const ordering = count(total, 'orderingCustomers');
  const revenue = count(total, 'revenueMinor');
  const region = (name: string, c: Counters): RegionKpis => ({
    region: name,
    sessions: count(c, 'sessions'),
    orders: count(c, 'orders'),
    revenueMinor: count(c, 'revenueMinor'),
    revenueShare: ratio(count(c, 'revenueMinor'), revenue),
    newCustomers: count(c, 'newCustomers'),
    returningCustomers: count(c, 'returningCustomers'),
    churnedCustomers: count(c, 'churnedCustomers'),
  });
  return {
    orderingCustomers: ordering,
    newCustomers: count(total, 'newCustomers'),
    returningCustomers: count(total, 'returningCustomers'),
    newCustomerShare: ratio(count(total, 'newCustomers'), ordering),
    repeatPurchaseRate: ratio(count(total, 'returningCustomers'), ordering),
    churnedCustomers: count(total, 'churnedCustomers'),
    reactivatedCustomers: count(total, 'reactivatedCustomers'),
    regions: sorted([...counters.regions].map(([name, c]) => region(name, c)), (r) => r.revenueMinor * 1e6 + r.sessions, (r) => r.region),
  };
}

/** Top `n` SKUs' share of the revenue of all SKU lines. */
export function bestSellerContribution(skus: readonly Pick<SkuKpis, 'revenueMinor'>[], n = 10): number | null {
  const revenues = skus.map((sku) => sku.revenueMinor).sort((a, b) => b - a);
  const all = revenues.reduce((sum, value) => sum + value, 0);
  return ratio(revenues.slice(0, n).reduce((sum, value) => sum + value, 0), all);
}

export function skuKpis(counters: DayCounters, stock: KpiContext['stock']): SkuKpis[] {
  return [...counters.skus].map(([sku, c]) => {
    const units = count(c, 'unitsSold');
    const held = stock.get(sku);
    const demand = held?.dailyDemand;
    return {
      sku,
      views: count(c, 'views'),
      addToCarts: count(c, 'addToCarts'),
      orders: count(c, 'orders'),
      units,
      revenueMinor: count(c, 'revenueMinor'),
      marginRate: ratio(count(c, 'costedRevenueMinor') - count(c, 'costMinor'), count(c, 'costedRevenueMinor')),
      addToCartRate: ratio(count(c, 'addToCarts'), count(c, 'views')),
      cartToOrderRate: ratio(count(c, 'orders'), count(c, 'addToCarts')),
      sellThroughRate: held ? ratio(units, units + Math.max(0, held.available)) : null,
      stockCoverDays: held && demand && demand > 0 ? Math.round((Math.max(0, held.available) / demand) * 10) / 10 : null,
      leadTimeDays: held?.leadTimeDays ?? null,
      returnedUnits: count(c, 'returnedUnits'),
      returnRate: ratio(count(c, 'returnedUnits'), units),
    };
  });
}

export function categoryKpis(counters: DayCounters): CategoryKpis[] {
  const revenue = count(counters.total, 'revenueMinor');
  return [...counters.categories].map(([categoryId, c]) => ({
    categoryId,
    views: count(c, 'views'),
    addToCarts: count(c, 'addToCarts'),
    units: count(c, 'unitsSold'),
    revenueMinor: count(c, 'revenueMinor'),
    revenueShare: ratio(count(c, 'revenueMinor'), revenue),
  }));
}

export function productKpis(counters: DayCounters, skus: readonly SkuKpis[], context: Pick<KpiContext, 'liveSkus' | 'inventoryAtCostMinor' | 'openingInventoryAtCostMinor'> = {}): ProductKpis {
  const total = counters.total;
  const sold = skus.filter((sku) => sku.units > 0).length;
  const average = averageInventoryValue(context.inventoryAtCostMinor, context.openingInventoryAtCostMinor);
  const turnover = inventoryTurnover(count(total, 'costMinor'), average, 1);
  return {
    productViews: count(total, 'productViews'),
    addToCarts: count(total, 'addToCarts'),
    addToCartRate: ratio(count(total, 'addToCarts'), count(total, 'productViews')),
    cartToOrderRate: ratio(count(total, 'orders'), count(total, 'addToCarts')),
    checkoutConversion: ratio(count(total, 'orders'), count(total, 'checkouts')),
    skusSold: sold,
    liveSkus: context.liveSkus ?? null,
    skuActivityRate: skuActivityRate(sold, context.liveSkus),
    inventoryAtCostMinor: context.inventoryAtCostMinor ?? null,
    inventoryTurnover: turnover.turnover,
    daysOfInventory: turnover.daysOfInventory,
    bestSellerContribution: bestSellerContribution(skus),
    searches: count(total, 'searches'),
    noResultSearches: count(total, 'noResultSearches'),
  };
}

/** The whole day: the card, and the per-SKU and per-category items the job writes beside it. */
export function dayKpis(counters: DayCounters, context: KpiContext): { card: KpiCard; skus: SkuKpis[]; categories: CategoryKpis[] } {
  const skus = skuKpis(counters, context.stock);
  return {
    card: {
      date: counters.day,
      currency: context.currency,
      traffic: trafficKpis(counters),
      sales: salesKpis(counters, context),
      customers: customerKpis(counters),
      products: productKpis(counters, skus, context),
    },
    skus: sorted(skus, (sku) => sku.revenueMinor * 1e6 + sku.views, (sku) => sku.sku),
    categories: sorted(categoryKpis(counters), (category) => category.revenueMinor, (category) => category.categoryId),
  };
}
