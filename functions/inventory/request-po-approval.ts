import { tokenTaskInput } from '../../shared/contracts/purchase-orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import { logger } from '../../shared/adapters/logger';
import { approvalOutcome } from '../../shared/domain/inventory/restock';
import { applyPurchaseOrderStep } from './purchase-order-steps';

/**
 * Workflow task behind both "await approval" steps: stores this step's task token so
 * `POST /purchase-orders/{id}/decision` can wake it. A decision taken while no step was listening (between
 * a timeout and this step) is handed back at once.
 */
export const handler = taskHandler(tokenTaskInput, async function requestApproval({ executionName, taskToken, correlationId }) {
  const { order } = await applyPurchaseOrderStep(
    executionName,
    (current) => (current.status === 'PENDING_APPROVAL' ? { set: { approvalToken: taskToken } } : {}),
    correlationId,
  );
  if (order.status === 'PENDING_APPROVAL') return { waiting: true };
  const outcome = await sendTaskSuccess(taskToken, approvalOutcome(order));
  logger.info('purchase order was already decided; resumed own task token', { purchaseOrderId: order.purchaseOrderId, outcome });
  return { waiting: false };
});
