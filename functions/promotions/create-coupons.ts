import { promotionRoutes } from '../../shared/contracts/promotions';
import { httpHandler } from '../../shared/http/handler';
import * as promotionsRepository from '../../shared/adapters/promotions-repository';
import { clock } from '../../shared/adapters/clock';
import { newId } from '../../shared/adapters/ids';
import { logger } from '../../shared/adapters/logger';
import { conflict } from '../../shared/domain/errors';
import { promotionCouponsIssued } from '../../shared/domain/promotions/lifecycle';

/**
 * POST /promotions/{id}/coupons — codes for a promotion that requires one (409 otherwise, or once it has
 * ended): the codes given, or `count` generated ones; all or none are written (a taken code: 409), with
 * `PromotionCouponsIssued` (who issued how many, without the codes).
 */
export const handler = httpHandler(promotionRoutes.createCoupons, async function createCoupons({ path, body, actor, correlationId }) {
  const promotion = await promotionsRepository.requirePromotion(path.id);
  if (!promotion.couponRequired) throw conflict('PromotionNeedsNoCoupon', `Promotion ${promotion.promotionId} applies without a coupon; create it with couponRequired: true`);
  if (promotion.status === 'ENDED') throw conflict('PromotionEnded', `Promotion ${promotion.promotionId} has ended`);
  // Generated codes: the prefix and the random tail of a new ULID (80 bits of randomness, 10 characters kept).
  const codes = body.codes ?? Array.from({ length: body.count ?? 0 }, () => `${body.prefix ?? 'C'}-${newId().slice(-10)}`);
  const createdAt = clock.now().toISOString();
  const limits = { oncePerCustomer: body.oncePerCustomer, ...(body.usageLimit ? { usageLimit: body.usageLimit } : {}) };
  const issued = promotionCouponsIssued(promotion, { count: codes.length, by: actor.sub, ...limits });
  await promotionsRepository.createCoupons(codes.map((code) => ({ code, promotionId: promotion.promotionId, createdAt, ...limits })), issued, correlationId);
  logger.info('coupons issued', { promotionId: promotion.promotionId, count: codes.length });
  return { status: 201, body: { promotionId: promotion.promotionId, codes, oncePerCustomer: body.oncePerCustomer, ...(body.usageLimit ? { usageLimit: body.usageLimit } : {}) } };
});
