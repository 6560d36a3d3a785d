/**
 * Asking for a return, and the operator's decision on one that waits (docs/returns.md, "Requesting").
 * Refusals write nothing: 409 for an order that is not delivered, 400 for lines the order does not have,
 * 422 for what the rules refuse (window, category, more than delivered, exchanges not yet offered).
 */
import { DomainError, conflict, invalid, type FieldError } from '../errors';
import type { DomainEventDraft } from '../events';
import { formatMoney } from '../money';
import type { Order } from '../orders/order';
import { paidPerLine, refundForUnits } from './refund';
import { moveReturn, type Resolution, type Return, type ReturnLine } from './return';
import { isSellerFault, windowDaysFor, type ReturnReason, type ReturnRules } from './rules';
import { returnApproved, returnAwaitingApproval, returnRejected, returnRequested } from './events';
import { heldAfter, type OrderReturns } from './tally';
import { exchangesFor, type ExchangeOffer } from './exchange';

export interface SkuFacts {
  readonly categoryId: string;
  readonly productId: string;
  readonly supplierId: string;
}

export interface ReturnRequest {
  readonly returnId: string;
  readonly lines: readonly { readonly sku: string; readonly quantity: number; readonly exchangeSku?: string }[];
  readonly reason: ReturnReason;
  readonly resolution: Resolution;
  readonly photos?: readonly string[];
  readonly comment?: string;
  readonly requestedBy: string;
  readonly now: Date;
}

export interface RequestFacts {
  readonly skus: ReadonlyMap<string, SkuFacts>;
  readonly tally: OrderReturns;
  /** The customer's returns so far. */
  readonly customerReturnCount: number;
  readonly rules: ReturnRules;
  /** For an exchange: the SKUs offered in exchange as the catalogue and the stock say now (exchange.ts). */
  readonly exchangeOffers?: ReadonlyMap<string, ExchangeOffer>;
}

export interface ReturnDecision {
  readonly next?: Return;
  readonly events?: readonly DomainEventDraft<object>[];
  /** The order's tally of returned units and refunds, when it changes. */
  readonly tally?: OrderReturns;
}

const DAY_MS = 86_400_000;

/** When the order was delivered (its DELIVERED timeline entry). */
export const deliveredAt = (order: Order): Date | undefined => {
  const entry = order.timeline.findLast((item) => item.status === 'DELIVERED');
  return entry ? new Date(entry.at) : undefined;
};

const unprocessable = (code: string, message: string, fields: readonly FieldError[]) => new DomainError('unprocessable', code, message, fields);

