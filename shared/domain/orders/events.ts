/**
 * Domain events of orders and stock, as drafts (the outbox stamps id, time and correlation id).
 * Every `summary` is one sentence a person reads in a notification.
 */
import type { DomainEventDraft } from '../events';
import { formatMoney } from '../money';
import type { Order, OrderShipment } from './order';

export const ORDERS_EVENT_SOURCE = 'commerce.orders';
export const INVENTORY_EVENT_SOURCE = 'commerce.inventory';

export const ORDER_EVENT_TYPES = [
  'OrderPlaced',
  'OrderRejected',
  'OrderCancelled',
  'OrderShipped',
  'OrderInTransit',
  'OrderOutForDelivery',
  'OrderDelivered',
  'ShipmentException',
  'PackingOverdue',
  'DeliveryOverdue',
  'OrderFailed',
  'OrderNeedsAttention',
  'OrderAttentionResolved',
] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

const draft = <D extends { summary: string }>(detailType: OrderEventType, detail: D): DomainEventDraft<D> => ({
  source: ORDERS_EVENT_SOURCE,
  detailType,
  detail,
});

const subject = (order: Order) => ({ orderId: order.orderId, customerId: order.customerId, status: order.status });

/** Starts the order workflow (the rule passes orderId and correlationId). */
export const orderPlaced = (order: Order, correlationId: string) =>
  draft('OrderPlaced', {
    ...subject(order),
    correlationId,
    total: order.price.total,
    lines: order.price.lines.map(({ sku, quantity }) => ({ sku, quantity })),
    promisedBy: order.promisedBy,
    summary: `Order ${order.orderId} was placed (${formatMoney(order.price.total)}, delivery by ${order.promisedBy}).`,
  });

export const orderRejected = (order: Order, reason: string, note: string, shortSkus: readonly string[] = []) =>
  draft('OrderRejected', { ...subject(order), reason, shortSkus, summary: `Order ${order.orderId} could not be accepted: ${note}` });

export const orderCancelled = (order: Order, by: string, reason?: string) =>
  draft('OrderCancelled', {
    ...subject(order),
    cancelledBy: by,
    reason,
    summary: `Order ${order.orderId} was cancelled${reason ? ` (${reason})` : ''}; nothing will be charged.`,
  });

const shipmentOf = (shipment: OrderShipment) => ({ carrierId: shipment.carrierId, trackingNumber: shipment.trackingNumber });

/**
 * `shipBy` (optional, YYYY-MM-DD): the date the order promised to leave the warehouse by, when placement knows it;
 * analytics counts the shipment as on time or late against it (docs/analytics.md, on-time shipment rate).
 */
export const orderShipped = (order: Order, shipment: OrderShipment, shipBy?: string) =>
  draft('OrderShipped', {
    ...subject(order),
    ...shipmentOf(shipment),
    labelUrl: shipment.labelUrl,
    promisedBy: order.promisedBy,
    ...(shipBy === undefined ? {} : { shipBy }),
    /** What left the warehouse, at the prices sold: the sales history (inventory) counts it. */
    lines: order.price.lines.map(({ sku, quantity, lineTotal }) => ({ sku, quantity, lineTotal })),
    summary: `Order ${order.orderId} has shipped with ${shipment.carrierId} (tracking ${shipment.trackingNumber}); expected by ${order.promisedBy}.`,
  });

const TRACKING_EVENTS = {
  IN_TRANSIT: ['OrderInTransit', 'is on its way'],
  OUT_FOR_DELIVERY: ['OrderOutForDelivery', 'is out for delivery today'],
  DELIVERED: ['OrderDelivered', 'was delivered'],
  EXCEPTION: ['ShipmentException', 'has a delivery problem'],
} as const satisfies Record<string, readonly [OrderEventType, string]>;

/** The customer's (and, for EXCEPTION, ops') news about the parcel. */
export const trackingChanged = (order: Order, shipment: OrderShipment, status: keyof typeof TRACKING_EVENTS, description?: string) => {
  const [type, words] = TRACKING_EVENTS[status];
  return draft(type, {
    ...subject(order),
    ...shipmentOf(shipment),
    trackingStatus: status,
    description,
    summary: `Order ${order.orderId} ${words}${description ? `: ${description}` : ''}.`,
  });
};

export const packingOverdue = (order: Order, waitedSeconds: number) =>
  draft('PackingOverdue', {
    ...subject(order),
    waitedSeconds,
    summary: `Order ${order.orderId} has waited ${Math.round(waitedSeconds / 60)} min for packing; the warehouse has not confirmed it.`,
  });

export const deliveryOverdue = (order: Order, shipment: OrderShipment | undefined) =>
  draft('DeliveryOverdue', {
    ...subject(order),
    ...(shipment ? shipmentOf(shipment) : {}),
    promisedBy: order.promisedBy,
    summary: `Order ${order.orderId} was promised by ${order.promisedBy} and is not delivered yet.`,
  });

export const orderFailed = (order: Order, error: string, compensation: string) =>
  draft('OrderFailed', {
    ...subject(order),
    error,
    compensation,
    summary: `Order ${order.orderId} failed on our side (${error}); ${compensation}.`,
  });

/** Ops alert: a compensation could not finish; names the order and exactly what is left. */
export const orderNeedsAttention = (order: Order, left: { reservedUnits: number; authorizationOpen: boolean }, error: string | undefined) =>
  draft('OrderNeedsAttention', {
    ...subject(order),
    error: error ?? 'Unknown',
    reservedUnits: left.reservedUnits,
    authorizationOpen: left.authorizationOpen,
    summary: `Order ${order.orderId} needs attention: ${left.reservedUnits} unit(s) still reserved, ${left.authorizationOpen ? 'a payment authorization still open' : 'no authorization open'} (${error ?? 'Unknown'}). The order sweeper retries; see the runbook.`,
  });

/** Ops: the sweeper finished what a compensation left; the order ended as it should have. */
export const orderAttentionResolved = (order: Order) =>
  draft('OrderAttentionResolved', { ...subject(order), summary: `Order ${order.orderId} no longer needs attention: stock released, payment voided; now ${order.status}.` });

export const stockAdjusted = (sku: string, delta: number, reason: string, by: string) => ({
  source: INVENTORY_EVENT_SOURCE,
  detailType: 'StockAdjusted',
  detail: { sku, delta, reason, adjustedBy: by, summary: `Stock of ${sku} ${delta > 0 ? 'received' : 'written off'}: ${Math.abs(delta)} units (${reason}).` },
});
