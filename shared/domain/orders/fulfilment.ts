/**
 * What the order's own steps decide, as plain functions of the order read: the next order (none when
 * the step's result is already there, so a step run twice does nothing), its events, and the effects on
 * the workflow waiting for it. Handlers load the order, call one of these, and save what it says.
 */
import type { DomainEventDraft } from '../events';
import { conflict } from '../errors';
import { orderCancelled } from './events';
import { cancellationFor, moveOrder, type Order, type PackedParcel } from './order';
import type { AuthorizationResult } from './payments';
import { orderLines } from './placement';
import type { CartLine } from './pricing';
import { ORDER_FULFILMENT_ERRORS } from '../workflow-errors';

/** What a decision asks of the workflow waiting on the order: stop the packing wait. */
export type OrderEffect = 'STOP_PACKING_WAIT';

export interface OrderDecision {
  /** The order as it is to be stored; absent: nothing changes. */
  readonly next?: Order;
  readonly events?: readonly DomainEventDraft<object>[];
  readonly effects?: readonly OrderEffect[];
}

/** Forward steps stop on a cancelled order; the workflow catches this name and compensates. */
export const orderCancelledError = (orderId: string) => conflict(ORDER_FULFILMENT_ERRORS.OrderCancelled, `Order ${orderId} was cancelled`);

/** ReserveStock: STOCK_RESERVED holding every line (`reserve`), unless the order holds (or held) stock already. */
export function reserveOrderStock(order: Order, now: Date): OrderDecision & { readonly reserve?: readonly CartLine[] } {
  if (order.stockHold !== 'NONE') return {};
  if (order.status === 'CANCELLED') throw orderCancelledError(order.orderId);
  return { next: { ...moveOrder(order, 'STOCK_RESERVED', now), stockHold: 'RESERVED' }, reserve: orderLines(order) };
}

/** Whether the order holds its stock (after ReserveStock ran, however often). */
export const holdsStock = (order: Pick<Order, 'stockHold'>): boolean => order.stockHold === 'RESERVED' || order.stockHold === 'SHIPPED';

/** What AuthorizePayment answers once the payment is settled either way. */
export const authorizationAnswer = (order: Pick<Order, 'payment'>) => ({ authorized: order.payment.status !== 'DECLINED', reason: order.payment.declineReason });

/**
 * Before the provider is asked: the request is recorded first, because an authorize that times out may
 * still go through, and then compensation owes a void. `settled`: the payment was decided already.
 */
export function requestAuthorization(order: Order, now: Date): OrderDecision & { readonly settled: boolean } {
  if (order.payment.status !== 'PENDING') return { settled: true };
  if (order.status === 'CANCELLED') throw orderCancelledError(order.orderId);
  if (order.payment.authorizationRequestedAt !== undefined) return { settled: false };
  return { settled: false, next: { ...order, payment: { ...order.payment, authorizationRequestedAt: now.toISOString() } } };
}

/** The provider's answer on the order: PAYMENT_AUTHORIZED, or the payment DECLINED (the workflow rejects the order). */
export function recordAuthorization(order: Order, result: Exclude<AuthorizationResult, { outcome: 'ERROR' }>, now: Date): OrderDecision {
  if (order.payment.status !== 'PENDING') return {};
  if (order.status === 'CANCELLED') throw orderCancelledError(order.orderId);
  if (result.outcome === 'AUTHORIZED') {
    const payment = { ...order.payment, status: 'AUTHORIZED' as const, authorizationId: result.authorizationId, authorizedAt: result.authorizedAt };
    return { next: { ...moveOrder(order, 'PAYMENT_AUTHORIZED', now), payment } };
  }
  return { next: { ...order, payment: { ...order.payment, status: 'DECLINED', declineReason: result.reason }, updatedAt: now.toISOString() } };
}

/**
 * A cancel request: CANCELLED with `OrderCancelled`, and the workflow's wait for the warehouse stopped.
 * Cancelling twice changes nothing; after packing it is a 409 saying what to do instead (`cancellationFor`).
 */
export function cancelOrder(order: Order, by: string, reason: string | undefined, now: Date): OrderDecision {
  if (cancellationFor(order.orderId, order.status) === 'ALREADY_CANCELLED') return {};
  const next = moveOrder(order, 'CANCELLED', now, { reason: 'CUSTOMER_REQUEST', note: reason ?? 'Cancelled on request' });
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
