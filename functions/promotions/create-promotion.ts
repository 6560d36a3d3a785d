import { promotionRoutes } from '../../shared/contracts/promotions';
import { httpHandler } from '../../shared/http/handler';
import * as promotionsRepository from '../../shared/adapters/promotions-repository';
import { clock } from '../../shared/adapters/clock';
import { creationGuards } from '../../shared/adapters/created-once';
import { logger } from '../../shared/adapters/logger';
import { assertNoExclusiveOverlap, newPromotion, promotionCreated } from '../../shared/domain/promotions/lifecycle';
import { knownTargets, storeTimeZone } from './targets';
import { toPromotionView } from './views';

/**
 * POST /promotions — an operator creates a promotion: every SKU, product and category it names must exist,
 * its end must follow its start, and an exclusive one may not overlap another exclusive one (409). Stored
 * with its target entries (what quotes find it by) and its `PromotionCreated` event, once per key.
 */
export const handler = httpHandler(promotionRoutes.createPromotion, async function createPromotionRoute({ body, actor, correlationId, creation }) {
  const now = clock.now();
  const { value: stored, created } = await creationGuards.createOnce(creation, {
    existing: (promotionId) => promotionsRepository.requirePromotion(promotionId),
    create: async (promotionId, guard) => {
      const promotion = newPromotion({ ...body, timeZone: body.timeZone ?? storeTimeZone() }, promotionId, await knownTargets(body.benefit), actor.sub, now);
      if (promotion.exclusive) assertNoExclusiveOverlap(promotion, await promotionsRepository.openPromotions());
      return promotionsRepository.createPromotion(promotion, promotionCreated(promotion), correlationId, guard);
    },
  });
  if (created) logger.info('promotion created', { promotionId: stored.promotionId, type: stored.benefit.type });
  return { status: 201, body: toPromotionView(stored, now), headers: { location: `/promotions/${stored.promotionId}` } };
});
