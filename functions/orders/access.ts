/** Who sees which order: operators and the warehouse all, a customer only its own (others get a 404). */
import { ordersRepository, type StoredOrder } from '../../shared/adapters/orders-repository';
import { hasRole, type Actor } from '../../shared/domain/actor';
import { notFound } from '../../shared/domain/errors';

export async function orderVisibleTo(actor: Actor, orderId: string): Promise<StoredOrder> {
  const order = await ordersRepository.getOrder(orderId);
  if (order && (hasRole(actor, 'operator') || hasRole(actor, 'warehouse') || order.customerId === actor.sub)) return order;
  throw notFound('Order', orderId);
}
