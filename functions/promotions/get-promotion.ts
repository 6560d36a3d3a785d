import { promotionRoutes } from '../../shared/contracts/promotions';
import { readHandler } from '../../shared/http/read-handler';
import * as promotionsRepository from '../../shared/adapters/promotions-repository';
import { clock } from '../../shared/adapters/clock';
import { toPromotionView } from './views';

/** GET /promotions/{id} — the promotion and its live results (orders that used it, discount given, units, budget used). */
export const handler = readHandler(promotionRoutes.getPromotion, async function getPromotion({ path }) {
  const promotion = await promotionsRepository.requirePromotion(path.id);
  return toPromotionView(promotion, clock.now(), await promotionsRepository.resultsOf(promotion));
});
