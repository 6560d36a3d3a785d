/**
 * The return label: an approved return gets a prepaid label and a tracking number from the carrier that
 * delivered the order, from the customer's address to the warehouse it shipped from; the customer is told.
 * Booked once per return (the carrier port answers the same parcel for the same return; a label already
 * on the return is kept). An approved return that expires without its parcel has its label voided at the carrier
 * (the compensation of booking it, declared beside the booking step in the return-lifecycle workflow).
 */
import type { Order } from '../orders/order';
import type { ReturnDecision } from './request';
import { type Return, type ReturnLabel } from './return';
import { returnLabelIssued } from './events';

export interface ReturnLabelRequest {
  readonly returnId: string;
  readonly carrierId: string;
  readonly weightGrams: number;
  readonly from: Order['shippingAddress'];
  readonly toWarehouseId: string;
}

/** What to book for an approved return without a label; undefined when there is nothing to book. */
export function returnLabelRequest(ret: Return, order: Order): ReturnLabelRequest | undefined {
  const carrierId = order.shipments[0]?.carrierId ?? order.carrierId ?? order.quotedCarrierId;
  if (ret.status !== 'APPROVED' || ret.label || !carrierId) return undefined;
  const ordered = order.price.lines.reduce((sum, line) => sum + line.quantity, 0);
  const returned = ret.lines.reduce((sum, line) => sum + line.quantity, 0);
  return {
    returnId: ret.returnId,
    carrierId,
    weightGrams: Math.max(1, Math.round((order.estimatedWeightGrams * returned) / Math.max(1, ordered))),
    from: order.shippingAddress,
    toWarehouseId: order.warehouseId,
  };
}

/** The booked label on the return, with `ReturnLabelIssued`; nothing when it has one or is no longer waiting for its parcel. */
export function attachReturnLabel(ret: Return, booked: { readonly carrierId: string; readonly trackingNumber: string; readonly labelUrl: string }, now: Date): ReturnDecision {
  if (ret.status !== 'APPROVED' || ret.label) return {};
  const next: Return = { ...ret, label: { ...booked, issuedAt: now.toISOString() }, updatedAt: now.toISOString() };
  return { next, events: [returnLabelIssued(next)] };
}

/** The label to void at the carrier: an expired return's, not voided yet; undefined when there is nothing to void. */
export function labelToVoid(ret: Return): ReturnLabel | undefined {
  return ret.status === 'EXPIRED' && ret.label && !ret.label.voidedAt ? ret.label : undefined;
}

/** The label voided at the carrier, on the return; nothing when it was voided already or is not this label. */
export function markLabelVoided(ret: Return, trackingNumber: string, now: Date): ReturnDecision {
  if (!ret.label || ret.label.voidedAt || ret.label.trackingNumber !== trackingNumber) return {};
  return { next: { ...ret, label: { ...ret.label, voidedAt: now.toISOString() }, updatedAt: now.toISOString() } };
}
