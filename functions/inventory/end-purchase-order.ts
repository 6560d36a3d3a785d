import { purchaseOrderRoutes } from '../../shared/contracts/purchase-orders';
import { httpHandler } from '../../shared/http/handler';
import * as purchaseOrdersRepository from '../../shared/adapters/purchase-orders-repository';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { conflict } from '../../shared/domain/errors';
import { endPurchaseOrder } from '../../shared/domain/inventory/purchase-order';
import { receiptWait } from '../../shared/domain/inventory/restock';
import { toPurchaseOrderView } from './purchase-order-views';

/**
 * POST /purchase-orders/{id}/close — an operator ends an order waiting for goods: nothing received →
 * CANCELLED, some received → CLOSED short with its delivery performance; the SKU's open-order mark goes in
 * the same write. Then the restock workflow's wait for goods is woken and ends. Any other order is 409
 * PurchaseOrderNotOpen, an unknown one 404; neither writes anything.
 */
export const handler = httpHandler(purchaseOrderRoutes.closePurchaseOrder, async function endPurchaseOrderRoute({ path, body, actor, correlationId }) {
  const now = clock.now();
  // One attempt: an order that changed meanwhile (goods came in) is a 409 to read again.
  const updated = await purchaseOrdersRepository.updatePurchaseOrder(
    path.id,
    (order) => {
      const { performance, ...ended } = endPurchaseOrder(order, actor.sub, body.reason, now);
      return { ...ended, ...(performance ? { set: { performance } } : {}), clear: ['receiptToken'] as const };
    },
    correlationId,
    1,
  );
  if (typeof updated === 'string') throw conflict('PurchaseOrderChangedConcurrently', 'The purchase order changed while it was closed; read it again');
  const { read, order } = updated;
  const resumed = read.receiptToken ? await sendTaskSuccess(read.receiptToken, receiptWait(order, now)) : 'token-expired';
  logger.info('purchase order ended by an operator', { purchaseOrderId: order.purchaseOrderId, status: order.status, resumed });
  return toPurchaseOrderView(order);
});
