import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { clock } from '../../shared/adapters/clock';
import { inBatches } from '../../shared/adapters/table-access';
import { logger } from '../../shared/adapters/logger';
import { reorderPolicyRequested } from '../../shared/domain/inventory/events';
import { recomputeSupplierStock } from './reorder-policy-run';

/**
 * The nightly reorder policy (schedule `reorder-policy`, 01:00 UTC; `npm run invoke -- reorder-policy`) fans out:
 * one `ReorderPolicyRequested` per live supplier (approved and on probation, GSI1 pages), through the outbox, and
 * each supplier's SKUs are recomputed by its own invocation of recompute-supplier-reorder-policy, side by side —
 * this run's cost is per supplier, never per SKU. Invoked with `{ skus: [...] }` it recomputes just those, here
 * (an operator after changing a supplier's terms).
 */
export async function handler(event: { skus?: readonly string[] } = {}): Promise<{ skus: number; failed: number } | { suppliers: number }> {
  const now = clock.now();
  if (event.skus?.length) {
    const report = { skus: 0, failed: 0 };
    for (const sku of event.skus) {
      const stock = await inventoryRepository.getStock(sku);
      const supplier = stock && (await suppliersRepository.getSupplier(stock.supplierId));
      if (!stock || !supplier) continue;
      const done = await recomputeSupplierStock(supplier, [stock], now);
      report.skus += done.skus;
      report.failed += done.failed;
    }
    logger.info('reorder policy recomputed for the SKUs asked', report);
    return report;
  }
  const runId = now.toISOString();
  const suppliers = await inventoryRepository.liveSuppliers();
  await inBatches(suppliers, (supplier) => inventoryRepository.publish(reorderPolicyRequested(supplier.supplierId, runId), `reorder-policy-${runId}`));
  logger.info('reorder policy requested per live supplier', { suppliers: suppliers.length, runId });
  return { suppliers: suppliers.length };
}
