import { orderRoutes } from '../../shared/contracts/orders';
import { httpHandler } from '../../shared/http/handler';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { sendTaskFailure } from '../../shared/adapters/workflows';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { cancelOrder } from '../../shared/domain/orders/fulfilment';
import { visibleTo } from './access';
import { toOrderView } from './views';
import { ORDER_FULFILMENT_ERRORS } from '../../shared/domain/workflow-errors';

/** The workflow writes an order a few times a second at most: this many re-reads always get through. */
const MAX_ATTEMPTS = 12;

/**
 * POST /orders/{id}/cancel — before packing: CANCELLED with `OrderCancelled` at once; the workflow then
 * releases the stock and voids the payment (its next step sees the cancellation; a wait for the
 * warehouse is woken with `OrderCancelled`). Cancelling twice answers the same. After packing: 409.
 * A workflow step that wrote the order meanwhile makes the update re-read and decide again (still
 * cancellable? already packed?) instead of refusing the caller.
 */
export const handler = httpHandler(orderRoutes.cancelOrder, async function cancelOrderRoute({ path, body, actor, correlationId }) {
  const updated = await ordersRepository.updateOrder(
    path.id,
    (order) => ({ ...cancelOrder(visibleTo(actor, path.id, order), actor.sub, body.reason, clock.now()), write: { correlationId } }),
    MAX_ATTEMPTS,
  );
  // Only under a write storm no workflow makes: a 5xx releases the key, so the client's retry runs again.
  if (updated === 'contention') throw new Error(`order ${path.id} kept changing through ${MAX_ATTEMPTS} cancel attempts`);

  const { read, order, decision } = updated;
  if (decision.effects?.includes('STOP_PACKING_WAIT')) {
    if (read.packingToken) await sendTaskFailure(read.packingToken, ORDER_FULFILMENT_ERRORS.OrderCancelled, `Order ${order.orderId} was cancelled`);
    logger.info('order cancelled', { orderId: order.orderId, from: read.status });
  }
  return toOrderView(order);
});
