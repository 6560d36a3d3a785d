import { inventoryRoutes } from '../../shared/contracts/inventory';
import { httpHandler } from '../../shared/http/handler';
import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { creationGuards } from '../../shared/adapters/created-once';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { stockAdjusted } from '../../shared/domain/orders/events';
import { DomainError, invalid, notFound } from '../../shared/domain/errors';
import { adjustmentKind, defaultWarehouseId, unknownWarehouses } from '../../shared/domain/inventory/warehouse-stock';
import { refuseReceivingOnHold } from '../../shared/domain/inventory/quality-hold';
import { toStockView } from './stock-view';

/**
 * POST /inventory/{sku}/adjustments — receives or writes off units at a warehouse (`warehouseId`, default
 * the store's default warehouse): its on hand and available change with the SKU's total, conditionally, so
 * a write-off never takes units that orders have reserved there (409 InsufficientStock), and the audit row
 * keeps who, when, why and the before and after. A SKU on quality hold receives nothing (422), write-offs only. Under an Idempotency-Key the adjustment happens once (its
 * creation guard is in the same transaction), however often or late the request is retried.
 */
export const handler = httpHandler(inventoryRoutes.adjustStock, async function adjustStock({ path, body, actor, correlationId, creation }) {
  const [before, warehouses] = await Promise.all([inventoryRepository.getStock(path.sku), ordersRepository.listWarehouses()]);
  if (!before) throw notFound('Stock of SKU', path.sku);
  refuseReceivingOnHold(before, body.quantity);
  const unknown = unknownWarehouses(warehouses, [{ field: 'warehouseId', warehouseId: body.warehouseId }]);
  if (unknown.length > 0) throw invalid('Stock is adjusted at a known warehouse', unknown);
  const warehouseId = body.warehouseId ?? defaultWarehouseId(warehouses);
  const current = async () => toStockView((await inventoryRepository.getStock(path.sku))!);
  const { created } = await creationGuards.createOnce(creation, {
    existing: current,
    create: async (adjustmentId, guard) => {
      const cause = { kind: adjustmentKind(body.reason), actor: actor.sub, reason: body.note ? `${body.reason}: ${body.note}` : body.reason, ref: adjustmentId };
      const adjusted = await inventoryRepository.adjustStock(path.sku, warehouseId, body.quantity, cause, clock.now(), stockAdjusted(path.sku, body.quantity, body.reason, actor.sub), correlationId, guard);
      // Lost to another transaction on the same stock: a 5xx releases the key, so the client's retry runs again.
      if (adjusted === 'contention') throw new Error(`stock of ${path.sku} changed during the adjustment`);
      if (adjusted === 'refused') {
        throw new DomainError('conflict', 'InsufficientStock', `Not enough units of ${path.sku} are available at ${warehouseId} to write off ${-body.quantity}`, [
          { field: 'quantity', message: `more than is available at ${warehouseId}` },
        ]);
      }
      return undefined;
    },
  });
  logger.info(created ? 'stock adjusted' : 'stock adjustment already made under this key', { sku: path.sku, warehouseId, quantity: body.quantity, reason: body.reason });
  return current();
});
