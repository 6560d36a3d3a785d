import { analyticsRoutes } from '../../shared/contracts/analytics';
import * as kpiRepository from '../../shared/adapters/analytics-kpi-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { changedRule, effectiveRules } from '../../shared/domain/analytics/insights';
import { httpHandler } from '../../shared/http/handler';

/** PUT /insight-rules/{id} — an operator's change of a rule (on/off, severity, thresholds it has); the next nightly run applies it. */
export const handler = httpHandler(analyticsRoutes.putInsightRule, async function putInsightRule({ path, body, actor }) {
  const current = effectiveRules(await kpiRepository.insightRules()).find((rule) => rule.id === path.id)!;
  const rule = changedRule(current, body);
  await kpiRepository.putInsightRule(rule, actor.sub, clock.now());
  logger.info('insight rule changed', { rule: rule.id, by: actor.sub });
  return { id: rule.id, enabled: rule.enabled, severity: rule.severity, thresholds: rule.thresholds };
});
