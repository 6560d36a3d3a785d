/**
 * An order and the status machine the order-to-ship workflow drives it through.
 *
 *   PENDING → STOCK_RESERVED → PAYMENT_AUTHORIZED → CARRIER_ALLOCATED → AWAITING_PACKING → PACKED
 *           → SHIPPED → IN_TRANSIT → OUT_FOR_DELIVERY → DELIVERED
 *
 * - AWAITING_GROUP: a group-buy order (团购) taken by its checkout waits for its group to fill before the
 *   warehouse may pack it (CARRIER_ALLOCATED → AWAITING_GROUP → AWAITING_PACKING); cancelled when it expires.
 *
 * - Tracking may skip ahead (a parcel's first scan can be DELIVERED) and EXCEPTION can interrupt any
 *   step after SHIPPED; the parcel then resumes or is delivered. `tracking.ts` decides which update wins.
 * - REJECTED: the business said no (out of stock, payment refused, no carrier can take it).
 * - CANCELLED: the customer or an operator cancelled before packing.
 * - FAILED: a step failed after its retries; what came before was compensated.
 * - NEEDS_ATTENTION: a compensation still failed after its retries; the order records what is left
 *   (`attention`: units reserved, authorization open) until the sweeper finishes it (attention.ts).
 * - DELIVERED, REJECTED, CANCELLED and FAILED are terminal (but for NEEDS_ATTENTION, above).
 *
 * A workflow step run twice finds the order already in its target status: callers treat
 * `status === to` as done instead of asserting the transition again.
 */
import type { Money } from '../money';
import { conflict } from '../errors';
import type { Parcel } from './parcels';
import type { Destination, ServiceLevel } from './carriers';
import type { CartPrice } from './pricing';
import type { Attention } from './attention';
import type { TrackingState } from './tracking';

export const ORDER_STATUSES = [
  'PENDING',
  'STOCK_RESERVED',
  'PAYMENT_AUTHORIZED',
  'CARRIER_ALLOCATED',
  'AWAITING_GROUP',
  'AWAITING_PACKING',
  'PACKED',
  'SHIPPED',
  'IN_TRANSIT',
  'OUT_FOR_DELIVERY',
  'DELIVERED',
  'EXCEPTION',
  'REJECTED',
  'CANCELLED',
  'FAILED',
  'NEEDS_ATTENTION',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const PARCEL_MOVES: readonly OrderStatus[] = ['IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION'];

const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING: ['STOCK_RESERVED', 'REJECTED', 'CANCELLED', 'FAILED', 'NEEDS_ATTENTION'],
  STOCK_RESERVED: ['PAYMENT_AUTHORIZED', 'REJECTED', 'CANCELLED', 'FAILED', 'NEEDS_ATTENTION'],
  PAYMENT_AUTHORIZED: ['CARRIER_ALLOCATED', 'REJECTED', 'CANCELLED', 'FAILED', 'NEEDS_ATTENTION'],
  CARRIER_ALLOCATED: ['AWAITING_PACKING', 'AWAITING_GROUP', 'CANCELLED', 'FAILED', 'NEEDS_ATTENTION'],
  AWAITING_GROUP: ['AWAITING_PACKING', 'CANCELLED', 'FAILED', 'NEEDS_ATTENTION'],
  AWAITING_PACKING: ['PACKED', 'CANCELLED', 'FAILED', 'NEEDS_ATTENTION'],
  PACKED: ['SHIPPED', 'FAILED', 'NEEDS_ATTENTION'],
  SHIPPED: PARCEL_MOVES,
  IN_TRANSIT: ['OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION'],
  OUT_FOR_DELIVERY: ['DELIVERED', 'EXCEPTION'],
  EXCEPTION: ['IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED'],
  DELIVERED: [],
  // A compensation that still failed after its retries reopens the order until ops or the sweeper finishes it.
  REJECTED: ['NEEDS_ATTENTION'],
  CANCELLED: ['NEEDS_ATTENTION'],
  FAILED: ['NEEDS_ATTENTION'],
  NEEDS_ATTENTION: ['REJECTED', 'CANCELLED', 'FAILED'],
};

export const TERMINAL_ORDER_STATUSES: readonly OrderStatus[] = ['DELIVERED', 'REJECTED', 'CANCELLED', 'FAILED'];

export const canTransitionOrder = (from: OrderStatus, to: OrderStatus): boolean => ORDER_TRANSITIONS[from].includes(to);

export const assertOrderTransition = (from: OrderStatus, to: OrderStatus): void => {
  if (!canTransitionOrder(from, to)) throw conflict('IllegalStatusTransition', `An order cannot move from ${from} to ${to}`);
};

/** Cancellable once accepted and until the warehouse has packed it: nothing has left the building, nothing is captured. */
const CANCELLABLE: readonly OrderStatus[] = ['AWAITING_GROUP', 'AWAITING_PACKING'];
/** The checkout's own statuses, inside `POST /orders` (seconds): its request finishes or undoes them (the sweeper, if it died). */
const CHECKING_OUT: readonly OrderStatus[] = ['PENDING', 'STOCK_RESERVED', 'PAYMENT_AUTHORIZED', 'CARRIER_ALLOCATED'];
const SHIPPED_OR_LATER: readonly OrderStatus[] = ['SHIPPED', ...PARCEL_MOVES];

export const canCancel = (status: OrderStatus): boolean => CANCELLABLE.includes(status);

/**
 * What a cancel request does: 'CANCEL' when the order can be cancelled, 'ALREADY_CANCELLED' for a repeated
 * cancel (answer as the first did, do nothing again). Anything else is a 409 saying what to do instead.
 */
