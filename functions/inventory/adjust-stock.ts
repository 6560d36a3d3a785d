import { inventoryRoutes } from '../../shared/contracts/inventory';
import { httpHandler } from '../../shared/http/handler';
import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import { creationGuards } from '../../shared/adapters/created-once';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { stockAdjusted } from '../../shared/domain/orders/events';
import { DomainError, notFound } from '../../shared/domain/errors';
import { toStockView } from './stock-view';

/**
 * POST /inventory/{sku}/adjustments — receives or writes off units: on hand and available change together,
 * conditionally, so a write-off never takes units that orders have reserved (409 InsufficientStock). Under
 * an Idempotency-Key the adjustment happens once (its creation guard is in the same transaction), however
 * often or late the request is retried.
 */
export const handler = httpHandler(inventoryRoutes.adjustStock, async function adjustStock({ path, body, actor, correlationId, creation }) {
  const before = await inventoryRepository.getStock(path.sku);
  if (!before) throw notFound('Stock of SKU', path.sku);
  const current = async () => toStockView((await inventoryRepository.getStock(path.sku))!);
  const { created } = await creationGuards.createOnce(creation, {
    existing: current,
    create: async (_adjustmentId, guard) => {
      const adjusted = await inventoryRepository.adjustStock(path.sku, body.quantity, clock.now(), stockAdjusted(path.sku, body.quantity, body.reason, actor.sub), correlationId, guard);
      // Lost to another transaction on the same stock: a 5xx releases the key, so the client's retry runs again.
      if (adjusted === 'contention') throw new Error(`stock of ${path.sku} changed during the adjustment`);
      if (adjusted === 'refused') {
        throw new DomainError('conflict', 'InsufficientStock', `Only ${before.available} units of ${path.sku} are available to write off`, [
          { field: 'quantity', message: `at least -${before.available}` },
        ]);
      }
      return undefined;
    },
  });
  logger.info(created ? 'stock adjusted' : 'stock adjustment already made under this key', { sku: path.sku, quantity: body.quantity, reason: body.reason });
  return current();
});
