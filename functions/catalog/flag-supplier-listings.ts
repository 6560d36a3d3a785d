import * as z from '../../shared/contracts/z';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { allPages } from '../../shared/adapters/table-access';
import { clearSupplierFlag, flagSupplierSuspended } from '../../shared/domain/catalog/supplier-flag';

/** The `SupplierStandingChanged` event as EventBridge delivers it (the fields this consumer reads). */
const standingChangedEvent = z.object({
  detail: z.object({ supplierId: z.string(), from: z.string(), to: z.string(), weekStart: z.string() }),
});

/**
 * Flags a supplier's listings while it is SUSPENDED (rule on `SupplierStandingChanged`): every product of the
 * supplier (GSI2 `SUPPLIER_PRODUCTS#<id>`, key queries) gets `supplierFlag`, shown by GET /products/{id} and the
 * operators' lists; leaving SUSPENDED clears it. Each product is its own conditional write, so a redelivered
 * event, or one retried after a failure half-way, flags what is left and changes nothing else.
 */
export const handler = taskHandler(standingChangedEvent, async function flagSupplierListings({ detail }) {
  const suspended = detail.to === 'SUSPENDED';
  if (!suspended && detail.from !== 'SUSPENDED') return { products: 0, changed: 0 };
  const now = clock.now();
  const products = await allPages((page) => catalogRepository.listBySupplier(detail.supplierId, {}, page));
  let changed = 0;
  for (const { productId } of products) {
    const outcome = await catalogRepository.updateProduct(
      productId,
      (product) => ({ next: suspended ? flagSupplierSuspended(product, detail.weekStart, now) : clearSupplierFlag(product, now) }),
      3,
    );
    if (outcome === 'contention') throw new Error(`Product ${productId} kept changing; the event is retried`);
    if (outcome.decision.next) changed += 1;
  }
  logger.info('supplier listings flagged', { supplierId: detail.supplierId, suspended, products: products.length, changed });
  return { products: products.length, changed };
});
