import { orderRoutes } from '../../shared/contracts/orders';
import { httpHandler } from '../../shared/http/handler';
import { ordersRepository } from '../../shared/adapters/orders-repository';
import { clock } from '../../shared/adapters/clock';
import { newId } from '../../shared/adapters/ids';
import { logger } from '../../shared/adapters/logger';
import { orderPlaced } from '../../shared/domain/orders/events';
import { cartWeightGrams, chosenOption, newOrder } from '../../shared/domain/orders/placement';
import { priceCart } from '../../shared/domain/orders/pricing';
import { quoteCart } from './quote';
import { toOrderView } from './views';

/**
 * POST /orders — re-prices the cart on the server (a client's price is never trusted), takes the chosen
 * shipping option, stores the order PENDING and answers 202; `OrderPlaced` starts the order workflow.
 */
export const handler = httpHandler(orderRoutes.placeOrder, async ({ body, actor, correlationId }) => {
  const now = clock.now();
  const { goods, shipping, skus, promotions } = await quoteCart(body.lines, body.shippingAddress, now);
  const option = chosenOption(shipping, body.serviceLevel);
  const price = priceCart(body.lines, [...skus.values()], promotions, option.price);
  const order = newOrder({ orderId: newId(), customerId: actor.sub, price, shippingAddress: body.shippingAddress, option, paymentMethod: body.paymentMethod, weightGrams: cartWeightGrams(body.lines, skus), now });
  const stored = await ordersRepository.createOrder(order, body.paymentMethod, orderPlaced(order, correlationId), correlationId);
  logger.info('order placed', { orderId: order.orderId, total: price.total, subtotal: goods.subtotal });
  return toOrderView(stored);
});
