/**
 * Exchanges (docs/returns.md, "Exchanges"): a return whose units come back as other units — another variant of
 * the same product (or, as configured, of the same category), or the same SKU again.
 *
 * - Asked for: each line names the SKU it is exchanged for (`exchangeSku`, else the resolution's `sku`, else the
 *   same SKU). The SKU must be for sale, within the scope (`exchangeWithin`), in stock now, and cost no more for
 *   those units than the customer paid for the units sent back (422 `ExchangeCostsMore`): an exchange is never
 *   charged, because charging would need the customer's consent on a payment method (a new authorization), which
 *   nothing in a return asks for; a dearer item is a refund and a new order. Its unit price is kept on the line.
 * - Received: the return is EXCHANGING with a plan for what arrived (`planExchange`): the replacement lines at
 *   the request's prices, what the arrived units are worth back (`credit`, the refund formula), the difference
 *   owed back (credit − its outbound shipping − the replacement, at least 0; the outbound shipping is not
 *   refunded because the replacement travels free instead) and the replacement order's id, reserved once at
 *   receipt: every attempt places that one order.
 * - Placed: EXCHANGED, or RECEIVED with the difference to refund (the refund path; then EXCHANGED).
 * - The replacement cannot be had (out of stock, no longer for sale): the exchange falls back to the full refund
 *   of `credit` (RECEIVED, ops and the customer told). Any other failure after the workflow's retries:
 *   EXCHANGE_FAILED, for ops to retry (POST /returns/{id}/exchange).
 * - A changed-mind deduction comes off the difference; it is never charged.
 */
import { conflict, DomainError, type FieldError } from '../errors';
import { formatMoney, type Money } from '../money';
import type { CartLine } from '../orders/pricing';
import { moveReturn, type LineExchange, type RefundComputation, type Resolution, type Return, type ReturnExchange, type ReturnRefund } from './return';
import type { ReturnRules } from './rules';
import { returnExchangeFailed, returnExchangeFellBack, returnReplacementPlaced } from './events';
import type { ReturnDecision } from './request';

/** A SKU offered in exchange, as the catalogue and the stock say now. */
export interface ExchangeOffer {
  readonly sku: string;
  readonly productId: string;
  readonly categoryId: string;
  readonly unitPrice: Money;
  /** Units available to sell now, all warehouses together. */
  readonly available: number;
}

/** A line of the request, with what the rules already know of it. */
export interface ExchangeAsked {
  readonly sku: string;
  readonly quantity: number;
  readonly exchangeSku?: string;
  /** What the customer paid for these units. */
  readonly value: Money;
  readonly productId: string;
  readonly categoryId: string;
}

/** The SKU a line is exchanged for: its own, else the resolution's, else the same SKU. */
export const exchangeSkuOf = (line: Pick<ExchangeAsked, 'sku' | 'exchangeSku'>, resolution: Resolution): string =>
  line.exchangeSku ?? (resolution.type === 'EXCHANGE' ? resolution.sku : undefined) ?? line.sku;

/** What each line is exchanged for, or the first refusal with every line's problem (nothing is written). */
export function exchangesFor(lines: readonly ExchangeAsked[], resolution: Resolution, offers: ReadonlyMap<string, ExchangeOffer>, rules: Pick<ReturnRules, 'exchangeWithin'>): LineExchange[] {
  const refused: { kind: 'conflict' | 'unprocessable'; code: string; field: FieldError }[] = [];
  const refuse = (kind: 'conflict' | 'unprocessable', code: string, index: number, message: string) => refused.push({ kind, code, field: { field: `lines.${index}.exchangeSku`, message } });
  const wanted = new Map<string, number>();
  for (const line of lines) wanted.set(exchangeSkuOf(line, resolution), (wanted.get(exchangeSkuOf(line, resolution)) ?? 0) + line.quantity);
  const exchanges = lines.map((line, index) => {
    const sku = exchangeSkuOf(line, resolution);
    const offer = offers.get(sku);
    if (!offer) {
      refuse('unprocessable', 'ExchangeNotAvailable', index, `${sku} is not for sale now`);
      return undefined;
    }
    const sameScope = rules.exchangeWithin === 'PRODUCT' ? offer.productId === line.productId : offer.categoryId === line.categoryId;
    if (!sameScope) refuse('unprocessable', 'ExchangeNotAllowed', index, `${sku} is not ${rules.exchangeWithin === 'PRODUCT' ? 'a variant of the same product' : 'in the same category'} as ${line.sku}`);
    else if (offer.unitPrice.currency !== line.value.currency) refuse('unprocessable', 'ExchangeNotAllowed', index, `${sku} is priced in ${offer.unitPrice.currency}, the order in ${line.value.currency}`);
    else if (offer.unitPrice.amount * line.quantity > line.value.amount) {
      const cost = { amount: offer.unitPrice.amount * line.quantity, currency: offer.unitPrice.currency };
      refuse('unprocessable', 'ExchangeCostsMore', index, `${line.quantity} × ${sku} cost ${formatMoney(cost)}, more than the ${formatMoney(line.value)} paid for ${line.sku}: an exchange is never charged, so ask for a refund and order ${sku}`);
    } else if (offer.available < wanted.get(sku)!) refuse('conflict', 'ExchangeOutOfStock', index, `${offer.available} × ${sku} in stock, ${wanted.get(sku)} asked for`);
    return { sku, unitPrice: offer.unitPrice };
  });
  if (refused.length > 0) throw new DomainError(refused[0]!.kind, refused[0]!.code, 'The exchange cannot be offered', refused.map((entry) => entry.field));
  return exchanges as LineExchange[];
}

