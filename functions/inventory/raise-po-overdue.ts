import { restockTaskInput } from '../../shared/contracts/purchase-orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { markOverdue } from '../../shared/domain/inventory/purchase-order';
import { applyPurchaseOrderStep } from './purchase-order-steps';

/**
 * Workflow task AlertPurchaseOrderOverdue: the wait for goods reached the expected date, so the order is
 * overdue; PurchaseOrderOverdue alerts ops once and counts against the supplier's on-time rate. The wait's
 * deadline is the expected date: judged as of the later of now and that date, since a timer brought forward
 * (`npm run advance`) fires early. Compensation: none (an alert).
 */
export const handler = taskHandler(restockTaskInput, async function raiseOverdue({ executionName, correlationId }) {
  const { order } = await applyPurchaseOrderStep(
    executionName,
    (current) => markOverdue(current, new Date(Math.max(clock.now().getTime(), Date.parse(current.expectedBy ?? '') + 1 || 0))),
    correlationId,
  );
  return { overdue: order.overdueAt !== undefined };
});
