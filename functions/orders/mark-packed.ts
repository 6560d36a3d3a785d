import { orderRoutes } from '../../shared/contracts/orders';
import { httpHandler } from '../../shared/http/handler';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { packOrder } from '../../shared/domain/orders/fulfilment';
import { conflict } from '../../shared/domain/errors';
import { visibleTo } from './access';
import { toOrderView } from './views';

/**
 * POST /orders/{id}/packed — the warehouse packed the order: PACKED with the parcel's weight and size,
 * then the waiting workflow goes on to book the shipment. If its wait had just timed out, the next wait
 * step finds the order PACKED and resumes itself.
 */
export const handler = httpHandler(orderRoutes.markOrderPacked, async function markOrderPacked({ path, body, actor }) {
  // One attempt: an order that changed meanwhile is a 409 to read again, as the route documents.
  const updated = await ordersRepository.updateOrder(path.id, (order) => packOrder(visibleTo(actor, path.id, order), body, actor.sub, clock.now()), 1);
  if (updated === 'contention') throw conflict('OrderChangedConcurrently', 'The order changed while it was marked packed; read it again');
  const { read, order } = updated;
  const resumed = read.packingToken ? await sendTaskSuccess(read.packingToken, { packed: true }) : 'token-expired';
  logger.info('order packed', { orderId: order.orderId, resumed });
  return toOrderView(order);
});
