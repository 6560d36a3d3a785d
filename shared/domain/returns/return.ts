/**
 * A return (RMA) and the states it moves through:
 *
 *   PENDING_APPROVAL ─approve→ APPROVED ─receipt→ RECEIVED ─refund→ REFUNDED
 *          └─reject→ REJECTED         │                └─refund fails→ REFUND_FAILED ─retry→ REFUNDED
 *                                     └─receipt (exchange)→ EXCHANGING ─replacement placed→ EXCHANGED
 *                                          (exchange.ts)       │  │  └─placed, a difference owed→ RECEIVED ─refund→ EXCHANGED
 *                                                              │  └─replacement unavailable→ RECEIVED (the full refund)
 *                                                              └─fails after retries→ EXCHANGE_FAILED ─ops retry→ …
 *
 * A return inside the rules starts APPROVED. A receipt where nothing is owed (nothing arrived) ends CLOSED.
 * A return nobody decided in time EXPIRES (the return-lifecycle workflow). REJECTED, REFUNDED, EXCHANGED, CLOSED
 * and EXPIRED are terminal.
 */
import { formatMoney, type Money } from '../money';
import type { ReturnReason } from './rules';
import type { ReturnParcel } from './parcel';

export const RETURN_STATUSES = ['PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'RECEIVED', 'REFUNDED', 'REFUND_FAILED', 'CLOSED', 'EXPIRED', 'EXCHANGING', 'EXCHANGED', 'EXCHANGE_FAILED'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export const DISPOSITIONS = ['RESTOCK', 'REFURBISH', 'WRITE_OFF', 'RETURN_TO_VENDOR'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** REFUND, or EXCHANGE: each line for its `exchange.sku` (the line's own, else `sku` here, else the same SKU). */
export type Resolution = { readonly type: 'REFUND' } | { readonly type: 'EXCHANGE'; readonly sku?: string };

/** What a line of an exchange is swapped for, priced when it was asked for (exchange.ts). */
export interface LineExchange {
  readonly sku: string;
  readonly unitPrice: Money;
}

export interface ReturnLine {
  /** The order line it comes from. */
  readonly lineIndex: number;
  readonly sku: string;
  readonly quantity: number;
  /** What the customer paid for these units (refund.ts `refundForUnits`), before any deduction. */
  readonly value: Money;
  readonly categoryId: string;
  readonly productId: string;
  readonly supplierId: string;
  /** An exchange's replacement for these units. */
  readonly exchange?: LineExchange;
}

export interface ReceivedLine {
  readonly sku: string;
  readonly quantity: number;
  readonly disposition: Disposition;
}

export interface ReturnReceipt {
  readonly lines: readonly ReceivedLine[];
  readonly receivedBy: string;
  readonly receivedAt: string;
  /** True when fewer units arrived than were asked for: only those are refunded. */
  readonly short: boolean;
}

export interface RefundLine {
  readonly sku: string;
  readonly units: number;
  readonly amount: Money;
}

/** What a refund owes (refund.ts `computeRefund`). */
export interface RefundComputation {
  readonly lines: readonly RefundLine[];
  readonly goods: Money;
  /** The order's outbound shipping, given back when the whole order returns through the seller's fault. */
  readonly shipping: Money;
  /** The way back, deducted for a changed mind. */
  readonly deduction: Money;
  readonly total: Money;
  /** True when the total was cut to what is left of the capture. */
  readonly capped: boolean;
}

/** What the refund owes and how it went at the payment provider. */
export interface ReturnRefund extends RefundComputation {
  /** One key for every attempt at this refund: a retry never pays twice. */
  readonly idempotencyKey: string;
  readonly status: 'PENDING' | 'REFUNDED' | 'FAILED';
  readonly attempts: number;
  /** An exchange's difference: the replacement's value (and the outbound shipping) taken off what arrived is worth. */
  readonly replacement?: Money;
  readonly refundId?: string;
  readonly refundedAt?: string;
  readonly failure?: string;
}

/**
 * An exchange once its units arrived (exchange.ts): the replacement order for what arrived, placed at no charge
 * under the id reserved at receipt (a retried step places that one order or finds it), and the money side.
 */
export interface ReturnExchange {
  readonly lines: readonly { readonly sku: string; readonly quantity: number; readonly unitPrice: Money; readonly forSku: string }[];
  /** The replacement at the prices of the request. */
  readonly value: Money;
  /** What the units that arrived are worth back (refund.ts): refunded in full when the exchange falls back. */
  readonly credit: RefundComputation;
  /** credit − its outbound shipping − value, at least 0: refunded once the replacement is placed. */
  readonly difference: Money;
  readonly replacementOrderId: string;
  readonly status: 'PENDING' | 'PLACED' | 'FELL_BACK' | 'FAILED';
  readonly attempts: number;
  readonly placedAt?: string;
  readonly fellBack?: { readonly reason: string; readonly at: string };
  readonly failure?: string;
}

/** The prepaid label for the way back, from the carrier port. */
export interface ReturnLabel {
  readonly carrierId: string;
  readonly trackingNumber: string;
  readonly labelUrl: string;
  readonly issuedAt: string;
  /** Voided at the carrier when the return expired without its parcel (the compensation of booking it). */
  readonly voidedAt?: string;
}

export interface ReturnTimelineEntry {
  readonly at: string;
  readonly status: ReturnStatus;
  readonly by: string;
  readonly note?: string;
}

