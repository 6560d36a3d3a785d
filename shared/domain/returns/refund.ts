/**
 * The refund, as pure arithmetic on what the customer paid (docs/returns.md, "The refund formula").
 *
 *   paid(line)        = what the line paid as priced (its `paid`: line total − its shares of the promotions),
 *                       or, for an order priced before lines kept it, line total − its share of each discount
 *                       (`paidPerLine`)
 *   units(line, k)    = ⌊paid × (before + k) / Q⌋ − ⌊paid × before / Q⌋  (Q the line's quantity, `before` units already
 *                       refunded on the line: partial refunds add up to exactly `paid`)
 *   goods             = Σ units(line, arrived)
 *   shipping          = the shipping the customer paid (after a shipping offer), when the seller is at fault and
 *                       this return completes the whole order
 *   deduction         = the way back for a changed mind, at most `goods`
 *   total             = min(goods + shipping − deduction, captured − already refunded), never below 0
 */
import type { Money } from '../money';
import type { CartPrice } from '../orders/pricing';
import type { RefundComputation, RefundLine } from './return';
import { isSellerFault, type ReturnReason, type ReturnRules } from './rules';

/** `amount` split over `weights` in whole minor units (largest remainder): the parts add up to `amount`. */
export function allocate(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (weights.length === 0) return [];
  if (total <= 0) return allocate(amount, weights.map(() => 1));
  const exact = weights.map((weight) => (amount * weight) / total);
  const parts = exact.map(Math.floor);
  let left = amount - parts.reduce((sum, part) => sum + part, 0);
  const byRemainder = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left <= 0) break;
    parts[index]! += 1;
    left -= 1;
  }
  return parts;
}

/**
 * What the customer paid for each line of the order (by line index): the `paid` the promotions engine kept on
 * each line. An order priced before lines kept it: its total less its share of each discount (a line discount
 * over its lines, a cart-wide one over all, each by line total), the shares scaled to the order's capped
 * discount total.
 */
export function paidPerLine(price: CartPrice): number[] {
  // Priced by the promotions engine: each line keeps what it paid (a line without a share paid its total).
  if (price.promotions || price.lines.some((line) => line.paid)) return price.lines.map((line) => Math.max(0, (line.paid ?? line.lineTotal).amount));
  const totals = price.lines.map((line) => line.lineTotal.amount);
  const shares = totals.map(() => 0);
  for (const discount of price.discounts) {
    const lines = discount.lineIndexes.length > 0 ? discount.lineIndexes : price.lines.map((line) => line.lineIndex);
    allocate(Math.max(0, discount.amount.amount), lines.map((index) => totals[index] ?? 0)).forEach((part, at) => {
      shares[lines[at]!]! += part;
    });
  }
  const granted = shares.reduce((sum, share) => sum + share, 0);
  const scaled = granted > price.discountTotal.amount ? allocate(price.discountTotal.amount, shares) : shares;
  return totals.map((total, index) => Math.max(0, total - scaled[index]!));
}

/** What `units` more of a line are worth when `before` of its `quantity` were refunded already. */
export const refundForUnits = (paid: number, quantity: number, before: number, units: number): number =>
  Math.floor((paid * (before + units)) / quantity) - Math.floor((paid * before) / quantity);

export interface RefundInput {
  readonly price: CartPrice;
  /** Units that arrived, per order line. */
  readonly arrived: readonly { readonly lineIndex: number; readonly units: number }[];
  /** Units of each order line refunded by earlier returns (by SKU). */
  readonly refundedUnits: Readonly<Record<string, number>>;
  readonly reason: ReturnReason;
  readonly rules: Pick<ReturnRules, 'changedMindReturnShipping'>;
  /** What the payment captured, and what earlier refunds gave back of it. */
  readonly captured: number;
  readonly alreadyRefunded: number;
  readonly shippingRefunded: boolean;
}

export function computeRefund(input: RefundInput): RefundComputation {
  const { price } = input;
  const money = (amount: number): Money => ({ amount, currency: price.currency });
  const paid = paidPerLine(price);
  const lines: RefundLine[] = input.arrived
    .filter((line) => line.units > 0)
    .map(({ lineIndex, units }) => {
      const line = price.lines[lineIndex]!;
      return { sku: line.sku, units, amount: money(refundForUnits(paid[lineIndex]!, line.quantity, input.refundedUnits[line.sku] ?? 0, units)) };
    });
  const goods = lines.reduce((sum, line) => sum + line.amount.amount, 0);
  const wholeOrderBack = price.lines.every((line) => (input.refundedUnits[line.sku] ?? 0) + (lines.find((back) => back.sku === line.sku)?.units ?? 0) >= line.quantity);
  const shippingPaid = price.shipping.amount - (price.shippingDiscount?.amount ?? 0);
  const shipping = isSellerFault(input.reason) && wholeOrderBack && !input.shippingRefunded ? shippingPaid : 0;
  const deduction = input.reason === 'CHANGED_MIND' ? Math.min(goods, input.rules.changedMindReturnShipping) : 0;
  const owed = goods + shipping - deduction;
  const left = Math.max(0, input.captured - input.alreadyRefunded);
  return { lines, goods: money(goods), shipping: money(shipping), deduction: money(deduction), total: money(Math.min(owed, left)), capped: owed > left };
}
