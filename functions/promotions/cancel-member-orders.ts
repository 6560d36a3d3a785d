import { taskHandler } from '../../shared/tasks/task-handler';
import * as groupsRepository from '../../shared/adapters/groups-repository';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { sendTaskFailure } from '../../shared/adapters/workflows';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { DomainError } from '../../shared/domain/errors';
import { canCancel } from '../../shared/domain/orders/order';
import { cancelOrder } from '../../shared/domain/orders/fulfilment';
import { ORDER_FULFILMENT_ERRORS } from '../../shared/domain/workflow-errors';
import { groupTaskInput } from './group-steps';

const CHECKING_OUT = ['PENDING', 'STOCK_RESERVED', 'PAYMENT_AUTHORIZED', 'CARRIER_ALLOCATED'];

/**
 * The group did not fill in time (or its workflow failed): every member's order is cancelled through the order's
 * own cancel — CANCELLED with `OrderCancelled` (the customer is told), its packing wait failed with
 * `OrderCancelled` so the order workflow releases the stock and voids the authorization, and the promotions'
 * consumer gives the use back. `pending`: members whose checkout is still running (seconds, or the order sweeper's
 * minutes for one whose request died); the workflow comes back for them.
 */
export const handler = taskHandler(groupTaskInput, async function cancelMemberOrders({ groupId, correlationId }) {
  const members = await groupsRepository.membersOf(groupId);
  let cancelled = 0;
  let pending = 0;
  for (const { orderId } of members) {
    const order = await ordersRepository.getOrder(orderId);
    if (!order || !canCancel(order.status)) {
      if (order && CHECKING_OUT.includes(order.status)) pending += 1;
      continue;
    }
    const updated = await ordersRepository.updateOrder(orderId, (current) => {
      if (!canCancel(current.status)) return {};
      return { ...cancelOrder(current, `group-buy:${groupId}`, 'The group did not fill in time; nothing is charged', clock.now(), 'GROUP_EXPIRED'), write: { correlationId } };
    }, 12);
    if (updated === 'contention') throw new DomainError('unavailable', 'OrderChangedConcurrently', `order ${orderId} kept changing while its group cancelled it`);
    if (updated.read.status === updated.order.status) continue;
    cancelled += 1;
    if (updated.read.packingToken) await sendTaskFailure(updated.read.packingToken, ORDER_FULFILMENT_ERRORS.OrderCancelled, `Order ${orderId} was cancelled: its group did not fill`);
  }
  logger.info('group closed unfilled: member orders cancelled', { groupId, members: members.length, cancelled, pending });
  return { cancelled, pending };
});
