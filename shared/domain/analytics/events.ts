/** Domain events of analytics, as drafts (the outbox stamps id, time and correlation id). */
import type { DomainEventDraft } from '../events';
import type { KpiAnomaly } from './anomalies';
import type { Insight } from './insights';

export const ANALYTICS_EVENT_SOURCE = 'commerce.analytics';

const draft = <D extends { summary: string }>(detailType: 'KpiAnomaly' | 'InsightsDigest', detail: D): DomainEventDraft<D> => ({
  source: ANALYTICS_EVENT_SOURCE,
  detailType,
  detail,
});

const shown = (value: number) => (Math.abs(value) < 1 ? `${Math.round(value * 1000) / 10} %` : String(value));

/** One KPI of one day outside its trailing-28-day band (ops-alerts). */
export const kpiAnomalyRaised = (date: string, anomaly: KpiAnomaly) =>
  draft('KpiAnomaly', {
    date,
    ...anomaly,
    summary: `KPI ${anomaly.kpi} on ${date} is ${shown(anomaly.value)}, ${anomaly.direction} its 28-day band ${shown(anomaly.band.low)}–${shown(anomaly.band.high)} (median ${shown(anomaly.band.median)}).`,
  });

/** The nightly digest of the day's insights (ops-alerts): one message, the most severe first. */
export const insightsDigest = (date: string, insights: readonly Insight[]) =>
  draft('InsightsDigest', {
    date,
    count: insights.length,
    insights: insights.slice(0, 20).map(({ rule, entity, severity, action }) => ({ rule, entity, severity, action })),
    summary:
      insights.length === 0
        ? `No insights for ${date}.`
        : `${insights.length} insight(s) for ${date}: ${insights
            .slice(0, 5)
            .map((insight) => `[${insight.severity}] ${insight.action}`)
            .join(' ')}`,
  });
