import { groupBuyRoutes } from '../../shared/contracts/group-buy';
import { readHandler } from '../../shared/http/read-handler';
import * as groupsRepository from '../../shared/adapters/groups-repository';
import { found } from '../../shared/domain/errors';
import { groupView } from '../../shared/domain/promotions/group-buy';

/** GET /promotions/{id}/groups/{groupId} — a group: status, places taken of those it needs, deadline (the leader shares its id). */
export const handler = readHandler(groupBuyRoutes.getGroup, async function getGroup({ path }) {
  const group = await groupsRepository.getGroup(path.groupId);
  return groupView(found(group?.promotionId === path.id ? group : undefined, 'Group', path.groupId));
});
