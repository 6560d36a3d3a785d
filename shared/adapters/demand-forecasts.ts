/**
 * Where a SKU's demand forecast comes from: the port the nightly reorder policy reads (issue 12: "when the
 * analytics issue lands first, read its per-SKU forecast; otherwise compute it here behind a port analytics can
 * later fill"). Analytics' first: its forecast item (`DEMAND_FORECAST#<sku>`, written by the nightly KPI job from
 * the units ordered per store day; shared/domain/analytics/demand-forecast.ts), brought up to yesterday with zeros
 * when the SKU was not counted since, used when it has the history for a method of its own (28 days). Otherwise,
 * as before analytics, inventory's own forecast from its sales history (one key Query of the SKU's `SALES#` days,
 * then forecast.ts). The policy, the stock record and `GET /inventory/{sku}` show the forecast's `method` and
 * `source` either way.
 */
import type { DemandForecast } from '../domain/inventory/forecast';
import { forecastSkuDemand, historyThrough, isUsableForecast } from '../domain/analytics/demand-forecast';
import { forecastFromSales, historyWindow } from '../domain/inventory/policy-recompute';
import type { StockLevel } from '../domain/inventory/stock';
import { getDemandForecast } from './analytics-forecast-repository';
import { salesHistory } from './inventory-repository';

export async function demandForecastOf(stock: Pick<StockLevel, 'sku' | 'createdAt'>, now: Date): Promise<DemandForecast> {
  const window = historyWindow(stock, now);
  const analytics = await getDemandForecast(stock.sku);
  if (analytics) {
    const current = analytics.throughDay >= window.to ? analytics : forecastSkuDemand(historyThrough(analytics, window.to));
    if (isUsableForecast(current.forecast)) {
      return { ...current.forecast, source: 'ANALYTICS', ...(current.error.mase === null ? {} : { mase: current.error.mase }) };
    }
  }
  return { ...forecastFromSales(stock, await salesHistory(stock.sku, window.from, window.to), now), source: 'INVENTORY' };
}
