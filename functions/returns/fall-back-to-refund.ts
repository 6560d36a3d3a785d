import { returnFallBackTaskInput } from '../../shared/contracts/returns';
import { taskHandler } from '../../shared/tasks/task-handler';
import { decisionOutcome } from '../../shared/domain/returns/approval';
import { fallBackToRefund } from './exchanges';

/**
 * Workflow task FallBackToRefund, the exchange's compensation: the replacement cannot be had, so what arrived is
 * refunded in full instead (RECEIVED; the refund step follows), with `ReturnExchangeFellBack` to ops and the customer.
 */
export const handler = taskHandler(returnFallBackTaskInput, async function fallBackToRefundTask({ returnId, reason, correlationId }) {
  return decisionOutcome(await fallBackToRefund(returnId, reason, correlationId));
});
