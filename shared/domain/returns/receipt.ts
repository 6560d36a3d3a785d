/**
 * The warehouse's receipt and inspection of a return, and the refund's outcome (docs/returns.md, "Receipt").
 *
 * | disposition      | stock                                             | money / supplier                      |
 * |------------------|---------------------------------------------------|---------------------------------------|
 * | RESTOCK          | + on hand and available at the order's warehouse  | –                                     |
 * | REFURBISH        | none (held aside, not sellable)                   | –                                     |
 * | WRITE_OFF        | none (scrapped; its paid value is on the receipt) | –                                     |
 * | RETURN_TO_VENDOR | none (sent back)                                  | debited to the supplier (debit.ts)    |
 *
 * Only what arrived is refunded; a receipt short of the request says so and lets the missing units be asked
 * for again. A defective or not-as-described unit that arrived is a quality incident against its SKU and supplier.
 */
import { conflict, DomainError, invalid, type FieldError } from '../errors';
import type { Order } from '../orders/order';
import { computeRefund } from './refund';
import { moveReturn, type Disposition, type ReceivedLine, type Return, type ReturnRefund } from './return';
import { isQualityReason, type ReturnReason, type ReturnRules } from './rules';
import { returnQualityIncidentRecorded, returnReceived, returnRefunded, returnRefundFailed, returnToVendorDebited } from './events';
import type { Money } from '../money';
import { returnToVendorDebits, type SupplierDebit } from '../suppliers/debit';
import type { ReturnDecision } from './request';
import { heldAfter, type OrderReturns } from './tally';
import { planExchange } from './exchange';
import { lotsNamed, type LotShare } from '../inventory/lots';

/** A quality incident from a return, kept against the supplier beside the QC incidents of purchase orders. */
export interface ReturnQualityIncident {
  readonly source: 'RETURN';
  readonly returnId: string;
  readonly orderId: string;
  readonly sku: string;
  readonly productId: string;
  readonly supplierId: string;
  /** The goods-receipt lot, when every unit of the SKU the order shipped came from one (inventory/lots.ts, FIFO from the ledger). */
  readonly lotId?: string;
  /** Every lot the order's units of the SKU shipped from (the returned units are among them). */
  readonly lots?: readonly string[];
  readonly quantity: number;
  readonly reason: ReturnReason;
  readonly disposition: Disposition;
  readonly recordedAt: string;
}

export interface ReceiptDecision extends ReturnDecision {
  /** Units going back to sellable stock at `warehouseId`. */
  readonly restock: readonly { readonly sku: string; readonly quantity: number }[];
  readonly warehouseId: string;
  readonly incidents: readonly ReturnQualityIncident[];
  /** What the units sent back to their suppliers are debited (suppliers/debit.ts). */
  readonly debits: readonly SupplierDebit[];
}

/** What the receipt needs to know beyond the return and the order, read by the route. */
export interface ReceiptContext {
  /** SKUs on quality hold (inventory/quality-hold.ts): a RESTOCK of one is refused. */
  readonly onQualityHold?: ReadonlySet<string>;
  /** The SKUs' listed unit costs: what a RETURN_TO_VENDOR unit is debited to its supplier. */
  readonly unitCosts?: ReadonlyMap<string, Money>;
  /** Per SKU, the lots the order's units shipped from (quality incidents name them); absent: none known. */
  readonly lotsShipped?: ReadonlyMap<string, readonly LotShare[]>;
  /** For an exchange: the id its replacement order will have (one per return, reserved with the receipt). */
  readonly replacementOrderId?: string;
}

/**
 * A SKU on quality hold cannot go back to sellable stock now (inventory/quality-hold.ts): a RESTOCK of one is
 * refused (422 SkuOnQualityHold); REFURBISH, WRITE_OFF or RETURN_TO_VENDOR it instead.
 */
