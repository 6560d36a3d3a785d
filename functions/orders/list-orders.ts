import { orderRoutes } from '../../shared/contracts/orders';
import { readHandler } from '../../shared/http/read-handler';
import { decodeNextToken, encodeNextToken } from '../../shared/http/pagination';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { creationGuards } from '../../shared/adapters/created-once';
import { listingOf } from '../../shared/adapters/order-projections';
import { hasRole } from '../../shared/domain/actor';
import { toOrderSummary } from './views';

/** GET /orders — `?idempotencyKey=`: the caller's order placed under that key (0 or 1). Operators and the warehouse (its packing queue): by status, AWAITING_PACKING by default; customers: their own, newest first. */
export const handler = readHandler(orderRoutes.listOrders, async function listOrders({ query, actor }) {
  if (query.idempotencyKey !== undefined) {
    // Where a POST /orders that never got its answer went: the key's creation guard names the order.
    const orderId = await creationGuards.createdBy(orderRoutes.placeOrder.operationId, actor.sub, query.idempotencyKey);
    const order = orderId ? await ordersRepository.getOrder(orderId) : undefined;
    return { items: order && order.customerId === actor.sub ? [toOrderSummary(listingOf(order))] : [] };
  }
  const operator = hasRole(actor, 'operator') || hasRole(actor, 'warehouse');
  const scope = operator ? `orders:status:${query.status ?? 'AWAITING_PACKING'}` : `orders:customer:${actor.sub}:${query.status ?? '*'}`;
  const page = { limit: query.limit, exclusiveStartKey: decodeNextToken(query.nextToken, scope) };
  const result = operator
    ? await ordersRepository.listByStatus(query.status ?? 'AWAITING_PACKING', page)
    : await ordersRepository.listByCustomer(actor.sub, query.status, page);
  return { items: result.items.map(toOrderSummary), nextToken: encodeNextToken(result.lastEvaluatedKey, scope) };
});
