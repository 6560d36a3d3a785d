/**
 * What the group-buy workflow's tasks share (workflows/group-buy): their input, and a group that must exist
 * (a workflow runs for a group its `GroupStarted` named).
 */
import * as z from '../../shared/contracts/z';
import * as groupsRepository from '../../shared/adapters/groups-repository';
import { ulidSchema } from '../../shared/contracts/common';

export const groupTaskInput = z.object({ groupId: ulidSchema, correlationId: z.string().check(z.minLength(1)) });

export async function requireGroup(groupId: string) {
  const group = await groupsRepository.getGroup(groupId);
  if (!group) throw new Error(`group ${groupId} does not exist`);
  return group;
}
