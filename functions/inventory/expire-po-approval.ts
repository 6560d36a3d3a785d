import { restockTaskInput } from '../../shared/contracts/purchase-orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { cancelPurchaseOrder } from '../../shared/domain/inventory/purchase-order';
import { APPROVAL_TIMED_OUT, approvalOutcome } from '../../shared/domain/inventory/restock';
import { applyPurchaseOrderStep } from './purchase-order-steps';

/**
 * Workflow task ExpireApproval: nobody decided in time, so the order is CANCELLED (APPROVAL_TIMED_OUT; the
 * PurchaseOrderCancelled event alerts ops). A decision that slipped in at the last moment is returned instead.
 */
export const handler = taskHandler(restockTaskInput, async function expireApproval({ executionName, correlationId }) {
  const { order } = await applyPurchaseOrderStep(
    executionName,
    (current) =>
      current.status === 'PENDING_APPROVAL'
        ? { ...cancelPurchaseOrder(current, 'system', APPROVAL_TIMED_OUT, clock.now()), clear: ['approvalToken'] as const }
        : {},
    correlationId,
  );
  return approvalOutcome(order);
});
