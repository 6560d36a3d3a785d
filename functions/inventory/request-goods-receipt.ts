import { tokenTaskInput } from '../../shared/contracts/purchase-orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { receiptWait } from '../../shared/domain/inventory/restock';
import { applyPurchaseOrderStep } from './purchase-order-steps';

const AWAITING_GOODS = ['SENT', 'PARTIALLY_RECEIVED'];

/**
 * Workflow task behind the "await goods" steps: stores this step's task token so
 * `POST /purchase-orders/{id}/receipts` can wake it. Goods received in full while no step was listening
 * are handed on at once.
 */
export const handler = taskHandler(tokenTaskInput, async function requestGoodsReceipt({ executionName, taskToken, correlationId }) {
  const { order } = await applyPurchaseOrderStep(
    executionName,
    (current) => (AWAITING_GOODS.includes(current.status) ? { set: { receiptToken: taskToken } } : {}),
    correlationId,
  );
  if (AWAITING_GOODS.includes(order.status)) return { waiting: true };
  const outcome = await sendTaskSuccess(taskToken, receiptWait(order, clock.now()));
  logger.info('goods were already received; resumed own task token', { purchaseOrderId: order.purchaseOrderId, outcome });
  return { waiting: false };
});
