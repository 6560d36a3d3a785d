import { analyticsRoutes } from '../../shared/contracts/analytics';
import * as kpiRepository from '../../shared/adapters/analytics-kpi-repository';
import { clock } from '../../shared/adapters/clock';
import { dayRefusals } from '../../shared/domain/analytics/dates';
import { storeDay } from '../../shared/domain/analytics/storefront-events';
import { found, invalid } from '../../shared/domain/errors';
import { readHandler } from '../../shared/http/read-handler';
import { settings } from './settings';
import { toCardView } from './views';

/** GET /kpis/{date} — the day's whole card with its SKUs (best revenue first) and categories; 400 for a day not over yet. */
export const handler = readHandler(analyticsRoutes.getKpis, async function getKpis({ path }) {
  const refusals = dayRefusals(path.date, storeDay(clock.now(), settings.timeZone));
  if (refusals.length > 0) throw invalid('No KPIs for that day.', refusals);
  const [card, skus, categories] = await Promise.all([kpiRepository.getCard(path.date), kpiRepository.daySkus(path.date), kpiRepository.dayCategories(path.date)]);
  const bySales = (a: Record<string, unknown>, b: Record<string, unknown>) => Number(b.revenueMinor ?? 0) - Number(a.revenueMinor ?? 0);
  return { ...toCardView(found(card, 'KPI card', path.date)), skus: skus.sort(bySales), categories: categories.sort(bySales) };
});
