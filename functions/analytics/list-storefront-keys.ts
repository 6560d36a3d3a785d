import { analyticsRoutes } from '../../shared/contracts/analytics';
import * as analyticsRepository from '../../shared/adapters/analytics-repository';
import { decodeNextToken, encodeNextToken } from '../../shared/http/pagination';
import { readHandler } from '../../shared/http/read-handler';

const SCOPE = 'storefront-keys';

/** GET /storefront-keys — every key, newest first, without secrets. */
export const handler = readHandler(analyticsRoutes.listStorefrontKeys, async function listStorefrontKeysRoute({ query }) {
  const result = await analyticsRepository.listStorefrontKeys({ limit: query.limit, exclusiveStartKey: decodeNextToken(query.nextToken, SCOPE) });
  return { items: result.items, nextToken: encodeNextToken(result.lastEvaluatedKey, SCOPE) };
});
