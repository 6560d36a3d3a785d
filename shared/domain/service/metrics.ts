/**
 * Service quality from the facts a ticket leaves as it moves (first response, resolution, reopen, rating):
 * first-response time p50/p90, SLA attainment, resolution time, reopen rate and CSAT, per agent and overall.
 */
export type ServiceFact =
  | { readonly kind: 'FIRST_RESPONSE'; readonly ticketId: string; readonly agentId?: string; readonly at: string; readonly minutes: number; readonly met: boolean }
  | { readonly kind: 'RESOLVED'; readonly ticketId: string; readonly agentId?: string; readonly at: string; readonly minutes: number; readonly met: boolean }
  | { readonly kind: 'REOPENED'; readonly ticketId: string; readonly agentId?: string; readonly at: string }
  | { readonly kind: 'RATED'; readonly ticketId: string; readonly agentId?: string; readonly at: string; readonly score: number };

export interface ServiceMetrics {
  readonly firstResponses: number;
  readonly firstResponseMinutesP50?: number;
  readonly firstResponseMinutesP90?: number;
  readonly resolutions: number;
  readonly resolutionMinutesP50?: number;
  readonly resolutionMinutesP90?: number;
  /** Share of stopped clocks (first responses and resolutions) that met their target, 0–1. */
  readonly slaAttainment?: number;
  /** Reopens per resolution, 0–1. */
  readonly reopenRate?: number;
  readonly ratings: number;
  /** Mean score, 1–5. */
  readonly csatAverage?: number;
  /** Share of ratings of 4 or 5, 0–1. */
  readonly csatSatisfied?: number;
}

/** Nearest-rank percentile (`p` in 0–100) of the values; undefined for none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

const share = (part: number, whole: number): number | undefined => (whole === 0 ? undefined : Math.round((part / whole) * 1000) / 1000);
const round2 = (value: number | undefined) => (value === undefined ? undefined : Math.round(value * 100) / 100);

export function serviceMetrics(facts: readonly ServiceFact[]): ServiceMetrics {
  const firsts = facts.flatMap((fact) => (fact.kind === 'FIRST_RESPONSE' ? [fact] : []));
  const resolved = facts.flatMap((fact) => (fact.kind === 'RESOLVED' ? [fact] : []));
  const reopens = facts.filter((fact) => fact.kind === 'REOPENED').length;
  const scores = facts.flatMap((fact) => (fact.kind === 'RATED' ? [fact.score] : []));
  const clocks = [...firsts, ...resolved];
  return {
    firstResponses: firsts.length,
    firstResponseMinutesP50: round2(percentile(firsts.map((fact) => fact.minutes), 50)),
    firstResponseMinutesP90: round2(percentile(firsts.map((fact) => fact.minutes), 90)),
    resolutions: resolved.length,
    resolutionMinutesP50: round2(percentile(resolved.map((fact) => fact.minutes), 50)),
    resolutionMinutesP90: round2(percentile(resolved.map((fact) => fact.minutes), 90)),
    slaAttainment: share(clocks.filter((fact) => fact.met).length, clocks.length),
    reopenRate: share(reopens, resolved.length),
    ratings: scores.length,
    csatAverage: round2(scores.length ? scores.reduce((sum, score) => sum + score, 0) / scores.length : undefined),
    csatSatisfied: share(scores.filter((score) => score >= 4).length, scores.length),
  };
}

/** Overall and per agent (facts without an agent count overall only). */
export function metricsByAgent(facts: readonly ServiceFact[]): { overall: ServiceMetrics; agents: { agentId: string; metrics: ServiceMetrics }[] } {
  const agentIds = [...new Set(facts.flatMap((fact) => (fact.agentId ? [fact.agentId] : [])))].sort();
  return {
    overall: serviceMetrics(facts),
    agents: agentIds.map((agentId) => ({ agentId, metrics: serviceMetrics(facts.filter((fact) => fact.agentId === agentId)) })),
  };
}
