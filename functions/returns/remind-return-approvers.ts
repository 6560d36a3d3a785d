import { returnTaskInput } from '../../shared/contracts/returns';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as returnsRepository from '../../shared/adapters/returns-repository';
import { clock } from '../../shared/adapters/clock';
import { remindApprovers } from '../../shared/domain/returns/approval';

/** Workflow task RemindApprovers: one reminder to ops (ReturnApprovalReminderDue), unless the return was decided meanwhile. Compensation: none (a notification). */
export const handler = taskHandler(returnTaskInput, async function remindReturnApprovers({ returnId, correlationId }) {
  const { changed } = await returnsRepository.updateReturn(returnId, (current) => remindApprovers(current, clock.now()), correlationId);
  return { reminded: changed };
});