export function recordReturnReceipt(ret: Return, order: Order, tally: OrderReturns, received: readonly ReceivedLine[], by: string, now: Date, rules: Pick<ReturnRules, 'changedMindReturnShipping'>, context: ReceiptContext = {}): ReceiptDecision {
  const onQualityHold = context.onQualityHold ?? new Set<string>();
  if (ret.status !== 'APPROVED') throw conflict('ReturnNotAwaitingReceipt', `Return ${ret.returnId} is ${ret.status}: only an approved return waiting for its parcel can be received`);
  const wrong: FieldError[] = [];
  const over: FieldError[] = [];
  received.forEach((line, index) => {
    const asked = ret.lines.find((candidate) => candidate.sku === line.sku);
    if (!asked) wrong.push({ field: `lines.${index}.sku`, message: `Return ${ret.returnId} has no line for ${line.sku}` });
    else if (received.findIndex((other) => other.sku === line.sku) !== index) wrong.push({ field: `lines.${index}.sku`, message: `${line.sku} is on two lines` });
    else if (line.quantity > asked.quantity) over.push({ field: `lines.${index}.quantity`, message: `${asked.quantity} were asked for: at most ${asked.quantity}` });
    if (!Number.isInteger(line.quantity) || line.quantity < 0) wrong.push({ field: `lines.${index}.quantity`, message: 'A whole number, 0 or more' });
  });
  if (wrong.length > 0) throw invalid('The receipt names lines the return does not have', wrong);
  if (over.length > 0) throw new DomainError('unprocessable', 'MoreThanRequested', 'More units received than the return asked for', over);
  const held: FieldError[] = received.flatMap((line, index) =>
    line.disposition === 'RESTOCK' && line.quantity > 0 && onQualityHold.has(line.sku) ? [{ field: `lines.${index}.disposition`, message: `${line.sku} is on quality hold: it cannot be restocked until an operator releases it` }] : [],
  );
  if (held.length > 0) throw new DomainError('unprocessable', 'SkuOnQualityHold', 'A SKU on quality hold cannot be restocked', held);

  const arrivedOf = (sku: string) => received.find((line) => line.sku === sku)?.quantity ?? 0;
  const short = ret.lines.some((line) => arrivedOf(line.sku) < line.quantity);
  const refund = computeRefund({
    price: order.price,
    arrived: ret.lines.map((line) => ({ lineIndex: line.lineIndex, units: arrivedOf(line.sku) })),
    refundedUnits: tally.refundedUnits,
    reason: ret.reason,
    rules,
    captured: order.payment.status === 'CAPTURED' ? order.payment.amount.amount : 0,
    alreadyRefunded: tally.refunded,
    shippingRefunded: tally.shippingRefunded,
  });
  const receipt = { lines: received.filter((line) => line.quantity > 0), receivedBy: by, receivedAt: now.toISOString(), short };
  const owed: ReturnRefund = { ...refund, idempotencyKey: `refund-${ret.returnId}`, status: 'PENDING', attempts: 0 };
  // An exchange replaces what arrived (exchange.ts): its replacement order is placed by the workflow.
  const exchanging = ret.resolution.type === 'EXCHANGE' && receipt.lines.length > 0;
  if (exchanging && !context.replacementOrderId) throw new Error(`the receipt of exchange ${ret.returnId} needs its replacement order id`);
  const note = short ? `fewer units arrived than were asked for: only those are ${exchanging ? 'exchanged' : 'refunded'}` : undefined;
  const next = exchanging
    ? moveReturn(ret, 'EXCHANGING', by, now, note, { receipt, exchange: planExchange(ret, arrivedOf, refund, context.replacementOrderId!) })
    : refund.total.amount > 0 ? moveReturn(ret, 'RECEIVED', by, now, note, { receipt, refund: owed }) : moveReturn(ret, 'CLOSED', by, now, note ?? 'nothing to refund', { receipt });
  const missing = ret.lines.map((line) => ({ sku: line.sku, quantity: line.quantity - arrivedOf(line.sku) })).filter((line) => line.quantity > 0);
  const nextTally: OrderReturns = {
    ...tally,
    heldUnits: heldAfter(tally.heldUnits, missing, -1),
    refundedUnits: heldAfter(tally.refundedUnits, refund.lines.map((line) => ({ sku: line.sku, quantity: line.units })), 1),
    refunded: tally.refunded + refund.total.amount,
    shippingRefunded: tally.shippingRefunded || refund.shipping.amount > 0,
  };
  const incidents: ReturnQualityIncident[] = isQualityReason(ret.reason)
    ? receipt.lines.map((line) => {
        const asked = ret.lines.find((candidate) => candidate.sku === line.sku)!;
        return { source: 'RETURN', returnId: ret.returnId, orderId: ret.orderId, sku: line.sku, productId: asked.productId, supplierId: asked.supplierId, ...lotsNamed(context.lotsShipped?.get(line.sku)), quantity: line.quantity, reason: ret.reason, disposition: line.disposition, recordedAt: receipt.receivedAt };
      })
    : [];
  const debits = returnToVendorDebits(
    {
      returnId: ret.returnId,
      orderId: ret.orderId,
      returnReason: ret.reason,
      recordedAt: receipt.receivedAt,
      lines: receipt.lines.filter((line) => line.disposition === 'RETURN_TO_VENDOR').map((line) => {
        const asked = ret.lines.find((candidate) => candidate.sku === line.sku)!;
        return { sku: line.sku, supplierId: asked.supplierId, quantity: line.quantity, paidPerUnit: { amount: Math.floor(asked.value.amount / asked.quantity), currency: asked.value.currency } };
      }),
    },
    context.unitCosts ?? new Map(),
  );
  return {
    next,
    tally: nextTally,
    events: [returnReceived(next), ...incidents.map(returnQualityIncidentRecorded), ...debits.map(returnToVendorDebited)],
    restock: receipt.lines.filter((line) => line.disposition === 'RESTOCK').map(({ sku, quantity }) => ({ sku, quantity })),
    warehouseId: order.warehouseId,
    incidents,
    debits,
  };
}

