/**
 * A carrier's tracking update applied to the order that shipped the parcel: the parcel's tracking state
 * (tracking.ts decides which update wins), the order moved as its parcels move, the customer's news, and
 * and nothing to wake: the workflow ended at shipment (docs/orders.md).
 */
import { conflict } from '../errors';
import { trackingChanged } from './events';
import type { OrderDecision } from './decision';
import { moveOrder, type Order } from './order';
import { applyTrackingUpdate, ordersTrackingStatus, type TrackingEffect, type TrackingUpdate } from './tracking';

export interface TrackingDecision extends OrderDecision {
  readonly effect: TrackingEffect;
}

export function applyTracking(order: Order, trackingNumber: string, update: TrackingUpdate, now: Date): TrackingDecision {
  const index = order.shipments.findIndex((shipment) => shipment.trackingNumber === trackingNumber);
  const shipment = order.shipments[index];
  if (!shipment) throw conflict('ShipmentNotRecorded', `Order ${order.orderId} has not recorded this shipment yet; retry later`);
  const outcome = applyTrackingUpdate(shipment.tracking, update);
  if (outcome.effect === 'DUPLICATE') return { effect: outcome.effect };

  const shipments = order.shipments.map((candidate, at) => (at === index ? { ...candidate, tracking: outcome.state } : candidate));
  // The order moves as its parcels do: delivered when every parcel is (one parcel: as that parcel).
  const overall = ordersTrackingStatus(shipments.map((candidate) => candidate.tracking));
  const target = outcome.effect === 'STATUS_CHANGED' ? (shipments.length === 1 ? outcome.to : overall) : undefined;
  const moves = target !== undefined && target !== order.status;
  const moved: Order = moves ? moveOrder(order, target, now, { note: update.description }) : order;
  const next: Order = { ...moved, shipments, updatedAt: now.toISOString() };
  return {
    effect: outcome.effect,
    next,
    events: moves ? [trackingChanged(next, { ...shipment, tracking: outcome.state }, target, update.description)] : [],
  };
}