export function requestReturn(order: Order, request: ReturnRequest, facts: RequestFacts): Required<Omit<ReturnDecision, 'next'>> & { next: Return } {
  const delivered = deliveredAt(order);
  if (order.status !== 'DELIVERED' || !delivered) throw conflict('OrderNotDelivered', `Order ${order.orderId} is ${order.status}: a return can be asked for once it is delivered`);
  if (request.resolution.type === 'EXCHANGE' && !facts.rules.exchanges) {
    throw unprocessable('ExchangeNotOffered', 'Exchanges are not offered yet: ask for a refund and order the other item', [{ field: 'resolution.type', message: 'REFUND only, for now' }]);
  }
  const unknown: FieldError[] = [];
  const seen = new Set<string>();
  request.lines.forEach((line, index) => {
    if (!order.price.lines.some((ordered) => ordered.sku === line.sku)) unknown.push({ field: `lines.${index}.sku`, message: `Order ${order.orderId} has no line for ${line.sku}` });
    else if (seen.has(line.sku)) unknown.push({ field: `lines.${index}.sku`, message: `${line.sku} is on two lines; add up the quantity` });
    seen.add(line.sku);
    if (!Number.isInteger(line.quantity) || line.quantity < 1) unknown.push({ field: `lines.${index}.quantity`, message: 'A whole number of at least 1' });
  });
  if (request.lines.length === 0) unknown.push({ field: 'lines', message: 'At least one line' });
  if (unknown.length > 0) throw invalid('The return names lines the order does not have', unknown);

  const refused: { code: string; field: FieldError }[] = [];
  const paid = paidPerLine(order.price);
  const lines: ReturnLine[] = request.lines.map((line, index) => {
    const ordered = order.price.lines.find((candidate) => candidate.sku === line.sku)!;
    const sku = facts.skus.get(line.sku);
    const categoryId = sku?.categoryId ?? 'unknown';
    const held = facts.tally.heldUnits[line.sku] ?? 0;
    const closes = new Date(delivered.getTime() + windowDaysFor(facts.rules, categoryId) * DAY_MS);
    if (facts.rules.nonReturnableCategories.includes(categoryId)) refused.push({ code: 'NotReturnable', field: { field: `lines.${index}.sku`, message: `${line.sku} is in ${categoryId}, which cannot be returned` } });
    else if (request.now > closes) refused.push({ code: 'ReturnWindowClosed', field: { field: `lines.${index}.sku`, message: `The return window for ${categoryId} closed on ${closes.toISOString()} (${windowDaysFor(facts.rules, categoryId)} days from delivery)` } });
    if (line.quantity > ordered.quantity - held) refused.push({ code: 'MoreThanDelivered', field: { field: `lines.${index}.quantity`, message: `${ordered.quantity} delivered, ${held} already returned or being returned: at most ${ordered.quantity - held}` } });
    const value = refundForUnits(paid[ordered.lineIndex]!, ordered.quantity, held, line.quantity);
    return { lineIndex: ordered.lineIndex, sku: line.sku, quantity: line.quantity, value: { amount: value, currency: order.price.currency }, categoryId, productId: sku?.productId ?? '', supplierId: sku?.supplierId ?? '' };
  });
  if (refused.length > 0) throw unprocessable(refused[0]!.code, 'The return is outside the return rules', refused.map((entry) => entry.field));
  if (request.resolution.type === 'EXCHANGE') {
    const asked = request.lines.map((line, index) => ({ ...line, value: lines[index]!.value, productId: lines[index]!.productId, categoryId: lines[index]!.categoryId }));
    const exchanges = exchangesFor(asked, request.resolution, facts.exchangeOffers ?? new Map(), facts.rules);
    lines.forEach((line, index) => {
      lines[index] = { ...line, exchange: exchanges[index]! };
    });
  }

  const value = { amount: lines.reduce((sum, line) => sum + line.value.amount, 0), currency: order.price.currency };
  const reviewReasons = [
    ...(value.amount > facts.rules.autoApproveUpTo ? [`worth ${formatMoney(value)}, over the auto-approval limit of ${formatMoney({ amount: facts.rules.autoApproveUpTo, currency: value.currency })}`] : []),
    ...(facts.customerReturnCount >= facts.rules.reviewFromReturnCount ? [`the customer has ${facts.customerReturnCount} earlier returns`] : []),
  ];
  const at = request.now.toISOString();
  const base: Return = {
    returnId: request.returnId,
    orderId: order.orderId,
    customerId: order.customerId,
    requestedBy: request.requestedBy,
    status: 'PENDING_APPROVAL',
    reason: request.reason,
    resolution: request.resolution,
    lines,
    value,
    photos: request.photos ?? [],
    ...(request.comment ? { comment: request.comment } : {}),
    returnShippingPaidBy: isSellerFault(request.reason) ? 'SELLER' : 'CUSTOMER',
    timeline: [],
    createdAt: at,
    updatedAt: at,
  };
  const tally = { ...facts.tally, heldUnits: heldAfter(facts.tally.heldUnits, lines, 1) };
  if (reviewReasons.length > 0) {
    const decideBy = new Date(request.now.getTime() + facts.rules.approvalHours * 3_600_000).toISOString();
    const next = moveReturn(base, 'PENDING_APPROVAL', request.requestedBy, request.now, 'waits for an operator', { review: { reasons: reviewReasons, decideBy } });
    return { next, tally, events: [returnRequested(next), returnAwaitingApproval(next)] };
  }
  const next = moveReturn(base, 'APPROVED', 'returns-rules', request.now, 'inside the return rules', { approval: { auto: true, by: 'returns-rules', at, why: 'inside the return rules' } });
  return { next, tally, events: [returnRequested(next)] };
}

/** An operator approves a waiting return; approving it again changes nothing. */
export function approveReturn(ret: Return, by: string, now: Date, note?: string): ReturnDecision {
  if (ret.status === 'APPROVED' && ret.approval && !ret.approval.auto) return {};
  if (ret.status !== 'PENDING_APPROVAL') throw conflict('ReturnNotAwaitingApproval', `Return ${ret.returnId} is ${ret.status}: only a return waiting for review can be decided`);
  const next = moveReturn(ret, 'APPROVED', by, now, note, { approval: { auto: false, by, at: now.toISOString(), why: note ?? 'approved by an operator' } });
  return { next, events: [returnApproved(next)] };
}

/** An operator rejects a waiting return: its units can be asked for again (the tally lets them go). */
export function rejectReturn(ret: Return, tally: OrderReturns, by: string, reason: string, now: Date): ReturnDecision {
  if (ret.status === 'REJECTED') return {};
  if (ret.status !== 'PENDING_APPROVAL') throw conflict('ReturnNotAwaitingApproval', `Return ${ret.returnId} is ${ret.status}: only a return waiting for review can be decided`);
  const next = moveReturn(ret, 'REJECTED', by, now, reason, { rejection: { by, at: now.toISOString(), reason } });
  return { next, events: [returnRejected(next)], tally: { ...tally, heldUnits: heldAfter(tally.heldUnits, ret.lines, -1) } };
}
