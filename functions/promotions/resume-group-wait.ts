import * as z from '../../shared/contracts/z';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as groupsRepository from '../../shared/adapters/groups-repository';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import { logger } from '../../shared/adapters/logger';

const groupFilledEvent = z.object({ detail: z.object({ groupId: z.string() }) });

/**
 * On `GroupFilled`: the group's workflow stops waiting (its token answered) and lets the members' orders go
 * on. No token yet: the wait, when it starts, finds the group FILLED and goes on by itself. Twice: the
 * second answer finds the token spent, which is fine.
 */
export const handler = taskHandler(groupFilledEvent, async function resumeGroupWait({ detail }) {
  const group = await groupsRepository.getGroup(detail.groupId);
  const outcome = group?.waitToken ? await sendTaskSuccess(group.waitToken, { filled: true }) : 'no-token-yet';
  logger.info('group filled: its workflow resumed', { groupId: detail.groupId, outcome });
  return { outcome };
});
