import type { StoredCard } from '../../shared/adapters/analytics-kpi-repository';
import type { Insight } from '../../shared/domain/analytics/insights';

/** A stored card as the API shows it. */
export const toCardView = (card: StoredCard) => ({
  date: card.date,
  currency: card.currency,
  traffic: { ...card.traffic },
  sales: { ...card.sales },
  customers: { ...card.customers },
  products: { ...card.products },
  service: card.service ? { ...card.service } : null,
  anomalies: (card.anomalies ?? []).map((anomaly) => ({ ...anomaly })),
});

export const toInsightView = ({ rule, entity, evidence, action, severity }: Insight) => ({ rule, entity, evidence: [...evidence], action, severity });