/** The exchange of what arrived, once received (units per SKU of the return), under the replacement order id reserved for it. */
export function planExchange(ret: Return, arrivedOf: (sku: string) => number, credit: RefundComputation, replacementOrderId: string): ReturnExchange {
  const lines = ret.lines.flatMap((line) => {
    const quantity = arrivedOf(line.sku);
    return quantity > 0 && line.exchange ? [{ sku: line.exchange.sku, quantity, unitPrice: line.exchange.unitPrice, forSku: line.sku }] : [];
  });
  const currency = credit.total.currency;
  const value = lines.reduce((sum, line) => sum + line.unitPrice.amount * line.quantity, 0);
  const difference = Math.max(0, credit.total.amount - credit.shipping.amount - value);
  return { lines, value: { amount: value, currency }, credit, difference: { amount: difference, currency }, replacementOrderId, status: 'PENDING', attempts: 0 };
}

/** The replacement order's cart: one line per SKU (the checkout reserves each SKU once). */
export function replacementCart(exchange: ReturnExchange): CartLine[] {
  const units = new Map<string, number>();
  for (const line of exchange.lines) units.set(line.sku, (units.get(line.sku) ?? 0) + line.quantity);
  return [...units].map(([sku, quantity]) => ({ sku, quantity }));
}

/** An exchange still to place: received (EXCHANGING), or left to ops (EXCHANGE_FAILED). */
export const isExchangeOwed = (ret: Return): boolean => (ret.status === 'EXCHANGING' || ret.status === 'EXCHANGE_FAILED') && ret.exchange !== undefined;

export function assertExchangeOwed(ret: Return): ReturnExchange {
  if (isExchangeOwed(ret) && ret.exchange) return ret.exchange;
  throw conflict('NoExchangeOwed', `Return ${ret.returnId} is ${ret.status}: no replacement order is owed`);
}

const refundOf = (ret: Return, computation: RefundComputation, replacement?: Money): ReturnRefund => ({
  ...computation,
  ...(replacement ? { replacement } : {}),
  idempotencyKey: `refund-${ret.returnId}`,
  status: 'PENDING',
  attempts: 0,
});

/** The replacement order is placed: EXCHANGED, or RECEIVED with the difference to refund. Once. */
export function replacementPlaced(ret: Return, now: Date): ReturnDecision {
  if (!isExchangeOwed(ret)) return {};
  const exchange: ReturnExchange = { ...ret.exchange!, status: 'PLACED', placedAt: now.toISOString(), attempts: ret.exchange!.attempts + 1 };
  const note = `replacement order ${exchange.replacementOrderId} placed at no charge`;
  if (exchange.difference.amount === 0) {
    const next = moveReturn(ret, 'EXCHANGED', 'return-lifecycle', now, note, { exchange });
    return { next, events: [returnReplacementPlaced(next)] };
  }
  const { credit } = exchange;
  const difference: RefundComputation = { ...credit, shipping: { amount: 0, currency: credit.total.currency }, total: exchange.difference };
  const next = moveReturn(ret, 'RECEIVED', 'return-lifecycle', now, `${note}; the difference is refunded`, { exchange, refund: refundOf(ret, difference, exchange.value) });
  return { next, events: [returnReplacementPlaced(next)] };
}

/** The replacement cannot be had: the full refund of what arrived instead (RECEIVED, or CLOSED when nothing is owed), ops and the customer told. */
export function exchangeFellBack(ret: Return, reason: string, now: Date): ReturnDecision {
  if (!isExchangeOwed(ret)) return {};
  const exchange: ReturnExchange = { ...ret.exchange!, status: 'FELL_BACK', fellBack: { reason, at: now.toISOString() }, attempts: ret.exchange!.attempts + 1 };
  const note = `the exchange fell back to a refund: ${reason}`;
  const next = exchange.credit.total.amount > 0
    ? moveReturn(ret, 'RECEIVED', 'return-lifecycle', now, note, { exchange, refund: refundOf(ret, exchange.credit) })
    : moveReturn(ret, 'CLOSED', 'return-lifecycle', now, note, { exchange });
  return { next, events: [returnExchangeFellBack(next)] };
}

/** Placing the replacement failed after the workflow's retries: EXCHANGE_FAILED, for ops to retry. */
export function exchangeFailed(ret: Return, failure: string, now: Date): ReturnDecision {
  if (ret.status !== 'EXCHANGING' || !ret.exchange) return {};
  const next = moveReturn(ret, 'EXCHANGE_FAILED', 'return-lifecycle', now, failure, { exchange: { ...ret.exchange, status: 'FAILED', failure, attempts: ret.exchange.attempts + 1 } });
  return { next, events: [returnExchangeFailed(next)] };
}
