import { restockTaskInput } from '../../shared/contracts/purchase-orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { submitPurchaseOrder } from '../../shared/domain/inventory/purchase-order';
import { approvalTiming, restockSettingsFrom } from '../../shared/domain/inventory/restock';
import { applyPurchaseOrderStep } from './purchase-order-steps';

/**
 * Workflow task SubmitForApproval: APPROVED at once when the total is within the auto-approval limit (and
 * the supplier is not on probation), else PENDING_APPROVAL with a deadline for the operator. Already
 * submitted: the status as it stands. Compensation: CancelPurchaseOrder (declared on CreatePurchaseOrder).
 */
export const handler = taskHandler(restockTaskInput, async function submitForApproval({ executionName, correlationId }) {
  const settings = restockSettingsFrom(process.env);
  const now = clock.now();
  const timing = approvalTiming(settings, now);
  const { order } = await applyPurchaseOrderStep(
    executionName,
    (current) => {
      if (current.status !== 'DRAFT') return {};
      const submitted = submitPurchaseOrder(current, settings.autoApprovalLimit, now);
      return submitted.next.status === 'PENDING_APPROVAL' ? { ...submitted, set: { decideBy: timing.decideBy } } : submitted;
    },
    correlationId,
  );
  return { status: order.status, route: order.approval?.route, timing };
});
