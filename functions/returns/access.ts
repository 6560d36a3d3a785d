/** Who sees which return (and whose order may be returned): operators and the warehouse all, a customer only its own (others get a 404). */
import * as ordersRepository from '../../shared/adapters/orders-repository';
import * as returnsRepository from '../../shared/adapters/returns-repository';
import { hasRole, type Actor } from '../../shared/domain/actor';
import { notFound } from '../../shared/domain/errors';

const seesAll = (actor: Actor) => hasRole(actor, 'operator') || hasRole(actor, 'warehouse');

/** 404, not 403: ids cannot be probed. */
export async function returnVisibleTo(actor: Actor, returnId: string): Promise<returnsRepository.StoredReturn> {
  const ret = await returnsRepository.getReturn(returnId);
  if (ret && (seesAll(actor) || ret.customerId === actor.sub)) return ret;
  throw notFound('Return', returnId);
}

/** The order a return is asked for: its customer's own, or any for an operator. */
export async function returnableOrder(actor: Actor, orderId: string): Promise<ordersRepository.StoredOrder> {
  const order = await ordersRepository.getOrder(orderId);
  if (order && (hasRole(actor, 'operator') || order.customerId === actor.sub)) return order;
  throw notFound('Order', orderId);
}
