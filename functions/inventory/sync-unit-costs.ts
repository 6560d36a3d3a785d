/**
 * Unit-cost sync (schedule `inventory-unit-costs`, weekly; `npm run invoke -- inventory-unit-costs` runs it now):
 * gives every live SKU's stock record its catalog unit cost where it has none or another one, revaluing what is on
 * hand (stock-ledger.ts `setUnitCost`). Publishing a product does this already; this job is the backfill for stock
 * written before costs were kept (docs/analytics.md, "Inventory value at cost") and the repair of a publication whose
 * cost step lost to moving stock. Per live supplier: its stock records (GSI2 `SUPPLIER_STOCK#`) and its active
 * products (GSI2 `SUPPLIER_PRODUCTS#`), key queries only; a SKU already at its cost costs nothing more.
 */
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import * as stockLedger from '../../shared/adapters/stock-ledger';
import { allPages, inBatches } from '../../shared/adapters/table-access';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import type { Money } from '../../shared/domain/money';

export async function handler() {
  const report = { suppliers: 0, skus: 0, set: 0, contention: 0 };
  for (const supplier of await inventoryRepository.liveSuppliers()) {
    const [stocks, products] = await Promise.all([
      inventoryRepository.supplierStock(supplier.supplierId),
      allPages((page) => catalogRepository.listBySupplier(supplier.supplierId, { status: 'ACTIVE' }, page)),
    ]);
    const costs = new Map<string, Money>(products.flatMap((product) => (product.live?.skus ?? []).map((sku) => [sku.sku, sku.unitCost] as const)));
    const due = stocks.filter((stock) => {
      const cost = costs.get(stock.sku);
      return cost !== undefined && (stock.unitCost?.amount !== cost.amount || stock.unitCost.currency !== cost.currency);
    });
    const outcomes = await inBatches(due, (stock) => stockLedger.setUnitCost(stock.sku, costs.get(stock.sku)!, clock.now()));
    report.suppliers += 1;
    report.skus += stocks.length;
    report.set += outcomes.filter((outcome) => outcome === 'set').length;
    report.contention += outcomes.filter((outcome) => outcome === 'contention').length;
  }
  logger.info('unit costs synced', report);
  return report;
}
