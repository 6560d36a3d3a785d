import * as z from '../../shared/contracts/z';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { recomputeSupplierStock } from './reorder-policy-run';

/** `ReorderPolicyRequested` as EventBridge delivers it (the fields this consumer reads). */
const reorderPolicyRequestedEvent = z.object({ detail: z.object({ supplierId: z.string().check(z.minLength(1)), runId: z.string() }) });

/**
 * The nightly reorder policy's unit of work (rule on `ReorderPolicyRequested`, one per live supplier): the
 * supplier's SKUs (GSI2), its delivered lead times read once, each SKU's policy written to its stock record.
 * Safe to run twice: a recompute writes the same policy again.
 */
export const handler = taskHandler(reorderPolicyRequestedEvent, async function recomputeSupplierReorderPolicy({ detail }) {
  const supplier = await suppliersRepository.getSupplier(detail.supplierId);
  if (!supplier) {
    logger.warn('no such supplier: no reorder policy', { supplierId: detail.supplierId });
    return { skus: 0, failed: 0 };
  }
  const report = await recomputeSupplierStock(supplier, await inventoryRepository.supplierStock(supplier.supplierId), clock.now());
  logger.info('reorder policy recomputed for a supplier', { supplierId: supplier.supplierId, runId: detail.runId, ...report });
  return report;
});
