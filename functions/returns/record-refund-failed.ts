import { returnRefundFailedTaskInput } from '../../shared/contracts/returns';
import { taskHandler } from '../../shared/tasks/task-handler';
import { decisionOutcome } from '../../shared/domain/returns/approval';
import { recordRefund } from './refunds';

/**
 * Workflow task RecordRefundFailed: the refund failed after its retries, so the return is REFUND_FAILED and
 * `ReturnRefundFailed` alerts ops, who retry with POST /returns/{id}/refund (the same key: never paid twice).
 * A return refunded meanwhile stays REFUNDED.
 */
/** The Catch's `Cause` is Lambda's error description (`{"errorMessage": …}`): the provider's message, else as it came. */
export const failureOf = (cause: string | undefined, otherwise = 'the payment provider stayed unavailable'): string => {
  try {
    const message = (JSON.parse(cause ?? '') as { errorMessage?: unknown }).errorMessage;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: the cause as it came
  }
  return cause ?? otherwise;
};

export const handler = taskHandler(returnRefundFailedTaskInput, async function recordRefundFailed({ returnId, failure, correlationId }) {
  return decisionOutcome(await recordRefund(returnId, { outcome: 'FAILED', failure: failureOf(failure) }, correlationId));
});
