import { promotionRoutes } from '../../shared/contracts/promotions';
import { httpHandler } from '../../shared/http/handler';
import * as promotionsRepository from '../../shared/adapters/promotions-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { changeStatus, promotionStatusChanged } from '../../shared/domain/promotions/lifecycle';
import { toPromotionView } from './views';

/** POST /promotions/{id}/status — pause, resume or end early; the target entries follow in the same transaction. */
export const handler = httpHandler(promotionRoutes.setPromotionStatus, async function setPromotionStatus({ path, body, actor, correlationId }) {
  const now = clock.now();
  const promotion = await promotionsRepository.updatePromotion(path.id, (current) => {
    const next = changeStatus(current, body.status, now);
    return next ? { next, events: [promotionStatusChanged(next, actor.sub)] } : { events: [] };
  }, correlationId);
  logger.info('promotion status', { promotionId: path.id, status: promotion.status });
  return toPromotionView(promotion, now, await promotionsRepository.resultsOf(promotion));
});
