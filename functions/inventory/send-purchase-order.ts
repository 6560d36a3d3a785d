import { restockTaskInput } from '../../shared/contracts/purchase-orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { sendPurchaseOrder } from '../../shared/domain/inventory/purchase-order';
import { receiptWait } from '../../shared/domain/inventory/restock';
import { applyPurchaseOrderStep } from './purchase-order-steps';

/**
 * Workflow task SendToSupplier: SENT, expected by now + lead time; PurchaseOrderSent notifies the supplier.
 * Answers how long to wait for goods before the order is overdue. Compensation: none (the supplier has it).
 */
export const handler = taskHandler(restockTaskInput, async function sendToSupplier({ executionName, correlationId }) {
  const now = clock.now();
  const { order } = await applyPurchaseOrderStep(executionName, (current) => (current.status === 'APPROVED' ? sendPurchaseOrder(current, now) : {}), correlationId);
  return receiptWait(order, now);
});
