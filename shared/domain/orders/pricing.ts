/**
 * Server-side pricing of a cart: never a price the client sent, only the catalogue's.
 *
 *   line total = unit price × quantity
 *   subtotal   = Σ line totals
 *   discounts  = what the promotions grant, capped at the subtotal: plain rules (`discountsFor`), or the
 *                promotions engine (shared/domain/promotions), whose discounts carry each line's share, so
 *                every line knows what it paid (`paid`, `discountShares`: what a return refunds)
 *   gifts      = lines at price 0 the engine adds (reserved like any line)
 *   total      = subtotal − discounts + shipping − the shipping discount (a shipping promotion's offer)
 *
 * Refused (a DomainError with one field error per problem, `lines.<index>.<field>`):
 * - 400 `ValidationFailed`: no lines; more than `MAX_CART_LINES`; a quantity that is not an integer
 *   in 1..10,000; an unknown SKU; a SKU on two lines (the stock reservation is one
 *   TransactWriteItems, which cannot touch an item twice: put the whole quantity on one line).
 * - 422 `MixedCurrencies`: lines (or shipping) priced in another currency than the first line.
 *
 * The caller passes only SKUs that are for sale (of ACTIVE products): pricing does not know listings.
 */
import type { Money } from '../money';
import { DomainError, invalid, type FieldError } from '../errors';
import type { Sku } from '../catalog/product';

export const MIN_QUANTITY = 1;
export const MAX_QUANTITY = 10_000;
/**
 * Keeps a stock movement within one TransactWriteItems (100 actions): three per line (the SKU's total, its
 * warehouse's record, the audit row: stock-ledger.ts) plus the order, its events and the parcel-due entry.
 */
export const MAX_CART_LINES = 32;

export interface CartLine {
  readonly sku: string;
  readonly quantity: number;
}

export type CatalogPrice = Pick<Sku, 'sku' | 'unitPrice'>;

export interface PricedLine {
  readonly lineIndex: number;
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: Money;
  readonly lineTotal: Money;
  /** A gift line (price 0) and the promotion that gave it. */
  readonly gift?: { readonly promotionId: string };
  /** Each promotion's share of this line (engine discounts only; absent: no discount on this line). */
  readonly discountShares?: readonly { readonly promotionId: string; readonly amount: Money }[];
  /** What the line costs after its discount shares (absent: its line total). */
  readonly paid?: Money;
}

/** One line's part of a discount. */
export interface LineShare {
  readonly lineIndex: number;
  readonly amount: Money;
}

export interface Discount {
  readonly promotionId: string;
  /** Shown to the customer: `10 % off kitchen`. */
  readonly description: string;
  /** Positive: the amount taken off. */
  readonly amount: Money;
  /** The lines it applies to; empty for a cart-wide discount. */
  readonly lineIndexes: readonly number[];
  /** Each line's share, adding up to `amount` (the promotions engine's discounts). */
  readonly shares?: readonly LineShare[];
}

/**
 * A promotion, as the pricing step sees it. The promotions context implements it; pricing only asks.
 * A rule is pure: given the priced lines, it says what it takes off (in the lines' currency), [] if nothing.
 */
export interface PromotionRule {
  readonly promotionId: string;
  discountsFor(lines: readonly PricedLine[]): readonly Discount[];
}

/** A promotion that takes a percentage off the shipping price chosen later. */
export interface ShippingOffer {
  readonly promotionId: string;
  readonly percent: number;
  readonly explanation: string;
}

/** What the customer is told: every promotion applied with its explanation, the near-misses, and why some stopped. */
export interface PromotionSummary {
  readonly applied: readonly { readonly promotionId: string; readonly name: string; readonly explanation: string; readonly amount: Money; readonly couponCode?: string; readonly units?: number }[];
  readonly nearMisses: readonly { readonly promotionId: string; readonly name: string; readonly message: string }[];
  readonly notes: readonly { readonly promotionId: string; readonly name: string; readonly reason: string; readonly message: string }[];
}