/** A refund may be (re)tried while it is owed: RECEIVED (the workflow's step) or REFUND_FAILED (ops' retry). */
export const isRefundOwed = (ret: Return): boolean => (ret.status === 'RECEIVED' || ret.status === 'REFUND_FAILED') && ret.refund !== undefined;

export function assertRefundOwed(ret: Return): ReturnRefund {
  if (isRefundOwed(ret) && ret.refund) return ret.refund;
  throw conflict('NoRefundOwed', `Return ${ret.returnId} is ${ret.status}: no refund is owed`);
}

export type RefundOutcome = { readonly outcome: 'REFUNDED'; readonly refundId: string; readonly refundedAt: string } | { readonly outcome: 'FAILED'; readonly failure: string };

/** The provider's answer on the return: REFUNDED once (a late answer for a refunded return changes nothing), or REFUND_FAILED for ops to retry. */
export function recordRefundOutcome(ret: Return, outcome: RefundOutcome, now: Date): ReturnDecision {
  if (ret.status === 'REFUNDED' || ret.status === 'EXCHANGED') return {};
  const refund = assertRefundOwed(ret);
  if (outcome.outcome === 'REFUNDED') {
    // An exchange's difference refunded: the exchange is done.
    const next = moveReturn(ret, ret.exchange?.status === 'PLACED' ? 'EXCHANGED' : 'REFUNDED', 'payments', now, undefined, { refund: { ...refund, status: 'REFUNDED', attempts: refund.attempts + 1, refundId: outcome.refundId, refundedAt: outcome.refundedAt } });
    return { next, events: [returnRefunded(next)] };
  }
  const next = moveReturn(ret, 'REFUND_FAILED', 'payments', now, outcome.failure, { refund: { ...refund, status: 'FAILED', attempts: refund.attempts + 1, failure: outcome.failure } });
  return { next, events: [returnRefundFailed(next)] };
}
