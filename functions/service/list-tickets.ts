import { serviceRoutes } from '../../shared/contracts/service';
import { readHandler } from '../../shared/http/read-handler';
import { decodeNextToken, encodeNextToken } from '../../shared/http/pagination';
import * as serviceRepository from '../../shared/adapters/service-repository';
import { isStaff } from '../../shared/domain/service/ticket';
import { toTicketSummary } from './views';

/** GET /tickets — staff: a status's queue (OPEN by default), oldest first; customers: their own, newest first. */
export const handler = readHandler(serviceRoutes.listTickets, async function listTickets({ query, actor }) {
  const staff = isStaff(actor);
  const scope = staff ? `tickets:status:${query.status ?? 'OPEN'}` : `tickets:customer:${actor.sub}:${query.status ?? '*'}`;
  const page = { limit: query.limit, exclusiveStartKey: decodeNextToken(query.nextToken, scope) };
  const result = staff
    ? await serviceRepository.listByStatus(query.status ?? 'OPEN', page)
    : await serviceRepository.listByCustomer(actor.sub, query.status, page);
  return { items: result.items.map(toTicketSummary), nextToken: encodeNextToken(result.lastEvaluatedKey, scope) };
});
