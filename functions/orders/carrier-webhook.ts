import { orderRoutes } from '../../shared/contracts/orders';
import { readHandler } from '../../shared/http/read-handler';
import { ordersRepository } from '../../shared/adapters/orders-repository';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { trackingChanged } from '../../shared/domain/orders/events';
import { moveOrder, type Order } from '../../shared/domain/orders/order';
import { applyTrackingUpdate, ordersTrackingStatus } from '../../shared/domain/orders/tracking';
import { conflict, notFound } from '../../shared/domain/errors';

/**
 * POST /carrier-webhooks/{carrier} — a signed tracking update (the factory verified the HMAC). Replays
 * and updates in any order are fine: the tracking rules keep the furthest progress and ignore an event id
 * seen before. A status change updates the order and tells the customer (EXCEPTION: ops too); DELIVERED
 * completes the order and wakes the workflow waiting for it. An order of several parcels moves as the least
 * advanced of them, and is DELIVERED when the last one is.
 */
export const handler = readHandler(orderRoutes.receiveCarrierWebhook, async ({ path, body, correlationId }) => {
  const mapping = await ordersRepository.orderForTracking(body.trackingNumber);
  if (!mapping || mapping.carrierId !== path.carrier) throw notFound('Tracking number', body.trackingNumber);
  const updated = await ordersRepository.updateOrder(mapping.orderId, (order) => {
    const index = order.shipments.findIndex((shipment) => shipment.trackingNumber === body.trackingNumber);
    const shipment = order.shipments[index];
    if (!shipment) throw conflict('ShipmentNotRecorded', `Order ${order.orderId} has not recorded this shipment yet; retry later`);
    const outcome = applyTrackingUpdate(shipment.tracking, body);
    if (outcome.effect === 'DUPLICATE') return { outcome };

    const now = clock.now();
    const shipments = order.shipments.map((candidate, at) => (at === index ? { ...candidate, tracking: outcome.state } : candidate));
    // The order moves as its parcels do: delivered when every parcel is (one parcel: as that parcel).
    const overall = ordersTrackingStatus(shipments.map((candidate) => candidate.tracking));
    const target = outcome.effect === 'STATUS_CHANGED' ? (shipments.length === 1 ? outcome.to : overall) : undefined;
    const moved: Order = target && target !== order.status ? moveOrder(order, target, now, { note: body.description }) : order;
    const next: Order = { ...moved, shipments, updatedAt: now.toISOString() };
    const events = target && target !== order.status ? [trackingChanged(next, { ...shipment, tracking: outcome.state }, target, body.description)] : [];
    return { outcome, target, next, write: { events, correlationId, ...(target === 'DELIVERED' ? { clear: ['deliveryToken'] as const } : {}) } };
  });
  if (updated === 'contention') throw conflict('OrderChangedConcurrently', 'The order kept changing; send the update again');
  const { read, order, decision } = updated;
  if (decision.outcome.effect === 'DUPLICATE') return { orderId: order.orderId, effect: decision.outcome.effect, status: order.status };
  if ('target' in decision && decision.target === 'DELIVERED' && read.deliveryToken) await sendTaskSuccess(read.deliveryToken, { delivered: true });
  logger.info('tracking update', { orderId: order.orderId, effect: decision.outcome.effect, status: order.status });
  return { orderId: order.orderId, effect: decision.outcome.effect, status: order.status };
});
