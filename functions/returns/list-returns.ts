import { returnRoutes } from '../../shared/contracts/returns';
import { readHandler } from '../../shared/http/read-handler';
import { decodeNextToken, encodeNextToken } from '../../shared/http/pagination';
import * as returnsRepository from '../../shared/adapters/returns-repository';
import { hasRole } from '../../shared/domain/actor';
import { toReturnSummary } from './views';

/** GET /returns — customers: their own, newest first (`status` filters the page). Operators and the warehouse: by status, PENDING_APPROVAL by default, oldest first. */
export const handler = readHandler(returnRoutes.listReturns, async function listReturns({ query, actor }) {
  const staff = hasRole(actor, 'operator') || hasRole(actor, 'warehouse');
  const status = query.status ?? 'PENDING_APPROVAL';
  const scope = staff ? `returns:status:${status}` : `returns:customer:${actor.sub}`;
  const page = { limit: query.limit, exclusiveStartKey: decodeNextToken(query.nextToken, scope) };
  const result = staff ? await returnsRepository.listByStatus(status, page) : await returnsRepository.listByCustomer(actor.sub, page);
  const items = result.items.filter((item) => staff || query.status === undefined || item.status === query.status);
  return { items: items.map(toReturnSummary), nextToken: encodeNextToken(result.lastEvaluatedKey, scope) };
});
