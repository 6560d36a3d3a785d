import { returnTaskInput } from '../../shared/contracts/returns';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as returnsRepository from '../../shared/adapters/returns-repository';
import { clock } from '../../shared/adapters/clock';
import { decisionOutcome, expireReturn } from '../../shared/domain/returns/approval';

/** Workflow task ExpireReturn: nobody decided by the deadline, so the return EXPIRES (ReturnExpired tells the customer and ops). A decision that slipped in is answered instead. */
export const handler = taskHandler(returnTaskInput, async function expireWaitingReturn({ returnId, correlationId }) {
  const { ret } = await returnsRepository.updateReturn(returnId, (current, tally) => expireReturn(current, tally, clock.now()), correlationId);
  return decisionOutcome(ret);
});
