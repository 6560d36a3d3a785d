import { restockTaskInput } from '../../shared/contracts/purchase-orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { markOverdue } from '../../shared/domain/inventory/purchase-order';
import { overdueAsOf } from '../../shared/domain/inventory/restock';
import { applyPurchaseOrderStep } from './purchase-order-steps';

/**
 * Workflow task AlertPurchaseOrderOverdue: the wait for goods reached the expected date, so the order is
 * overdue (overdueAsOf); PurchaseOrderOverdue alerts ops once and counts against the supplier's on-time rate.
 * Compensation: none (an alert).
 */
export const handler = taskHandler(restockTaskInput, async function raiseOverdue({ executionName, correlationId }) {
  const { order } = await applyPurchaseOrderStep(
    executionName,
    (current) => markOverdue(current, overdueAsOf(current, clock.now())),
    correlationId,
  );
  return { overdue: order.overdueAt !== undefined };
});
