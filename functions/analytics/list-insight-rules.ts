import { analyticsRoutes } from '../../shared/contracts/analytics';
import * as kpiRepository from '../../shared/adapters/analytics-kpi-repository';
import { effectiveRules } from '../../shared/domain/analytics/insights';
import { readHandler } from '../../shared/http/read-handler';

/** GET /insight-rules — every rule as the nightly job applies it (the defaults, with an operator's changes). */
export const handler = readHandler(analyticsRoutes.listInsightRules, async function listInsightRules() {
  return { items: effectiveRules(await kpiRepository.insightRules()).map(({ id, enabled, severity, thresholds }) => ({ id, enabled, severity, thresholds })) };
});
