import { returnTaskInput } from '../../shared/contracts/returns';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as returnsRepository from '../../shared/adapters/returns-repository';
import { clock } from '../../shared/adapters/clock';
import { approvalReminderHoursFrom, approvalTiming } from '../../shared/domain/returns/approval';

const reminderHours = approvalReminderHoursFrom(process.env);

/** Workflow task ApprovalTiming: whether the return still waits, and how long until the reminder and the deadline. Reads only. */
export const handler = taskHandler(returnTaskInput, async function readApprovalTiming({ returnId }) {
  return approvalTiming(await returnsRepository.requireReturn(returnId), clock.now(), reminderHours);
});
