/**
 * The promotions a cart can get, found by what it contains: one key query per SKU, product, category and
 * the whole order (promotions-repository.ts), never by reading every promotion. Then the counters of the
 * promotions with limits and the coupons on the cart. A coupon that does not exist, is used up or was
 * already used by this customer is a 422 that names it. A promotion whose stored data cannot be evaluated is
 * left out by the engine and logged here: the quote never fails because of one.
 */
import { segmentOfCustomer } from '../../shared/adapters/analytics-customers';
import * as promotionsRepository from '../../shared/adapters/promotions-repository';
import type { SkuListing } from '../../shared/adapters/catalog-repository';
import { logger } from '../../shared/adapters/logger';
import { DomainError, type FieldError } from '../../shared/domain/errors';
import { MAX_CART_LINES, type PromotionEngine } from '../../shared/domain/orders/pricing';
import { promotionEngine } from '../../shared/domain/promotions/pricing-engine';
import { isLive } from '../../shared/domain/promotions/promotion';

export interface Shopper {
  readonly customerId?: string;
  /** The token's groups (member offers). */
  readonly groups: readonly string[];
  readonly couponCodes: readonly string[];
  /** The group-buy promotion whose group the order joins (POST /promotions/{id}/join): its group price applies. */
  readonly groupBuy?: string;
}

const COUPON_REFUSALS = { unknown: 'does not exist', 'used-up': 'has been used up', 'already-used': 'was already used by you' } as const;

export async function cartPromotions(listings: ReadonlyMap<string, SkuListing>, shopper: Shopper, now: Date) {
  const keys = ['ORDER', ...new Set([...listings.values()].flatMap((listing) => [`SKU#${listing.sku.sku}`, `PRODUCT#${listing.productId}`, `CATEGORY#${listing.categoryId}`]))];
  const found = await promotionsRepository.promotionsFor(keys, now);
  // A segment's offer (会员 by RFM segment) needs the customer's segment: two reads, only when such an offer is in play.
  const segmentOffer = shopper.customerId !== undefined && found.some((promotion) => promotion.audience?.segments?.length);
  const [usage, coupons, segment] = await Promise.all([
    promotionsRepository.usageOf(found, shopper.customerId),
    Promise.all(shopper.couponCodes.map((code) => promotionsRepository.couponFor(code, shopper.customerId))),
    segmentOffer ? segmentOfCustomer(shopper.customerId!, now) : undefined,
  ]);
  const errors: FieldError[] = [];
  const byPromotion = new Map<string, string>();
  coupons.forEach((coupon, index) => {
    const code = shopper.couponCodes[index]!;
    if (typeof coupon === 'string') errors.push({ field: `couponCodes.${index}`, message: `Coupon ${code} ${COUPON_REFUSALS[coupon]}` });
    else if (!found.some((promotion) => promotion.promotionId === coupon.promotionId && isLive(promotion, now))) errors.push({ field: `couponCodes.${index}`, message: `Coupon ${code} is not valid for this cart now (its promotion has ended or covers nothing in it)` });
    else byPromotion.set(coupon.promotionId, code);
  });
  if (errors.length > 0) throw new DomainError('unprocessable', 'CouponNotValid', errors.map((error) => error.message).join('; '), errors);
  const placements = new Map([...listings].map(([code, listing]) => [code, { productId: listing.productId, categoryId: listing.categoryId }]));
  return {
    considered: found,
    giftSkus: found.flatMap((promotion) => (promotion.benefit?.type === 'GIFT' ? [promotion.benefit.sku] : [])),
    engine: (available: (sku: string) => number): PromotionEngine => {
      const engine = promotionEngine(found, placements, { now, customer: { groups: shopper.groups, ...(segment ? { segment } : {}) }, coupons: byPromotion, usage, available, maxLines: MAX_CART_LINES, ...(shopper.groupBuy ? { groupBuy: shopper.groupBuy } : {}) });
      return {
        apply(lines) {
          const outcome = engine.apply(lines);
          if (outcome.broken?.length) logger.error('promotions skipped: their data cannot be evaluated', { promotionIds: outcome.broken });
          return outcome;
        },
      };
    },
  };
}
