/**
 * What the order's own steps decide, as plain functions of the order read: the next order (none when
 * the step's result is already there, so a step run twice does nothing), its events, and the effects on
 * the workflow waiting for it. Handlers load the order, call one of these, and save what it says.
 */
import { conflict } from '../errors';
import { ORDER_FULFILMENT_ERRORS } from '../workflow-errors';
import { voidOwed, withLeftovers } from './attention';
import type { OrderDecision } from './decision';
import { orderCancelled, orderFailed, orderShipped, packingOverdue } from './events';
import { canTransitionOrder, cancellationFor, moveOrder, type Order, type OrderShipment, type PackedParcel } from './order';
import { orderLines } from './placement';
import { NO_TRACKING } from './tracking';

/** Forward steps stop on a cancelled order; the workflow catches this name and compensates. */
export const orderCancelledError = (orderId: string) => conflict(ORDER_FULFILMENT_ERRORS.OrderCancelled, `Order ${orderId} was cancelled`);

/** A forward step's guard: a cancelled order goes no further. */
const forwardOnly = (order: Order): void => {
  if (order.status === 'CANCELLED') throw orderCancelledError(order.orderId);
};

const touched = (order: Order, now: Date): Order => ({ ...order, updatedAt: now.toISOString() });

/**
 * Compensation ReleaseStock (and the sweeper): the reservation back to available, once. Nothing for an
 * order that holds nothing or whose goods have shipped; cancelled orders too.
 */
export function releaseOrderStock(order: Order, now: Date): OrderDecision {
  if (order.stockHold !== 'RESERVED') return {};
  return { next: withLeftovers({ ...touched(order, now), stockHold: 'RELEASED' }), stock: { movement: 'release', warehouseId: order.warehouseId, lines: orderLines(order) } };
}

/** Compensation VoidPayment (and the sweeper): the authorization voided, once; nothing when none is owed. */
export function recordVoid(order: Order, voidedAt: string, now: Date): OrderDecision {
  if (!voidOwed(order.payment)) return {};
  return { next: withLeftovers({ ...touched(order, now), payment: { ...order.payment, status: 'VOIDED', voidedAt } }) };
}

/**
 * RequestPacking: AWAITING_PACKING (the workflow keeps the token beside it). `packed`: the warehouse was quicker.
 * A group-buy order stays AWAITING_GROUP, which the warehouse cannot pack, until its group fills (`releaseFromGroup`).
 */
export function awaitPacking(order: Order, now: Date): OrderDecision & { readonly packed: boolean } {
  if (order.status === 'PACKED') return { packed: true };
  forwardOnly(order);
  return { packed: false, next: order.status === 'AWAITING_PACKING' || order.status === 'AWAITING_GROUP' ? order : moveOrder(order, 'AWAITING_PACKING', now) };
}

/** Its group filled: a group-buy order goes to the warehouse (AWAITING_PACKING), once; nothing for any other. */
export function releaseFromGroup(order: Order, now: Date): OrderDecision {
  if (order.status !== 'AWAITING_GROUP') return {};
  return { next: moveOrder(order, 'AWAITING_PACKING', now, { reason: 'GROUP_FILLED', note: 'The group filled: the order goes to the warehouse' }) };
}

/** A parcel the carrier booked: its tracking number, label, and the parcel as packed. */
export interface BookedParcel {
  readonly trackingNumber: string;
  readonly labelUrl: string;
  readonly weightGrams: number;
  readonly dimensions: OrderShipment['dimensions'];
}

/** CreateShipment: one shipment per booked parcel not recorded yet (a retry books the same tracking numbers). */
export function recordShipments(order: Order, carrierId: string, booked: readonly BookedParcel[], now: Date): OrderDecision {
  const fresh = booked.filter(({ trackingNumber }) => !order.shipments.some((shipment) => shipment.trackingNumber === trackingNumber));
  if (fresh.length === 0) return {};
  forwardOnly(order);
  const shipments = fresh.map(({ trackingNumber, labelUrl, weightGrams, dimensions }): OrderShipment => ({
    carrierId,
    trackingNumber,
    labelUrl,
    weightGrams,
    dimensions,
    createdAt: now.toISOString(),
    tracking: NO_TRACKING,
  }));
  return { next: { ...touched(order, now), shipments: [...order.shipments, ...shipments] } };
}