export interface PromotionOutcome {
  /** Discounts with their per-line `shares`. */
  readonly discounts: readonly Discount[];
  readonly gifts: readonly { readonly promotionId: string; readonly sku: string; readonly quantity: number }[];
  readonly shippingOffer?: ShippingOffer;
  readonly summary: PromotionSummary;
  /** Promotions left out because their data could not be evaluated (the caller logs them). */
  readonly broken?: readonly string[];
}

/** The promotions context's side of the hook: all promotions at once, since how they stack needs them all. */
export interface PromotionEngine {
  apply(lines: readonly PricedLine[]): PromotionOutcome;
}

export interface CartPrice {
  readonly currency: string;
  readonly lines: readonly PricedLine[];
  readonly subtotal: Money;
  readonly discounts: readonly Discount[];
  readonly discountTotal: Money;
  readonly shipping: Money;
  readonly total: Money;
  /** Present when the promotions engine priced the cart. */
  readonly promotions?: PromotionSummary;
  readonly shippingOffer?: ShippingOffer;
  /** What the shipping offer took off the shipping (with the shipping). */
  readonly shippingDiscount?: Money;
}

/**
 * The pricing step for promotions: every rule's discounts, in rule order. How rules stack (exclusive,
 * best-of, priority) is the promotions issue's decision; today no rules are passed and this returns [].
 */
export const discountsFor = (lines: readonly PricedLine[], promotions: readonly PromotionRule[]): readonly Discount[] =>
  promotions.flatMap((rule) => rule.discountsFor(lines));

const lineErrors = (lines: readonly CartLine[], prices: ReadonlyMap<string, Money>): FieldError[] => {
  if (lines.length === 0) return [{ field: 'lines', message: 'A cart needs at least one line' }];
  if (lines.length > MAX_CART_LINES) return [{ field: 'lines', message: `A cart has at most ${MAX_CART_LINES} lines` }];
  const firstLineOf = new Map<string, number>();
  return lines.flatMap((line, index): FieldError[] => {
    const errors: FieldError[] = [];
    if (!Number.isInteger(line.quantity) || line.quantity < MIN_QUANTITY || line.quantity > MAX_QUANTITY) {
      errors.push({ field: `lines.${index}.quantity`, message: `must be a whole number from ${MIN_QUANTITY} to ${MAX_QUANTITY}` });
    }
    const earlier = firstLineOf.get(line.sku);
    if (!prices.has(line.sku)) errors.push({ field: `lines.${index}.sku`, message: `SKU ${line.sku} is not for sale` });
    else if (earlier !== undefined) errors.push({ field: `lines.${index}.sku`, message: `SKU ${line.sku} is already on line ${earlier}` });
    else firstLineOf.set(line.sku, index);
    return errors;
  });
};

