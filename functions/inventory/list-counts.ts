import { inventoryRoutes } from '../../shared/contracts/inventory';
import { readHandler } from '../../shared/http/read-handler';
import { decodeNextToken, encodeNextToken } from '../../shared/http/pagination';
import * as countsRepository from '../../shared/adapters/counts-repository';
import { clock } from '../../shared/adapters/clock';
import { toCountListEntryView } from './count-views';

/** GET /inventory/counts?date= — the day's cycle-count list (default today, UTC) in SKU order: one Query on GSI1 `COUNTS#<date>`. */
export const handler = readHandler(inventoryRoutes.listCounts, async function listCounts({ query }) {
  const date = query.date ?? clock.now().toISOString().slice(0, 10);
  const scope = `inventory:counts:${date}`;
  const page = await countsRepository.countList(date, { limit: query.limit, exclusiveStartKey: decodeNextToken(query.nextToken, scope) });
  return { items: page.items.map(toCountListEntryView), nextToken: encodeNextToken(page.lastEvaluatedKey, scope) };
});
