/**
 * The promotions engine as the order pricing step asks for it (`PromotionEngine` of
 * shared/domain/orders/pricing.ts): the cart's priced lines in, discounts with their per-line shares, gifts,
 * the shipping offer and the customer's explanations out.
 */
import type { Money } from '../money';
import type { CartPrice, PricedLine, PromotionEngine, PromotionOutcome } from '../orders/pricing';
import { applyPromotions, type Consumption, type EvaluationContext } from './engine';
import type { Promotion } from './promotion';

/** Where a SKU sits in the catalogue, for product and category promotions. */
export interface SkuPlacement {
  readonly productId: string;
  readonly categoryId: string;
}

export function promotionEngine(
  promotions: readonly Promotion[],
  placements: ReadonlyMap<string, SkuPlacement>,
  context: Omit<EvaluationContext, 'currency'>,
): PromotionEngine {
  return {
    apply(lines: readonly PricedLine[]): PromotionOutcome {
      const currency = lines[0]?.unitPrice.currency ?? 'EUR';
      const money = (amount: number): Money => ({ amount, currency });
      const cart = lines.map((line) => ({
        lineIndex: line.lineIndex,
        sku: line.sku,
        quantity: line.quantity,
        unitPrice: line.unitPrice.amount,
        ...placements.get(line.sku),
      }));
      const result = applyPromotions(promotions, cart, { ...context, currency });
      const units = new Map(result.consumption.map((use) => [use.promotionId, use.units]));
      return {
        discounts: result.applied
          .filter((entry) => entry.amount > 0)
          .map((entry) => ({
            promotionId: entry.promotionId,
            description: entry.explanation,
            amount: money(entry.amount),
            lineIndexes: entry.shares.map((share) => share.lineIndex),
            shares: entry.shares.map((share) => ({ lineIndex: share.lineIndex, amount: money(share.amount) })),
          })),
        gifts: result.gifts,
        ...(result.broken.length ? { broken: result.broken } : {}),
        ...(result.shippingOffer ? { shippingOffer: result.shippingOffer } : {}),
        summary: {
          applied: result.applied.map((entry) => ({
            promotionId: entry.promotionId,
            name: entry.name,
            explanation: entry.explanation,
            amount: money(entry.amount),
            ...(entry.couponCode ? { couponCode: entry.couponCode } : {}),
            ...(units.get(entry.promotionId) ? { units: units.get(entry.promotionId)! } : {}),
          })),
          nearMisses: result.nearMisses,
          notes: result.notes,
        },
      };
    },
  };
}

/** What placing an order at `price` takes from each promotion's counters (its budget, limits, allotment, coupon). */
export const consumptionOf = (price: Pick<CartPrice, 'promotions'>): Consumption[] =>
  (price.promotions?.applied ?? []).map((entry) => ({
    promotionId: entry.promotionId,
    discount: entry.amount.amount,
    units: entry.units ?? 0,
    ...(entry.couponCode ? { couponCode: entry.couponCode } : {}),
  }));
