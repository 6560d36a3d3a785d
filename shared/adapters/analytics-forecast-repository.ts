/**
 * Analytics' demand forecast per SKU (`DEMAND_FORECAST#<sku>` / `ANALYTICS`): the SKU's last 56 days of units
 * ordered, the forecast for the day after and its error (shared/domain/analytics/demand-forecast.ts). The nightly
 * KPI job reads and rewrites the items of the day's SKUs (a GetItem each, plain puts: a recompute writes the same
 * item); inventory's reorder policy reads one through its port, shared/adapters/demand-forecasts.ts.
 */
import type { SkuDemandForecast, SkuDemandHistory } from '../domain/analytics/demand-forecast';
import { putAll } from './analytics-kpi-repository';
import { inBatches, tableAccess as table } from './table-access';

const forecastKey = (sku: string) => ({ pk: `DEMAND_FORECAST#${sku}`, sk: 'ANALYTICS' });

export const getDemandForecast = (sku: string) => table.getItem<SkuDemandForecast>(forecastKey(sku));

/** The stored histories of `skus` (a GetItem each, ten in flight); a SKU never counted has none. */
export async function demandHistories(skus: readonly string[]): Promise<Map<string, SkuDemandHistory>> {
  const stored = await inBatches(skus, getDemandForecast);
  return new Map(stored.filter((item) => item !== undefined).map((item) => [item.sku, { sku: item.sku, throughDay: item.throughDay, units: item.units }]));
}

export async function saveDemandForecasts(forecasts: readonly SkuDemandForecast[]): Promise<void> {
  await putAll(forecasts.map((forecast) => ({ ...forecastKey(forecast.sku), entity: 'SkuDemandForecast', ...forecast })));
}
