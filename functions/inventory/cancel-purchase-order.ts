import { restockTaskInput } from '../../shared/contracts/purchase-orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as purchaseOrdersRepository from '../../shared/adapters/purchase-orders-repository';
import { clock } from '../../shared/adapters/clock';
import { cancelPurchaseOrder } from '../../shared/domain/inventory/purchase-order';
import { applyPurchaseOrderStep } from './purchase-order-steps';

const CANCELLABLE = ['DRAFT', 'PENDING_APPROVAL', 'APPROVED'];

/**
 * Compensation of CreatePurchaseOrder: a restock that fails before its order went out cancels the order
 * (RESTOCK_FAILED). Undoes nothing that was not done: no order yet, or one already sent, received or
 * finished, is left as it is (the RestockFailed alert names it).
 */
export const handler = taskHandler(restockTaskInput, async function cancelRestockPurchaseOrder({ executionName, correlationId }) {
  if (!(await purchaseOrdersRepository.purchaseOrderOfExecution(executionName))) return { cancelled: false };
  const { order } = await applyPurchaseOrderStep(
    executionName,
    (current) =>
      CANCELLABLE.includes(current.status)
        ? { ...cancelPurchaseOrder(current, 'restock', 'RESTOCK_FAILED', clock.now()), clear: ['approvalToken'] as const }
        : {},
    correlationId,
  );
  return { cancelled: order.status === 'CANCELLED' };
});
