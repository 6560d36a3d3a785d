import { analyticsRoutes, MAX_KPI_RANGE_DAYS } from '../../shared/contracts/analytics';
import * as kpiRepository from '../../shared/adapters/analytics-kpi-repository';
import { rangeRefusals } from '../../shared/domain/analytics/dates';
import { invalid } from '../../shared/domain/errors';
import { decodeNextToken, encodeNextToken } from '../../shared/http/pagination';
import { readHandler } from '../../shared/http/read-handler';
import { toCardView } from './views';

/** GET /kpis?from=&to= — the cards of a range (at most 366 days), oldest first, paged: a series for charts. */
export const handler = readHandler(analyticsRoutes.listKpis, async function listKpis({ query }) {
  const refusals = rangeRefusals(query.from, query.to, MAX_KPI_RANGE_DAYS);
  if (refusals.length > 0) throw invalid('Not a date range of KPIs.', refusals);
  const scope = `kpis:${query.from}:${query.to}`;
  const page = await kpiRepository.kpiCards(query.from, query.to, { limit: query.limit, exclusiveStartKey: decodeNextToken(query.nextToken, scope) });
  return { items: page.items.map(toCardView), nextToken: encodeNextToken(page.lastEvaluatedKey, scope) };
});
