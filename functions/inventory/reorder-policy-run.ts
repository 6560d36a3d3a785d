/**
 * How the nightly reorder policy recomputes a supplier's SKUs, shared by the job (`{ skus }` by hand) and the
 * per-supplier consumer its fan-out drives: the supplier's delivered lead times and its offers (per-SKU MOQ, pack,
 * lead time) once, then per SKU, ten in flight,
 * its demand forecast (the demand-forecasts port: today its sales of the history window) and what its open order
 * still owes → `recomputePolicy` → the stock record.
 * A SKU that fails is logged and left for the next night; the others go on. A retired SKU (its product archived)
 * is skipped: nothing is read or written for it.
 */
import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import * as purchaseOrdersRepository from '../../shared/adapters/purchase-orders-repository';
import * as offersRepository from '../../shared/adapters/supplier-offers-repository';
import { inBatches } from '../../shared/adapters/table-access';
import { logger } from '../../shared/adapters/logger';
import { needsReorderPolicy, recomputePolicy } from '../../shared/domain/inventory/policy-recompute';
import { demandForecastOf } from '../../shared/adapters/demand-forecasts';
import { restockSettingsFrom, termsForSku } from '../../shared/domain/inventory/restock';
import type { StockLevel } from '../../shared/domain/inventory/stock';
import type { Supplier } from '../../shared/domain/suppliers/supplier';

const settings = restockSettingsFrom(process.env);

export interface PolicyRunReport {
  /** SKUs recomputed (retired ones are not). */
  skus: number;
  failed: number;
}

export async function recomputeSupplierStock(supplier: Supplier, supplierStocks: readonly StockLevel[], now: Date): Promise<PolicyRunReport> {
  const stocks = supplierStocks.filter(needsReorderPolicy);
  if (stocks.length < supplierStocks.length) logger.info('retired SKUs keep their last reorder policy', { supplierId: supplier.supplierId, retired: supplierStocks.length - stocks.length });
  const [observedLeadTimesDays, offers] = await Promise.all([purchaseOrdersRepository.observedLeadTimes(supplier.supplierId, now), offersRepository.offersOfSupplier(supplier.supplierId)]);
  const recompute = async (stock: StockLevel) => {
    const [forecast, onOrder] = await Promise.all([demandForecastOf(stock, now), purchaseOrdersRepository.unitsOnOrderFor(stock)]);
    const inputs = { supplierTerms: termsForSku(supplier.terms, offers.get(stock.sku)), observedLeadTimesDays, onOrder, reviewPeriodDays: settings.reviewPeriodDays };
    await inventoryRepository.savePolicy(stock.sku, recomputePolicy(stock, forecast, inputs, now));
  };
  const failures = (await inBatches(stocks, (stock) => recompute(stock).then(() => undefined, (error: unknown) => ({ sku: stock.sku, error })))).filter((outcome) => outcome !== undefined);
  for (const failure of failures) logger.error('reorder policy not recomputed; the next night tries again', failure);
  return { skus: stocks.length, failed: failures.length };
}
