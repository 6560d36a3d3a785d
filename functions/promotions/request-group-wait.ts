import * as z from '../../shared/contracts/z';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as groupsRepository from '../../shared/adapters/groups-repository';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import { logger } from '../../shared/adapters/logger';
import { groupTaskInput } from './group-steps';

const input = z.extend(groupTaskInput, { taskToken: z.string().check(z.minLength(1)) });

/**
 * WaitForGroupFilled's task: stores the wait's token on the group, for the consumer of `GroupFilled` to
 * answer. A group that filled (or completed) before the wait began is answered at once with this token.
 */
export const handler = taskHandler(input, async function requestGroupWait({ groupId, taskToken, correlationId }) {
  const stored = await groupsRepository.setWaitToken(groupId, taskToken);
  const { group } = stored.status === 'OPEN' ? await groupsRepository.fillIfComplete(groupId, correlationId) : { group: stored };
  if (group.status !== 'FILLED') return { waiting: true };
  const outcome = await sendTaskSuccess(taskToken, { filled: true });
  logger.info('group had filled already; resumed own task token', { groupId, outcome });
  return { waiting: false };
});