export function cancellationFor(orderId: string, status: OrderStatus): 'CANCEL' | 'ALREADY_CANCELLED' {
  if (canCancel(status)) return 'CANCEL';
  if (status === 'CANCELLED') return 'ALREADY_CANCELLED';
  if (CHECKING_OUT.includes(status)) throw conflict('OrderBeingPlaced', `Order ${orderId} is still being placed; try again in a few seconds`);
  const returns = `POST /orders/${orderId}/returns`;
  if (status === 'PACKED') {
    throw conflict('OrderAlreadyPacked', `Order ${orderId} is packed and handed to the carrier soon; once it arrives, return it with ${returns}`);
  }
  if (SHIPPED_OR_LATER.includes(status)) {
    throw conflict('OrderAlreadyShipped', `Order ${orderId} has shipped and can no longer be cancelled; return it with ${returns}`);
  }
  throw conflict('OrderClosed', `Order ${orderId} is ${status} and has nothing left to cancel`);
}

export interface TimelineEntry {
  readonly at: string;
  readonly status: OrderStatus;
  /** Machine-readable cause, e.g. `OUT_OF_STOCK`, `CARD_DECLINED`, `CUSTOMER_REQUEST`. */
  readonly reason?: string;
  /** One human sentence for the customer and operators. */
  readonly note?: string;
}

export interface ShippingAddress extends Destination {
  readonly name: string;
  readonly line1: string;
  readonly line2?: string;
}

export interface OrderShipment {
  readonly carrierId: string;
  readonly trackingNumber: string;
  readonly labelUrl: string;
  readonly weightGrams: number;
  readonly dimensions: { readonly lengthMm: number; readonly widthMm: number; readonly heightMm: number };
  readonly createdAt: string;
  readonly tracking: TrackingState;
}

/**
 * Where the order's units are: not yet held, reserved (available → reserved), released back to available
 * (compensation), or shipped (reserved → gone from on hand). Each move happens once, in the same
 * transaction as the stock counts, so compensation that runs twice changes nothing.
 */
export type StockHold = 'NONE' | 'RESERVED' | 'RELEASED' | 'SHIPPED';

export type PaymentStatus = 'PENDING' | 'AUTHORIZED' | 'CAPTURED' | 'VOIDED' | 'DECLINED';

export interface OrderPayment {
  readonly status: PaymentStatus;
  /** Masked for people (`•••• 4242`); the provider token itself is kept apart from the order view. */
  readonly method: string;
  readonly amount: Money;
  /** One key for every call about this order's payment: retries never charge twice. */
  readonly idempotencyKey: string;
  /** Set before the provider is first asked to authorize: from then on a void may be owed. */
  readonly authorizationRequestedAt?: string;
  readonly authorizationId?: string;
  readonly captureId?: string;
  readonly authorizedAt?: string;
  readonly capturedAt?: string;
  readonly voidedAt?: string;
  readonly declineReason?: string;
}

export interface PackedParcel {
  readonly weightGrams: number;
  readonly dimensions: { readonly lengthMm: number; readonly widthMm: number; readonly heightMm: number };
  readonly packedAt: string;
  readonly packedBy: string;
  /** Each parcel as weighed, when the warehouse packed the order in several (`weightGrams`: their total). */
  readonly parcels?: readonly { readonly weightGrams: number; readonly dimensions: PackedParcel['dimensions'] }[];
}

export interface Order {
  readonly orderId: string;
  readonly customerId: string;
  readonly status: OrderStatus;
  readonly price: CartPrice;
  readonly shippingAddress: ShippingAddress;
  readonly serviceLevel: ServiceLevel;
  /** `YYYY-MM-DD`, the ETA quoted when the order was placed. */
  readonly promisedBy: string;
  /** `YYYY-MM-DD`: the day the warehouse promised it leaves by (orders placed before it was kept have none). */
  readonly shipBy?: string;
  /** The warehouse the quote shipped from. */
  readonly warehouseId: string;
  /** The quoted split of an order too heavy or too large for one parcel (parcels.ts); absent for one parcel. */
  readonly plannedParcels?: readonly Parcel[];
  /** The carrier the quote chose (by the units' weights and sizes), which AllocateCarrier keeps while it still serves the lane. */
  readonly quotedCarrierId?: string;
  /** The goods' weight, for choosing a carrier before the parcel is weighed. */
  readonly estimatedWeightGrams: number;
  /** What a failed compensation left behind, while NEEDS_ATTENTION (and kept after, for the record). */
  readonly attention?: Attention;
  /** Alerts raised once per order (e.g. `PACKING_OVERDUE`), so a retried step does not raise them again. */
  readonly alertsRaised?: readonly string[];
  readonly carrierId?: string;
  readonly stockHold: StockHold;
  readonly payment: OrderPayment;
  readonly packed?: PackedParcel;
  readonly shipments: readonly OrderShipment[];
  /** An exchange's replacement (orders/replacement.ts): the return it replaces units of, placed at no charge. */
  readonly replacementFor?: { readonly returnId: string; readonly orderId: string };
  /** Every status the order went through, oldest first. */
  readonly timeline: readonly TimelineEntry[];
  /** A group-buy order: the promotion and the group it joined (it waits AWAITING_GROUP until the group fills). */
  readonly groupBuy?: { readonly promotionId: string; readonly groupId: string };
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The order moved to `to`, with the move on its timeline; throws a 409 when the move is not allowed. */
export function moveOrder(order: Order, to: OrderStatus, at: Date, details: Pick<TimelineEntry, 'reason' | 'note'> = {}): Order {
  assertOrderTransition(order.status, to);
  const entry: TimelineEntry = { at: at.toISOString(), status: to, ...details };
  return { ...order, status: to, timeline: [...order.timeline, entry], updatedAt: entry.at };
}
