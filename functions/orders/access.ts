/** Who sees which order: operators and the warehouse all, a customer only its own (others get a 404). */
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { type StoredOrder } from '../../shared/adapters/orders-repository';
import { hasRole, type Actor } from '../../shared/domain/actor';
import { notFound } from '../../shared/domain/errors';
import type { Order } from '../../shared/domain/orders/order';

/** `order` if `actor` may see it; to anyone else it does not exist (404, not 403: ids cannot be probed). */
export function visibleTo<O extends Order>(actor: Actor, orderId: string, order: O | undefined): O {
  if (order && (hasRole(actor, 'operator') || hasRole(actor, 'warehouse') || order.customerId === actor.sub)) return order;
  throw notFound('Order', orderId);
}

export async function orderVisibleTo(actor: Actor, orderId: string): Promise<StoredOrder> {
  return visibleTo(actor, orderId, await ordersRepository.getOrder(orderId));
}
