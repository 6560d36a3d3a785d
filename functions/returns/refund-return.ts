import { returnTaskInput } from '../../shared/contracts/returns';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as returnsRepository from '../../shared/adapters/returns-repository';
import { logger } from '../../shared/adapters/logger';
import { namedError } from '../../shared/domain/errors';
import { RETURN_LIFECYCLE_ERRORS } from '../../shared/domain/workflow-errors';
import { decisionOutcome } from '../../shared/domain/returns/approval';
import { isRefundOwed } from '../../shared/domain/returns/receipt';
import { attemptRefund, recordRefund } from './refunds';

/**
 * Workflow task RefundReturn: pays what the receipt owes with the return's one provider key. A provider that is
 * unavailable throws `PaymentProviderUnavailable` and writes nothing, so the workflow retries it with backoff and,
 * after its retries, records REFUND_FAILED for ops (RecordRefundFailed). A return no longer owed a refund (paid by
 * ops' retry meanwhile) answers where it stands: safe to run twice.
 */
export const handler = taskHandler(returnTaskInput, async function refundReturn({ returnId, correlationId }) {
  const ret = await returnsRepository.requireReturn(returnId);
  if (!isRefundOwed(ret)) return decisionOutcome(ret);
  const outcome = await attemptRefund(ret);
  if (outcome.outcome === 'FAILED') {
    logger.warn('refund attempt failed; the workflow retries it', { returnId, failure: outcome.failure });
    throw namedError(RETURN_LIFECYCLE_ERRORS.PaymentProviderUnavailable, outcome.failure);
  }
  return decisionOutcome(await recordRefund(returnId, outcome, correlationId));
});
