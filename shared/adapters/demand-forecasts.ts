/**
 * Where a SKU's demand forecast comes from: the port the nightly reorder policy reads (issue 12: "when the
 * analytics issue lands first, read its per-SKU forecast; otherwise compute it here behind a port analytics can
 * later fill"). Today inventory forecasts from its own sales history (one key Query of the SKU's `SALES#` days,
 * then forecast.ts). Analytics fills it by answering here with its per-SKU forecast item, falling back to this
 * one for a SKU it has none for; the policy, the stock record and `GET /inventory/{sku}` show the forecast's
 * `method` either way.
 */
import type { DemandForecast } from '../domain/inventory/forecast';
import { forecastFromSales, historyWindow } from '../domain/inventory/policy-recompute';
import type { StockLevel } from '../domain/inventory/stock';
import { salesHistory } from './inventory-repository';

export async function demandForecastOf(stock: Pick<StockLevel, 'sku' | 'createdAt'>, now: Date): Promise<DemandForecast> {
  const window = historyWindow(stock, now);
  return forecastFromSales(stock, await salesHistory(stock.sku, window.from, window.to), now);
}
