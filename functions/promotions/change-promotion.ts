import { promotionRoutes } from '../../shared/contracts/promotions';
import { httpHandler } from '../../shared/http/handler';
import * as promotionsRepository from '../../shared/adapters/promotions-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { changePromotion, promotionChanged } from '../../shared/domain/promotions/lifecycle';
import { toPromotionView } from './views';

/** PATCH /promotions/{id} — name, priority, end, limits or reminder; a new end moves its target entries in the same transaction. */
export const handler = httpHandler(promotionRoutes.changePromotion, async function changePromotionRoute({ path, body, actor, correlationId }) {
  const now = clock.now();
  const promotion = await promotionsRepository.updatePromotion(path.id, (current) => {
    const next = changePromotion(current, body, now);
    return next ? { next, events: [promotionChanged(next, actor.sub)] } : { events: [] };
  }, correlationId);
  logger.info('promotion changed', { promotionId: path.id, fields: Object.keys(body) });
  return toPromotionView(promotion, now, await promotionsRepository.resultsOf(promotion));
});
