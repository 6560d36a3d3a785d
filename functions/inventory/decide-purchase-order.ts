import { purchaseOrderRoutes } from '../../shared/contracts/purchase-orders';
import { httpHandler } from '../../shared/http/handler';
import * as purchaseOrdersRepository from '../../shared/adapters/purchase-orders-repository';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { conflict } from '../../shared/domain/errors';
import { decidePurchaseOrder } from '../../shared/domain/inventory/purchase-order';
import { approvalOutcome } from '../../shared/domain/inventory/restock';
import { toPurchaseOrderView } from './purchase-order-views';

/**
 * POST /purchase-orders/{id}/decision — an operator approves or rejects an order awaiting approval (409 and
 * nothing written otherwise), then wakes the waiting restock workflow. If its wait had just timed out, the
 * next wait step finds the decision and resumes itself.
 */
export const handler = httpHandler(purchaseOrderRoutes.decidePurchaseOrder, async function decidePurchaseOrderRoute({ path, body, actor, correlationId }) {
  const decision = { approve: body.approve, by: actor.sub, ...(body.note ? { note: body.note } : {}) };
  // One attempt: an order that changed meanwhile is a 409 to read again.
  const updated = await purchaseOrdersRepository.updatePurchaseOrder(path.id, (order) => ({ ...decidePurchaseOrder(order, decision, clock.now()), clear: ['approvalToken'] as const }), correlationId, 1);
  if (typeof updated === 'string') throw conflict('PurchaseOrderChangedConcurrently', 'The purchase order changed while it was decided; read it again');
  const { read, order } = updated;
  const resumed = read.approvalToken ? await sendTaskSuccess(read.approvalToken, approvalOutcome(order)) : 'token-expired';
  logger.info('purchase order decided', { purchaseOrderId: order.purchaseOrderId, status: order.status, resumed });
  return toPurchaseOrderView(order);
});