export interface Return {
  readonly returnId: string;
  readonly orderId: string;
  readonly customerId: string;
  /** Who asked: the customer, or the operator who opened it for them. */
  readonly requestedBy: string;
  readonly status: ReturnStatus;
  readonly reason: ReturnReason;
  readonly resolution: Resolution;
  readonly lines: readonly ReturnLine[];
  readonly value: Money;
  readonly photos: readonly string[];
  readonly comment?: string;
  /** Who pays the way back: the seller (its fault) or the customer (deducted from the refund). */
  readonly returnShippingPaidBy: 'SELLER' | 'CUSTOMER';
  readonly approval?: { readonly auto: boolean; readonly by: string; readonly at: string; readonly why: string };
  /** While PENDING_APPROVAL: why it waits, until when an operator should decide, and when they were reminded. */
  readonly review?: { readonly reasons: readonly string[]; readonly decideBy: string; readonly remindedAt?: string };
  readonly rejection?: { readonly by: string; readonly at: string; readonly reason: string };
  /** Once approved: the label the customer prints (carrier port). */
  readonly label?: ReturnLabel;
  /** Once the carrier scanned the label: the parcel on its way back (parcel.ts). */
  readonly parcel?: ReturnParcel;
  readonly receipt?: ReturnReceipt;
  readonly refund?: ReturnRefund;
  /** An exchange, once its units arrived. */
  readonly exchange?: ReturnExchange;
  readonly timeline: readonly ReturnTimelineEntry[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The return moved to `status`, with the move on its timeline. */
export const moveReturn = (ret: Return, status: ReturnStatus, by: string, at: Date, note?: string, changes: Partial<Return> = {}): Return => ({
  ...ret,
  ...changes,
  status,
  timeline: [...ret.timeline, { at: at.toISOString(), status, by, ...(note ? { note } : {}) }],
  updatedAt: at.toISOString(),
});

/** One sentence for the customer (and the operator): what happens next. */
export function nextStep(ret: Return): string {
  switch (ret.status) {
    case 'PENDING_APPROVAL':
      return `An operator reviews the return (${ret.review?.reasons.join('; ') ?? 'review'}) by ${ret.review?.decideBy ?? 'soon'}.`;
    case 'APPROVED':
      if (ret.parcel) return `The parcel is on its way back with ${ret.label?.carrierId ?? 'the carrier'} (${ret.parcel.status.toLowerCase().replace(/_/g, ' ')}, tracking ${ret.label?.trackingNumber ?? 'unknown'}); the warehouse inspects it on arrival and the refund follows.`;
      return `${ret.label ? `Print the return label (${ret.label.labelUrl}) and hand the parcel to ${ret.label.carrierId} (tracking ${ret.label.trackingNumber})` : 'Send the items back to us (a return label follows)'}; the warehouse inspects them on arrival and the refund follows. Return shipping is ${ret.returnShippingPaidBy === 'SELLER' ? 'free' : 'deducted from the refund'}.`;
    case 'REJECTED':
      return `Nothing more: the return was rejected (${ret.rejection?.reason ?? 'no reason given'}).`;
    case 'RECEIVED':
      if (ret.exchange?.status === 'PLACED') return `The items arrived and replacement order ${ret.exchange.replacementOrderId} ships at no charge; the difference of ${formatAmount(ret.refund?.total)} is on its way to the original payment method.`;
      if (ret.exchange?.status === 'FELL_BACK') return `The items arrived but the replacement could not be sent (${ret.exchange.fellBack?.reason ?? 'unavailable'}); a refund of ${formatAmount(ret.refund?.total)} is on its way to the original payment method instead.`;
      return `The items arrived; a refund of ${formatAmount(ret.refund?.total)} is on its way to the original payment method.`;
    case 'REFUNDED':
      return `Nothing more: ${formatAmount(ret.refund?.total)} was refunded to the original payment method.`;
    case 'EXCHANGING':
      return `The items arrived; replacement order ${ret.exchange?.replacementOrderId ?? ''} (${exchangeLines(ret)}) is being placed at no charge${ret.exchange && ret.exchange.difference.amount > 0 ? `, and the difference of ${formatMoney(ret.exchange.difference)} refunded` : ''}.`;
    case 'EXCHANGED':
      return `Nothing more from you: replacement order ${ret.exchange?.replacementOrderId ?? ''} (${exchangeLines(ret)}) ships at no charge like any order${ret.refund?.status === 'REFUNDED' ? `; the difference of ${formatMoney(ret.refund.total)} was refunded` : ''}.`;
    case 'EXCHANGE_FAILED':
      return `The replacement order could not be placed yet (${ret.exchange?.failure ?? 'a failure'}); operations retries it (POST /returns/${ret.returnId}/exchange).`;
    case 'REFUND_FAILED':
      return `The refund of ${formatAmount(ret.refund?.total)} did not go through yet; operations retries it (POST /returns/${ret.returnId}/refund).`;
    case 'CLOSED':
      return 'Nothing more: nothing arrived that could be refunded.';
    case 'EXPIRED':
      return `Nothing more: the return expired (${ret.timeline.at(-1)?.note ?? 'in time'}); ask again if it is still inside the return window.`;
  }
}

const exchangeLines = (ret: Return) => (ret.exchange?.lines ?? []).map((line) => `${line.quantity} × ${line.sku}`).join(', ');

const formatAmount = (money: Money | undefined) => (money ? formatMoney(money) : 'the amount owed');
