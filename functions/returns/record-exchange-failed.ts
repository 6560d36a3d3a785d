import { returnRefundFailedTaskInput } from '../../shared/contracts/returns';
import { taskHandler } from '../../shared/tasks/task-handler';
import { decisionOutcome } from '../../shared/domain/returns/approval';
import { failureOf } from './record-refund-failed';
import { recordExchangeFailed } from './exchanges';

/**
 * Workflow task RecordExchangeFailed: placing the replacement failed after its retries, so the return is
 * EXCHANGE_FAILED and `ReturnExchangeFailed` alerts ops, who retry with POST /returns/{id}/exchange (the same order id).
 */
export const handler = taskHandler(returnRefundFailedTaskInput, async function recordExchangeFailedTask({ returnId, failure, correlationId }) {
  return decisionOutcome(await recordExchangeFailed(returnId, failureOf(failure, 'the replacement order could not be placed'), correlationId));
});
