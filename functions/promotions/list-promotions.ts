import { promotionRoutes } from '../../shared/contracts/promotions';
import { readHandler } from '../../shared/http/read-handler';
import { decodeNextToken, encodeNextToken } from '../../shared/http/pagination';
import * as promotionsRepository from '../../shared/adapters/promotions-repository';
import { clock } from '../../shared/adapters/clock';
import { toPromotionView } from './views';

/**
 * GET /promotions — by status (ACTIVE by default), or a campaign's promotions (`?campaign=`, any status, each
 * with its live results), newest first: one index query per page (and a GetItem of each one's counters).
 */
export const handler = readHandler(promotionRoutes.listPromotions, async function listPromotions({ query }) {
  const now = clock.now();
  if (query.campaign) {
    const scope = `promotions:campaign:${query.campaign}`;
    const result = await promotionsRepository.listByCampaign(query.campaign, { limit: query.limit, exclusiveStartKey: decodeNextToken(query.nextToken, scope) });
    const items = await Promise.all(result.items.map(async (promotion) => toPromotionView(promotion, now, await promotionsRepository.resultsOf(promotion))));
    return { items, nextToken: encodeNextToken(result.lastEvaluatedKey, scope) };
  }
  const status = query.status ?? 'ACTIVE';
  const scope = `promotions:${status}`;
  const result = await promotionsRepository.listByStatus(status, { limit: query.limit, exclusiveStartKey: decodeNextToken(query.nextToken, scope) });
  return { items: result.items.map((promotion) => toPromotionView(promotion, now)), nextToken: encodeNextToken(result.lastEvaluatedKey, scope) };
});
