import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import * as purchaseOrdersRepository from '../../shared/adapters/purchase-orders-repository';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { clock } from '../../shared/adapters/clock';
import { inBatches } from '../../shared/adapters/table-access';
import { logger } from '../../shared/adapters/logger';
import { historyWindow, recomputePolicy } from '../../shared/domain/inventory/policy-recompute';
import { restockSettingsFrom, termsForSku } from '../../shared/domain/inventory/restock';
import type { StockLevel } from '../../shared/domain/inventory/stock';
import type { Supplier } from '../../shared/domain/suppliers/supplier';

const settings = restockSettingsFrom(process.env);

/**
 * The nightly reorder policy (schedule `reorder-policy`, 01:00 UTC; `npm run invoke -- reorder-policy`): for every
 * live SKU — its suppliers by status, their SKUs by GSI2, key queries only — the sales history of the last
 * eight weeks, the forecast, the lead time corrected by the supplier's delivered lead times, safety stock, reorder
 * point and quantity (with the supplier's MOQ and pack for the SKU and what its open order still owes;
 * policy-recompute.ts), written to the stock record with the inputs that produced them. Invoked with `{ skus: [...] }` it recomputes just those
 * (an operator after changing a supplier's terms).
 */
export async function handler(event: { skus?: readonly string[] } = {}): Promise<{ skus: number; failed: number }> {
  const now = clock.now();
  const report = { skus: 0, failed: 0 };
  const recompute = async (stock: StockLevel, supplier: Supplier, observedLeadTimesDays: readonly number[]) => {
    const window = historyWindow(stock, now);
    const [sales, onOrder] = await Promise.all([inventoryRepository.salesHistory(stock.sku, window.from, window.to), purchaseOrdersRepository.unitsOnOrderFor(stock)]);
    const inputs = { supplierTerms: termsForSku(supplier.terms, stock.sku), observedLeadTimesDays, onOrder, reviewPeriodDays: settings.reviewPeriodDays };
    await inventoryRepository.savePolicy(stock.sku, recomputePolicy(stock, sales, inputs, now));
  };
  if (event.skus?.length) {
    for (const sku of event.skus) {
      const stock = await inventoryRepository.getStock(sku);
      const supplier = stock && (await suppliersRepository.getSupplier(stock.supplierId));
      if (stock && supplier) await recompute(stock, supplier, await purchaseOrdersRepository.observedLeadTimes(supplier.supplierId, now));
      report.skus += stock && supplier ? 1 : 0;
    }
    logger.info('reorder policy recomputed for the SKUs asked', report);
    return report;
  }
  for await (const { supplier, stocks } of inventoryRepository.liveStock()) {
    // The supplier's delivered lead times, read once for all its SKUs.
    const observedLeadTimesDays = await purchaseOrdersRepository.observedLeadTimes(supplier.supplierId, now);
    // One SKU that fails is logged and left for the next night; the others go on.
    const failures = await inBatches(stocks, (stock) => recompute(stock, supplier, observedLeadTimesDays).then(() => undefined, (error: unknown) => ({ sku: stock.sku, error })));
    report.skus += stocks.length;
    for (const failure of failures.filter((outcome) => outcome !== undefined)) {
      report.failed += 1;
      logger.error('reorder policy not recomputed; the next night tries again', failure);
    }
  }
  logger.info('reorder policy recomputed', report);
  return report;
}
