import { restockTaskInput } from '../../shared/contracts/purchase-orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { purchaseOrderApprovalReminderDue } from '../../shared/domain/inventory/events';
import { applyPurchaseOrderStep } from './purchase-order-steps';

/** Workflow task RemindApprovers: one reminder to operators, unless the order was decided meanwhile. Compensation: none (a notification). */
export const handler = taskHandler(restockTaskInput, async function remindApprovers({ executionName, correlationId }) {
  const now = clock.now().toISOString();
  const { change } = await applyPurchaseOrderStep(
    executionName,
    (current) =>
      current.status === 'PENDING_APPROVAL' && !current.reminderSentAt
        ? { set: { reminderSentAt: now }, events: [purchaseOrderApprovalReminderDue(current, current.decideBy ?? '')] }
        : {},
    correlationId,
  );
  return { reminded: change.set !== undefined };
});
