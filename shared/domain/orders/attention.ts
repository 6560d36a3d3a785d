/**
 * NEEDS_ATTENTION: what a compensation left undone. When releasing the stock or voiding the payment still
 * fails after its retries, or an order's workflow stalled, the order records exactly what is left (units
 * still reserved, an authorization still open) and what it should end as; the order sweeper finishes it
 * and moves it there. Pure: the task and the sweeper do the I/O.
 */
import type { OrderDecision } from './decision';
import { deliveryOverdue, orderAttentionResolved, orderNeedsAttention } from './events';
import type { Order, OrderPayment, OrderStatus } from './order';
import { moveOrder } from './order';

export type AttentionOutcome = 'FAILED' | 'REJECTED' | 'CANCELLED';

export interface Attention {
  readonly since: string;
  /** `COMPENSATION_FAILED` (a compensation step gave up) or `WORKFLOW_STALLED` (found by the sweeper). */
  readonly reason: 'COMPENSATION_FAILED' | 'WORKFLOW_STALLED';
  readonly error?: string;
  /** Units still reserved for this order (0 once released). */
  readonly reservedUnits: number;
  /** An authorization the provider may hold that nobody voided yet. */
  readonly authorizationOpen: boolean;
  /** The status the order ends in once nothing is left. */
  readonly resolveTo: AttentionOutcome;
  readonly resolvedAt?: string;
}

/** Statuses a live workflow leaves within seconds: an order still in one long after its last write has stalled. */
export const TRANSIENT_ORDER_STATUSES: readonly OrderStatus[] = ['PENDING', 'STOCK_RESERVED', 'PAYMENT_AUTHORIZED', 'CARRIER_ALLOCATED'];

/** A void is owed for an authorization, and for one merely asked for (a timed-out authorize may have gone through). */
export const voidOwed = (payment: OrderPayment): boolean =>
  payment.status === 'AUTHORIZED' || (payment.status === 'PENDING' && payment.authorizationRequestedAt !== undefined);

export const leftovers = (order: Order): Pick<Attention, 'reservedUnits' | 'authorizationOpen'> => ({
  reservedUnits: order.stockHold === 'RESERVED' ? order.price.lines.reduce((units, line) => units + line.quantity, 0) : 0,
  authorizationOpen: voidOwed(order.payment),
});

const outcomeOf = (status: OrderStatus): AttentionOutcome => (status === 'REJECTED' || status === 'CANCELLED' ? status : 'FAILED');

/** True when an order in a transient status has not been written for `staleAfterMs`: its workflow is dead. */
export const hasStalled = (order: Order, now: Date, staleAfterMs: number): boolean =>
  TRANSIENT_ORDER_STATUSES.includes(order.status) && now.getTime() - Date.parse(order.updatedAt) >= staleAfterMs;

/** The order parked in NEEDS_ATTENTION with what is left; the same order when it already is. */
export function needAttention(order: Order, at: Date, cause: { reason: Attention['reason']; error?: string }): Order {
  if (order.status === 'NEEDS_ATTENTION') return order;
  const attention: Attention = { since: at.toISOString(), reason: cause.reason, error: cause.error, ...leftovers(order), resolveTo: outcomeOf(order.status) };
  const note = `Needs attention: ${describeLeftovers(attention)}`;
  return { ...moveOrder(order, 'NEEDS_ATTENTION', at, { reason: cause.reason, note }), attention };
}

/** The leftovers as refreshed after a release or a void. */
export const withLeftovers = (order: Order): Order =>
  order.attention ? { ...order, attention: { ...order.attention, ...leftovers(order) } } : order;

/** Once nothing is left, the order ends as it should have; undefined while something still is. */
export function resolveAttention(order: Order, at: Date): Order | undefined {
  if (order.status !== 'NEEDS_ATTENTION' || !order.attention) return undefined;
  const left = leftovers(order);
  if (left.reservedUnits > 0 || left.authorizationOpen) return undefined;
  const moved = moveOrder(order, order.attention.resolveTo, at, { reason: 'ATTENTION_RESOLVED', note: 'Stock released and payment voided by the order sweeper' });
  return { ...moved, attention: { ...order.attention, ...left, resolvedAt: at.toISOString() } };
}

export const describeLeftovers = (left: Pick<Attention, 'reservedUnits' | 'authorizationOpen'>): string =>
  [
    left.reservedUnits > 0 ? `${left.reservedUnits} unit(s) still reserved` : 'no stock reserved',
    left.authorizationOpen ? 'a payment authorization still open' : 'no authorization open',
  ].join(', ');

/**
 * MarkNeedsAttention (a compensation gave up) and the sweeper's stalled orders: parked in NEEDS_ATTENTION
 * with what is left, and `OrderNeedsAttention` to ops; once.
 */
export function flagNeedsAttention(order: Order, cause: { reason: Attention['reason']; error?: string }, now: Date): OrderDecision {
  if (order.status === 'NEEDS_ATTENTION') return {};
  const next = needAttention(order, now, cause);
  return { next, events: [orderNeedsAttention(next, leftovers(order), cause.error)] };
}

/** The sweeper found an order whose workflow died: parked (nothing, when it moved on meanwhile). */
export function parkStalled(order: Order, now: Date, staleAfterMs: number): OrderDecision {
  if (!hasStalled(order, now, staleAfterMs)) return {};
  return flagNeedsAttention(order, { reason: 'WORKFLOW_STALLED', error: 'WorkflowStalled' }, now);
}

/** The sweeper released and voided what was left: the order ends as it should have, with `OrderAttentionResolved`. */
export function closeAttention(order: Order, now: Date): OrderDecision {
  if (order.status !== 'NEEDS_ATTENTION') return {};
  const next = resolveAttention(order, now);
  if (!next) throw new Error(`order ${order.orderId} still holds stock or an authorization`);
  return { next, events: [orderAttentionResolved(next)] };
}

/** A parcel past its promised date: `DeliveryOverdue` to ops, once (and not for a delivered order). */
export function raiseDeliveryOverdue(order: Order, now: Date): OrderDecision {
  if ((order.alertsRaised ?? []).includes('DELIVERY_OVERDUE') || order.status === 'DELIVERED') return {};
  return { next: { ...order, alertsRaised: [...(order.alertsRaised ?? []), 'DELIVERY_OVERDUE'], updatedAt: now.toISOString() }, events: [deliveryOverdue(order, order.shipments[0])] };
}
