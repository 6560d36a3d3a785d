import { analyticsRoutes } from '../../shared/contracts/analytics';
import * as kpiRepository from '../../shared/adapters/analytics-kpi-repository';
import { clock } from '../../shared/adapters/clock';
import { dayRefusals } from '../../shared/domain/analytics/dates';
import { storeDay } from '../../shared/domain/analytics/storefront-events';
import { found, invalid } from '../../shared/domain/errors';
import { addDays } from '../../shared/domain/inventory/sales';
import { readHandler } from '../../shared/http/read-handler';
import { settings } from './settings';
import { toInsightView } from './views';

/** GET /insights?date= — what the nightly job found for the day (yesterday by default), the most severe first. */
export const handler = readHandler(analyticsRoutes.listInsights, async function listInsights({ query }) {
  const today = storeDay(clock.now(), settings.timeZone);
  const date = query.date ?? addDays(today, -1);
  const refusals = dayRefusals(date, today, 'query.date');
  if (refusals.length > 0) throw invalid('No insights for that day.', refusals);
  const insights = found(await kpiRepository.dayInsights(date), 'Insights of', date);
  return { date, items: insights.map(toInsightView) };
});
