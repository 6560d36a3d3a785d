import { taskHandler } from '../../shared/tasks/task-handler';
import * as groupsRepository from '../../shared/adapters/groups-repository';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { sendTaskHeartbeat } from '../../shared/adapters/workflows';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { releaseFromGroup } from '../../shared/domain/orders/fulfilment';
import { groupTaskInput } from './group-steps';

/**
 * ReleaseMemberOrders: the group filled, so every member's order goes to the warehouse (AWAITING_GROUP →
 * AWAITING_PACKING), and its order workflow's packing wait gets a heartbeat: the warehouse's deadline runs
 * from now. Run twice, it releases nothing twice (an order already released, or cancelled, is left as it is).
 */
export const handler = taskHandler(groupTaskInput, async function releaseMemberOrders({ groupId, correlationId }) {
  const members = await groupsRepository.membersOf(groupId);
  let released = 0;
  for (const { orderId } of members) {
    const updated = await ordersRepository.updateOrder(orderId, (order) => ({ ...releaseFromGroup(order, clock.now()), write: { correlationId } }), 12);
    if (updated === 'contention') throw new Error(`order ${orderId} kept changing while its group released it`);
    if (updated.order.status !== 'AWAITING_PACKING') continue;
    if (updated.order.packingToken) await sendTaskHeartbeat(updated.order.packingToken);
    released += updated.decision.next ? 1 : 0;
  }
  logger.info('group filled: member orders released to the warehouse', { groupId, members: members.length, released });
  return { members: members.length, released };
});
