import { promotionRoutes } from '../../shared/contracts/promotions';
import { readHandler } from '../../shared/http/read-handler';
import { decodeNextToken, encodeNextToken } from '../../shared/http/pagination';
import * as promotionsRepository from '../../shared/adapters/promotions-repository';
import { clock } from '../../shared/adapters/clock';
import { toPromotionView } from './views';

/** GET /promotions — by status (ACTIVE by default), newest first: one index query per page. */
export const handler = readHandler(promotionRoutes.listPromotions, async function listPromotions({ query }) {
  const status = query.status ?? 'ACTIVE';
  const scope = `promotions:${status}`;
  const result = await promotionsRepository.listByStatus(status, { limit: query.limit, exclusiveStartKey: decodeNextToken(query.nextToken, scope) });
  const now = clock.now();
  return { items: result.items.map((promotion) => toPromotionView(promotion, now)), nextToken: encodeNextToken(result.lastEvaluatedKey, scope) };
});
