import { orderRoutes } from '../../shared/contracts/orders';
import { httpHandler } from '../../shared/http/handler';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { creationGuards } from '../../shared/adapters/created-once';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { placeOrder } from '../../shared/domain/orders/checkout';
import { loadCatalogue } from './quote';
import { toOrderView } from './views';

/**
 * POST /orders — re-prices the cart on the server (a client's price is never trusted), takes the chosen
 * shipping option, stores the order PENDING and answers 202 with `Location`; `OrderPlaced` starts the order
 * workflow. The order is written with its key's creation guard, so one key places one order however often
 * (and however late) it is retried: a retry answers that order.
 */
export const handler = httpHandler(orderRoutes.placeOrder, async function placeOrderRoute({ body, actor, correlationId, creation }) {
  const { value: stored, created } = await creationGuards.createOnce(creation, {
    // A retry finds its order before pricing again: what was placed stands even if prices moved since.
    existing: (orderId) => ordersRepository.requireOrder(orderId),
    create: async (orderId, guard) => {
      const { order, event } = placeOrder(
        { orderId, customerId: actor.sub, ...body, correlationId, now: clock.now() },
        await loadCatalogue(body.lines),
      );
      return ordersRepository.createOrder(order, body.paymentMethod, event, correlationId, guard);
    },
  });
  logger.info(created ? 'order placed' : 'order already placed under this key', { orderId: stored.orderId, total: stored.price.total });
  return { status: 202, body: toOrderView(stored), headers: { location: `/orders/${stored.orderId}` } };
});