export function priceCart(
  lines: readonly CartLine[],
  catalogPrices: readonly CatalogPrice[],
  promotions: readonly PromotionRule[] | PromotionEngine,
  shipping?: Money,
): CartPrice {
  const prices = new Map(catalogPrices.map((entry) => [entry.sku, entry.unitPrice]));
  const errors = lineErrors(lines, prices);
  if (errors.length > 0) throw invalid('The cart cannot be priced', errors);

  const unitPrices = lines.map((line) => prices.get(line.sku) as Money);
  const currency = unitPrices[0]!.currency;
  const currencyErrors: FieldError[] = unitPrices.flatMap((price, index) =>
    price.currency === currency ? [] : [{ field: `lines.${index}.sku`, message: `priced in ${price.currency}, the cart is in ${currency}` }],
  );
  if (shipping && shipping.currency !== currency) {
    currencyErrors.push({ field: 'shipping', message: `priced in ${shipping.currency}, the cart is in ${currency}` });
  }
  if (currencyErrors.length > 0) {
    throw new DomainError('unprocessable', 'MixedCurrencies', `A cart is priced in one currency (${currency})`, currencyErrors);
  }

  const money = (amount: number): Money => ({ amount, currency });
  const pricedLines: PricedLine[] = lines.map((line, lineIndex) => ({
    lineIndex,
    sku: line.sku,
    quantity: line.quantity,
    unitPrice: unitPrices[lineIndex]!,
    lineTotal: money(unitPrices[lineIndex]!.amount * line.quantity),
  }));
  const subtotal = pricedLines.reduce((sum, line) => sum + line.lineTotal.amount, 0);

  const outcome: PromotionOutcome | undefined = 'apply' in promotions ? promotions.apply(pricedLines) : undefined;
  const discounts = outcome ? outcome.discounts : discountsFor(pricedLines, promotions as readonly PromotionRule[]);
  const foreign = discounts.find((discount) => discount.amount.currency !== currency);
  if (foreign) throw new Error(`Promotion ${foreign.promotionId} discounts in ${foreign.amount.currency}, the cart is in ${currency}`);
  // Promotions never make goods cost less than nothing, and never pay for shipping they did not mean to.
  const discountTotal = Math.min(subtotal, discounts.reduce((sum, discount) => sum + Math.max(0, discount.amount.amount), 0));
  const goods: CartPrice = {
    currency,
    lines: outcome ? [...withShares(pricedLines, discounts), ...giftLines(outcome, pricedLines.length, currency)] : pricedLines,
    subtotal: money(subtotal),
    discounts,
    discountTotal: money(discountTotal),
    shipping: money(0),
    total: money(subtotal - discountTotal),
    ...(outcome ? { promotions: outcome.summary } : {}),
    ...(outcome?.shippingOffer ? { shippingOffer: outcome.shippingOffer } : {}),
  };
  return shipping ? withShipping(goods, shipping) : goods;
}

/** Each line with its share of every discount and what it paid (lines without a share stay as they were). */
function withShares(lines: readonly PricedLine[], discounts: readonly Discount[]): PricedLine[] {
  return lines.map((line) => {
    const discountShares = discounts.flatMap((discount) =>
      (discount.shares ?? []).filter((share) => share.lineIndex === line.lineIndex && share.amount.amount > 0).map((share) => ({ promotionId: discount.promotionId, amount: share.amount })),
    );
    if (discountShares.length === 0) return line;
    const off = discountShares.reduce((sum, share) => sum + share.amount.amount, 0);
    return { ...line, discountShares, paid: { amount: line.lineTotal.amount - off, currency: line.lineTotal.currency } };
  });
}

const giftLines = (outcome: PromotionOutcome, firstIndex: number, currency: string): PricedLine[] =>
  outcome.gifts.map((gift, index) => ({
    lineIndex: firstIndex + index,
    sku: gift.sku,
    quantity: gift.quantity,
    unitPrice: { amount: 0, currency },
    lineTotal: { amount: 0, currency },
    gift: { promotionId: gift.promotionId },
  }));

/** The priced goods with the chosen shipping on top (the goods are not priced again); one currency only. */
export function withShipping(goods: CartPrice, shipping: Money): CartPrice {
  if (shipping.currency !== goods.currency) {
    throw new DomainError('unprocessable', 'MixedCurrencies', `A cart is priced in one currency (${goods.currency})`, [
      { field: 'shipping', message: `priced in ${shipping.currency}, the cart is in ${goods.currency}` },
    ]);
  }
  const goodsTotal = goods.subtotal.amount - goods.discountTotal.amount;
  // A shipping promotion takes its percentage off the shipping chosen, rounded half up, never below 0.
  const offer = goods.shippingOffer;
  const shippingOff = offer ? Math.min(shipping.amount, Math.round((shipping.amount * offer.percent) / 100)) : 0;
  return {
    ...goods,
    shipping: { amount: shipping.amount, currency: goods.currency },
    ...(offer ? { shippingDiscount: { amount: shippingOff, currency: goods.currency } } : {}),
    total: { amount: goodsTotal + shipping.amount - shippingOff, currency: goods.currency },
  };
}