/** CapturePayment: the payment CAPTURED, once. */
export function recordCapture(order: Order, capture: { readonly captureId: string; readonly capturedAt: string }, now: Date): OrderDecision {
  if (order.payment.status === 'CAPTURED') return {};
  forwardOnly(order);
  return { next: { ...touched(order, now), payment: { ...order.payment, status: 'CAPTURED', ...capture } } };
}

/**
 * MarkShipped, the workflow's last step: SHIPPED with `OrderShipped` for the customer, and the stock moves
 * from reserved to shipped (on hand decreases) in the same write.
 */
export function shipOrder(order: Order, now: Date): OrderDecision {
  if (order.stockHold === 'SHIPPED') return {};
  forwardOnly(order);
  const next: Order = { ...moveOrder(order, 'SHIPPED', now), stockHold: 'SHIPPED' };
  return { next, events: [orderShipped(next, order.shipments[0]!, order.shipBy)], stock: { movement: 'ship', warehouseId: order.warehouseId, lines: orderLines(order) } };
}

/** The packing deadline passed: `PackingOverdue` to ops, once per order (the workflow keeps waiting). */
export function raisePackingOverdue(order: Order, waitedSeconds: number, now: Date): OrderDecision {
  // Still waiting for its group: the warehouse could not have packed it.
  if ((order.alertsRaised ?? []).includes('PACKING_OVERDUE') || order.status === 'AWAITING_GROUP') return {};
  return { next: { ...touched(order, now), alertsRaised: [...(order.alertsRaised ?? []), 'PACKING_OVERDUE'] }, events: [packingOverdue(order, waitedSeconds)] };
}

/**
 * MarkOrderFailed (a step failed and was compensated): FAILED where the order may still move there, with
 * `OrderFailed` naming what was undone; once.
 */
export function failOrder(order: Order, error: string, now: Date): OrderDecision {
  if ((order.alertsRaised ?? []).includes('ORDER_FAILED')) return {};
  const moved = canTransitionOrder(order.status, 'FAILED') ? moveOrder(order, 'FAILED', now, { reason: error, note: 'A workflow step failed' }) : order;
  const next: Order = { ...touched(moved, now), alertsRaised: [...(order.alertsRaised ?? []), 'ORDER_FAILED'] };
  const undone = `stock ${order.stockHold.toLowerCase()}, payment ${order.payment.status.toLowerCase()}${order.shipments.length > 0 ? ', a shipment label was booked' : ''}`;
  return { next, events: [orderFailed(next, error, undone)] };
}

/**
 * A cancel request: CANCELLED with `OrderCancelled`, and the workflow's wait for the warehouse stopped.
 * Cancelling twice changes nothing; after packing it is a 409 saying what to do instead (`cancellationFor`).
 */
export function cancelOrder(order: Order, by: string, reason: string | undefined, now: Date, cause = 'CUSTOMER_REQUEST'): OrderDecision {
  if (cancellationFor(order.orderId, order.status) === 'ALREADY_CANCELLED') return {};
  // A replacement settles a return: cancelled by its customer, the return would be settled with nothing.
  if (order.replacementFor && by === order.customerId) {
    throw conflict('ReplacementNotCancellable', `Order ${order.orderId} replaces the items of return ${order.replacementFor.returnId}: ask customer service to change it`);
  }
  const next = moveOrder(order, 'CANCELLED', now, { reason: cause, note: reason ?? 'Cancelled on request' });
  return { next, events: [orderCancelled(next, by, reason)], effects: ['STOP_PACKING_WAIT'] };
}

/**
 * The warehouse packed the order: PACKED with the parcel as weighed, and the workflow's wait for packing
 * stopped (its token answers once). Only an order awaiting packing: anything else is a 409 to read again.
 */
export function packOrder(order: Order, parcel: Omit<PackedParcel, 'packedAt' | 'packedBy'>, by: string, now: Date): OrderDecision {
  if (order.status !== 'AWAITING_PACKING') {
    throw conflict('OrderNotAwaitingPacking', `Order ${order.orderId} is ${order.status}; only an order awaiting packing can be packed`);
  }
  return { next: { ...moveOrder(order, 'PACKED', now), packed: { ...parcel, packedAt: now.toISOString(), packedBy: by } }, effects: ['STOP_PACKING_WAIT'] };
}
