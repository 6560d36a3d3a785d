import { orderRoutes } from '../../shared/contracts/orders';
import { httpHandler } from '../../shared/http/handler';
import { ordersRepository } from '../../shared/adapters/orders-repository';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { moveOrder } from '../../shared/domain/orders/order';
import { conflict } from '../../shared/domain/errors';
import { orderVisibleTo } from './access';
import { toOrderView } from './views';

/**
 * POST /orders/{id}/packed — the warehouse packed the order: PACKED with the parcel's weight and size,
 * then the waiting workflow goes on to book the shipment. If its wait had just timed out, the next wait
 * step finds the order PACKED and resumes itself.
 */
export const handler = httpHandler(orderRoutes.markOrderPacked, async ({ path, body, actor }) => {
  const order = await orderVisibleTo(actor, path.id);
  if (order.status !== 'AWAITING_PACKING') {
    throw conflict('OrderNotAwaitingPacking', `Order ${order.orderId} is ${order.status}; only an order awaiting packing can be packed`);
  }
  const now = clock.now();
  const next = { ...moveOrder(order, 'PACKED', now), packed: { ...body, packedAt: now.toISOString(), packedBy: actor.sub } };
  const stored = await ordersRepository.replaceOrder(order, next, { clear: ['packingToken'] });
  if (!stored) throw conflict('OrderChangedConcurrently', 'The order changed while it was marked packed; read it again');
  const resumed = order.packingToken ? await sendTaskSuccess(order.packingToken, { packed: true }) : 'token-expired';
  logger.info('order packed', { orderId: order.orderId, resumed });
  return toOrderView(stored);
});
