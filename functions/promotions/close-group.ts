import { taskHandler } from '../../shared/tasks/task-handler';
import * as groupsRepository from '../../shared/adapters/groups-repository';
import { groupTaskInput } from './group-steps';

/**
 * CloseGroupAtDeadline: the time limit passed. FILLED if every place was taken by an accepted order (the join
 * that completed it did not get to say so), else EXPIRED with `GroupExpired` — once; no join gets in after.
 */
export const handler = taskHandler(groupTaskInput, async function closeGroup({ groupId, correlationId }) {
  const { group } = await groupsRepository.closeAtDeadline(groupId, correlationId);
  return { status: group.status, members: group.members, accepted: group.accepted };
});
