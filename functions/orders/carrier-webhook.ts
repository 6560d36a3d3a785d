import { orderRoutes } from '../../shared/contracts/orders';
import { readHandler } from '../../shared/http/read-handler';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { applyTracking } from '../../shared/domain/orders/order-tracking';
import { conflict, notFound } from '../../shared/domain/errors';
import { trackReturnParcelScan } from '../../shared/adapters/return-tracking';

/**
 * POST /carrier-webhooks/{carrier} — a signed tracking update (the factory verified the HMAC). Replays
 * and updates in any order are fine: the tracking rules keep the furthest progress and ignore an event id
 * seen before. A status change updates the order and tells the customer (EXCEPTION: ops too); DELIVERED
 * completes the order (the workflow ended at shipment: nothing waits for the scan). An order of several parcels moves as the least
 * advanced of them, and is DELIVERED when the last one is.
 */
export const handler = readHandler(orderRoutes.receiveCarrierWebhook, async function receiveCarrierWebhook({ path, body, correlationId }) {
  const mapping = await ordersRepository.orderForTracking(body.trackingNumber);
  // A return label's number maps to its return: the parcel on its way back (shared/adapters/return-tracking.ts).
  if (mapping && !mapping.orderId) {
    const tracked = await trackReturnParcelScan(body.trackingNumber, path.carrier, body, correlationId);
    if (!tracked) throw notFound('Tracking number', body.trackingNumber);
    return tracked;
  }
  if (!mapping || mapping.carrierId !== path.carrier) throw notFound('Tracking number', body.trackingNumber);
  const updated = await ordersRepository.updateOrder(mapping.orderId, (order) => ({
    ...applyTracking(order, body.trackingNumber, body, clock.now()),
    write: { correlationId },
  }));
  if (updated === 'contention') throw conflict('OrderChangedConcurrently', 'The order kept changing; send the update again');

  const { order, decision } = updated;
  if (decision.effect !== 'DUPLICATE') logger.info('tracking update', { orderId: order.orderId, effect: decision.effect, status: order.status });
  return { orderId: order.orderId, effect: decision.effect, status: order.status };
});
