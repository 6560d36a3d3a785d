import { orderRoutes } from '../../shared/contracts/orders';
import { httpHandler } from '../../shared/http/handler';
import { ordersRepository } from '../../shared/adapters/orders-repository';
import { sendTaskFailure } from '../../shared/adapters/workflows';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { orderCancelled } from '../../shared/domain/orders/events';
import { cancellationFor, moveOrder } from '../../shared/domain/orders/order';
import { conflict } from '../../shared/domain/errors';
import { orderVisibleTo } from './access';
import { toOrderView } from './views';

/**
 * POST /orders/{id}/cancel — before packing: CANCELLED with `OrderCancelled` at once; the workflow then
 * releases the stock and voids the payment (its next step sees the cancellation; a wait for the
 * warehouse is woken with `OrderCancelled`). Cancelling twice answers the same. After packing: 409.
 */
export const handler = httpHandler(orderRoutes.cancelOrder, async ({ path, body, actor, correlationId }) => {
  for (let attempt = 0; attempt < 3; attempt++) {
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
    logger.info('order cancelled', { orderId: order.orderId, from: order.status });
    return toOrderView(stored);
  }
  throw conflict('OrderChangedConcurrently', 'The order kept changing; read it again and retry');
});
