import * as kpiRepository from '../../shared/adapters/analytics-kpi-repository';
import * as rfmRepository from '../../shared/adapters/analytics-rfm-repository';
import * as forecastRepository from '../../shared/adapters/analytics-forecast-repository';
import * as analyticsRepository from '../../shared/adapters/analytics-repository';
import { inventoryValue } from '../../shared/adapters/inventory-value';
import { forecastSkuDemand, recordDay } from '../../shared/domain/analytics/demand-forecast';
import { isoWeekStart } from '../../shared/domain/suppliers/weekly-activity';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { bandOf, kpiAnomalies } from '../../shared/domain/analytics/anomalies';
import { count } from '../../shared/domain/analytics/counters';
import { insightsDigest, kpiAnomalyRaised } from '../../shared/domain/analytics/events';
import { effectiveRules, insightsOf } from '../../shared/domain/analytics/insights';
import { dayKpis, serviceKpis } from '../../shared/domain/analytics/kpis';
import { serviceMetrics } from '../../shared/domain/service/metrics';
import * as serviceRepository from '../../shared/adapters/service-repository';
import { kpiDayToCompute } from '../../shared/domain/analytics/dates';
import { addDays } from '../../shared/domain/inventory/sales';
import { settings } from './settings';

export interface NightlyKpiRequest {
  /** The scheduled event's time: the job computes the store day before it. */
  readonly time?: string;
  /**
   * `{ date: 'YYYY-MM-DD' }` (`npm run invoke -- nightly-kpi --date …`): recompute that past day. `backfill: true`
   * (the demo seed's eight weeks, a migration's history): write the same items but raise no anomaly and no digest
   * for a day long gone; the card is marked so, and the first run without it raises them.
   */
  readonly detail?: { readonly date?: unknown; readonly backfill?: unknown };
}

/**
 * The nightly KPI job (schedule `nightly-kpi`, after midnight store time; `npm run invoke -- nightly-kpi
 * [--date YYYY-MM-DD]`): reads the day's counter items (a key Query per shard), its 28 trailing cards and the
 * card a year before (for growth and the anomaly band), the stock of the day's SKUs, the day's ticket facts
 * (customer service on the card), the inventory's value at cost (its shards: turnover), and writes the card, its
 * SKU and category items and its insights; raises `KpiAnomaly` per KPI out of its band and one insights digest.
 * Each SKU counted that day gets the day's units in its demand history and a new forecast (read by inventory's
 * reorder policy).
 * Running it twice writes the same items and raises nothing again.
 */
export async function handler(event: NightlyKpiRequest = {}) {
  const date = kpiDayToCompute(event.detail?.date, event.time, clock.now(), settings.timeZone);
  const [counters, trailing, yearAgo, segments, ticketFacts, liveSkusNow, stored, inventoryValueNow] = await Promise.all([
    kpiRepository.dayCounters(date),
    kpiRepository.allKpiCards(addDays(date, -28), addDays(date, -1)),
    kpiRepository.getCard(addDays(date, -364)),
    rfmRepository.latestSegments(isoWeekStart(new Date(`${date}T00:00:00Z`))),
    // Ticket facts are kept per UTC day (docs/service.md): the card takes the same calendar date's.
    serviceRepository.factsOfDay(date),
    // SKUs live now (the catalog's listings so far); a recompute keeps the count the day was first computed with.
    analyticsRepository.liveSkuCount(),
    kpiRepository.getCard(date),
    // The inventory's value at cost now (a GetItem per shard): the day's closing value, read just after midnight.
    inventoryValue(settings.currency),
  ]);
  const liveSkus = stored?.products.liveSkus ?? liveSkusNow;
  // A recompute keeps the value the day was first computed with (the running value has moved on since).
  const inventoryAtCostMinor = stored?.products.inventoryAtCostMinor ?? inventoryValueNow;
  const openingInventoryAtCostMinor = trailing.find((card) => card.date === addDays(date, -1))?.products?.inventoryAtCostMinor ?? undefined;
  const active = [...counters.skus].filter(([, c]) => count(c, 'unitsSold') > 0 || count(c, 'addToCarts') > 0).map(([sku]) => sku);
  const stock = await kpiRepository.stockFacts(active);
  const revenueOn = (day: string) => trailing.find((card) => card.date === day)?.sales.revenueMinor;
  const { card: dayCard, skus, categories } = dayKpis(counters, {
    currency: settings.currency,
    revenueBefore: { day: revenueOn(addDays(date, -1)), week: revenueOn(addDays(date, -7)), year: yearAgo?.sales.revenueMinor },
    stock,
    liveSkus,
    inventoryAtCostMinor,
    openingInventoryAtCostMinor,
  });
  const card = { ...dayCard, customers: { ...dayCard.customers, segments: segments?.customers ?? null }, service: serviceKpis(serviceMetrics(ticketFacts)) };
  const anomalies = kpiAnomalies(card, trailing);
  const noResultSearches = [...counters.noResultSearches].map(([query, c]) => ({ query, searches: count(c, 'searches') }));
  const trailingMarginRate = bandOf(trailing.map((day) => day.sales.marginRate), { k: 0, minHistoryDays: 7, minRelativeWidth: 0 })?.median ?? null;
  const insights = insightsOf({ card, skus, noResultSearches, trailingMarginRate }, effectiveRules(await kpiRepository.insightRules()));
  const backfill = event.detail?.backfill === true;
  // A backfilled card raised nothing: the first run after it raises what is due, as if the day were new.
  const raised = (previous: kpiRepository.StoredCard | undefined) => (previous?.backfilled ? undefined : previous);
  const outcome = await kpiRepository.saveDay(
    { card: { ...card, anomalies, ...(backfill ? { backfilled: true } : {}) }, skus, categories, insights },
    (previous) => (backfill ? [] : [
      ...anomalies.filter((anomaly) => !raised(previous)?.anomalies.some((before) => before.kpi === anomaly.kpi)).map((anomaly) => kpiAnomalyRaised(date, anomaly)),
      ...(raised(previous) ? [] : [insightsDigest(date, insights)]),
    ]),
    `nightly-kpi-${date}`,
  );
  const histories = await forecastRepository.demandHistories([...counters.skus.keys()]);
  const forecasts = [...counters.skus].map(([sku, c]) => forecastSkuDemand(recordDay(histories.get(sku), sku, date, count(c, 'unitsSold'))));
  await forecastRepository.saveDemandForecasts(forecasts);
  const report = { date, outcome, sessions: card.traffic.sessions, orders: card.sales.orders, skus: skus.length, forecasts: forecasts.length, anomalies: anomalies.length, insights: insights.length };
  logger.info('nightly KPIs', report);
  return report;
}
