import { orderRoutes } from '../../shared/contracts/orders';
import { httpHandler } from '../../shared/http/handler';
import { ordersRepository } from '../../shared/adapters/orders-repository';
import { sendTaskFailure } from '../../shared/adapters/workflows';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { orderCancelled } from '../../shared/domain/orders/events';
import { cancellationFor, moveOrder } from '../../shared/domain/orders/order';
import { orderVisibleTo } from './access';
import { toOrderView } from './views';

/**
 * POST /orders/{id}/cancel — before packing: CANCELLED with `OrderCancelled` at once; the workflow then
 * releases the stock and voids the payment (its next step sees the cancellation; a wait for the
 * warehouse is woken with `OrderCancelled`). Cancelling twice answers the same. After packing: 409.
 */
/** The workflow writes an order a few times a second at most: this many re-reads always get through. */
const MAX_ATTEMPTS = 12;
const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.min(200, 5 * 2 ** attempt) * (0.5 + Math.random())));

export const handler = httpHandler(orderRoutes.cancelOrder, async ({ path, body, actor, correlationId }) => {
  // Optimistic write: a workflow step that wrote the order since we read it makes us re-read and decide
  // again (still cancellable? already packed?), with a short jittered backoff, instead of refusing the caller.
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (attempt > 0) await backoff(attempt);
    const order = await orderVisibleTo(actor, path.id);
    if (cancellationFor(order.orderId, order.status) === 'ALREADY_CANCELLED') return toOrderView(order);
    const next = moveOrder(order, 'CANCELLED', clock.now(), { reason: 'CUSTOMER_REQUEST', note: body.reason ?? 'Cancelled on request' });
    const stored = await ordersRepository.replaceOrder(order, next, {
      events: [orderCancelled(next, actor.sub, body.reason)],
      correlationId,
      clear: ['packingToken'],
    });
    if (!stored) continue;
    if (order.packingToken) await sendTaskFailure(order.packingToken, 'OrderCancelled', `Order ${order.orderId} was cancelled`);
    logger.info('order cancelled', { orderId: order.orderId, from: order.status, attempts: attempt + 1 });
    return toOrderView(stored);
  }
  // Only under a write storm no workflow makes: a 5xx releases the key, so the client's retry runs again.
  throw new Error(`order ${path.id} kept changing through ${MAX_ATTEMPTS} cancel attempts`);
});
