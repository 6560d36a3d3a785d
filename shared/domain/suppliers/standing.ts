/**
 * Weekly supplier scorecard (issue 12) and the standing it earns: PREFERRED, APPROVED, PROBATION, SUSPENDED.
 *
 * Each active week is scored from what the supplier's purchase orders did that week, and what came back:
 *
 * | metric                | weight | full points at    | zero points at    |
 * |-----------------------|-------:|------------------:|------------------:|
 * | onTimeDeliveryRate    |     27 | ≥ 98 % on time    | ≤ 80 %            |
 * | fillRate              |   22.5 | ≥ 99 % accepted   | ≤ 85 %            |
 * | qcDefectRate          |     18 | ≤ 0.5 % defective | ≥ 5 %             |
 * | priceCompetitiveness  |   13.5 | ≤ 0.90 × others   | ≥ 1.20 × others   |
 * | leadTimeAccuracy      |      9 | ≤ 5 % off promise | ≥ 50 % off        |
 * | returnDefectRate      |     10 | ≤ 0.5 % came back | ≥ 5 %             |
 *
 * The return defect rate is the units that came back defective or not as described that week (the returns'
 * quality incidents) ÷ the units of its SKUs shipped that week (or those returned, when more). The first five
 * keep the ratios they had before it was added (30 : 25 : 20 : 15 : 10), so a week without shipments or returns
 * scores as it did.
 *
 * Points are linear between the marks. A metric with nothing to measure this week (no lot inspected, no other
 * supplier of the same SKUs) is left out and the others' weights are scaled up to 100, so a supplier is
 * neither rewarded nor punished for it. A week with no delivery due or made is not scored at all.
 *
 * The standing moves only after a rule has held for consecutive active weeks, and leaving a standing needs a
 * better score than entering it (hysteresis), so it does not flap around a threshold. SUSPENDED is left only
 * by an operator: a suspended supplier gets no purchase orders, so it has no weeks to be scored on.
 *
 * This sits beside scorecard.ts (the lifetime card `GET /suppliers/{id}/scorecard` shows today); see
 * docs/inventory.md for how the two meet.
 */
import { invalid, type FieldError } from '../errors';
import type { DomainEventDraft } from '../events';
import { SUPPLIERS_EVENT_SOURCE } from './events';
import type { SupplierStatus } from './supplier';

export const SUPPLIER_STANDINGS = ['PREFERRED', 'APPROVED', 'PROBATION', 'SUSPENDED'] as const;
export type SupplierStanding = (typeof SUPPLIER_STANDINGS)[number];

export type WeeklyMetric = 'onTimeDeliveryRate' | 'fillRate' | 'qcDefectRate' | 'priceCompetitiveness' | 'leadTimeAccuracy' | 'returnDefectRate';

/** What one week of a supplier's purchase orders did; counts, so the card can show its sample sizes. */
export interface WeeklyActivity {
  /** Monday of the ISO week, `YYYY-MM-DD`. */
  readonly weekStart: string;
  /** Purchase orders due this week or delivered this week. */
  readonly deliveries: number;
  readonly onTimeDeliveries: number;
  readonly unitsOrdered: number;
  /** Units received and accepted by QC on those orders. */
  readonly unitsAccepted: number;
  /** QC sample units inspected and found defective this week. */
  readonly unitsInspected: number;
  readonly unitsDefective: number;
  /** Σ this supplier's unit cost ÷ Σ the other suppliers' mean unit cost, over the SKUs both offer; undefined when none. */
  readonly priceRatio?: number;
  /** Mean of |actual − promised lead time| ÷ promised over this week's deliveries; undefined when none was delivered. */
  readonly leadTimeError?: number;
  /** Units of the supplier's SKUs shipped to customers this week (the sales history). */
  readonly unitsShipped?: number;
  /** Units that came back this week defective or not as described (the returns' quality incidents). */
  readonly unitsReturnedDefective?: number;
}

export interface MetricRule {
  readonly metric: WeeklyMetric;
  readonly weight: number;
  readonly best: number;
  readonly worst: number;
}

export const WEEKLY_METRIC_RULES: readonly MetricRule[] = [
  { metric: 'onTimeDeliveryRate', weight: 27, best: 0.98, worst: 0.8 },
  { metric: 'fillRate', weight: 22.5, best: 0.99, worst: 0.85 },
  { metric: 'qcDefectRate', weight: 18, best: 0.005, worst: 0.05 },
  { metric: 'priceCompetitiveness', weight: 13.5, best: 0.9, worst: 1.2 },
  { metric: 'leadTimeAccuracy', weight: 9, best: 0.05, worst: 0.5 },
  { metric: 'returnDefectRate', weight: 10, best: 0.005, worst: 0.05 },
];

/** Weights are data: each a positive number, every metric once, together exactly 100. */
export function validateMetricRules(rules: readonly MetricRule[]): FieldError[] {
  const errors: FieldError[] = [];
  rules.forEach((rule, index) => {
    if (!(rule.weight > 0)) errors.push({ field: `rules.${index}.weight`, message: 'A weight is positive.' });
    if (rule.best === rule.worst) errors.push({ field: `rules.${index}`, message: 'best and worst must differ.' });
  });
  if (new Set(rules.map((rule) => rule.metric)).size !== rules.length) errors.push({ field: 'rules', message: 'Each metric once.' });
  const total = rules.reduce((sum, rule) => sum + rule.weight, 0);
  if (Math.abs(total - 100) > 1e-9) errors.push({ field: 'rules', message: `Weights sum to ${total}, not 100.` });
  return errors;
}

export interface WeeklyScoreLine {
  readonly metric: WeeklyMetric;
  readonly value: number;
  /** The rule's weight scaled so the measured metrics' weights sum to 100. */
  readonly weight: number;
  readonly points: number;
}

export interface WeeklyScore {
  readonly weekStart: string;
  /** 0–100, one decimal. */
  readonly score: number;
  readonly lines: readonly WeeklyScoreLine[];
}

const progress = (value: number, best: number, worst: number): number => Math.min(1, Math.max(0, (value - worst) / (best - worst)));

const measure = (activity: WeeklyActivity, metric: WeeklyMetric): number | undefined => {
  switch (metric) {
    case 'onTimeDeliveryRate':
      return activity.deliveries > 0 ? activity.onTimeDeliveries / activity.deliveries : undefined;
    case 'fillRate':
      return activity.unitsOrdered > 0 ? activity.unitsAccepted / activity.unitsOrdered : undefined;
    case 'qcDefectRate':
      return activity.unitsInspected > 0 ? activity.unitsDefective / activity.unitsInspected : undefined;
    case 'priceCompetitiveness':
      return activity.priceRatio;
    case 'leadTimeAccuracy':
      return activity.leadTimeError;
    case 'returnDefectRate': {
      const shipped = activity.unitsShipped ?? 0;
      const back = activity.unitsReturnedDefective ?? 0;
      return shipped > 0 || back > 0 ? back / Math.max(shipped, back) : undefined;
    }
  }
};

/** The week's score, or undefined for a week without deliveries (it does not count). */
export function scoreWeek(activity: WeeklyActivity, rules: readonly MetricRule[] = WEEKLY_METRIC_RULES): WeeklyScore | undefined {
  const errors = validateMetricRules(rules);
  if (errors.length > 0) throw invalid('The scorecard weights are not valid.', errors);
  if (activity.deliveries === 0) return undefined;
  const measured = rules.flatMap((rule) => {
    const value = measure(activity, rule.metric);
    return value === undefined ? [] : [{ rule, value }];
  });
  const measuredWeight = measured.reduce((sum, { rule }) => sum + rule.weight, 0);
  const lines = measured.map(({ rule, value }) => {
    const weight = (rule.weight * 100) / measuredWeight;
    return { metric: rule.metric, value, weight, points: weight * progress(value, rule.best, rule.worst) };
  });
  const score = Math.round(lines.reduce((sum, line) => sum + line.points, 0) * 10) / 10;
  return { weekStart: activity.weekStart, score, lines };
}

/** A move from one standing to another once `score` has been `atLeast`/`below` the threshold for `weeks` active weeks. */
export interface StandingRule {
  readonly from: SupplierStanding;
  readonly to: SupplierStanding;
  readonly when: 'atLeast' | 'below';
  readonly threshold: number;
  readonly weeks: number;
}

/** Entering PREFERRED takes 90, keeping it only 80; PROBATION starts under 60 and ends at 70. */
export const STANDING_RULES: readonly StandingRule[] = [
  { from: 'APPROVED', to: 'PREFERRED', when: 'atLeast', threshold: 90, weeks: 2 },
  { from: 'APPROVED', to: 'PROBATION', when: 'below', threshold: 60, weeks: 2 },
  { from: 'PREFERRED', to: 'APPROVED', when: 'below', threshold: 80, weeks: 2 },
  { from: 'PROBATION', to: 'APPROVED', when: 'atLeast', threshold: 70, weeks: 2 },
  { from: 'PROBATION', to: 'SUSPENDED', when: 'below', threshold: 45, weeks: 2 },
];

export interface StandingState {
  readonly standing: SupplierStanding;
  /** The move under way: how many consecutive active weeks its condition has held. */
  readonly pending?: { readonly to: SupplierStanding; readonly weeks: number };
}

export type StandingChange = {
  readonly supplierId: string;
  readonly from: SupplierStanding;
  readonly to: SupplierStanding;
  readonly score: number;
  readonly weekStart: string;
};

const holds = (rule: StandingRule, score: number) => (rule.when === 'atLeast' ? score >= rule.threshold : score < rule.threshold);

/**
 * The standing after one more week. An inactive week (`score` undefined) changes nothing, not even a move
 * under way; a week where no rule holds clears the move under way.
 */
export function nextStanding(
  supplierId: string,
  state: StandingState,
  week: WeeklyScore | undefined,
  rules: readonly StandingRule[] = STANDING_RULES,
): { next: StandingState; events: DomainEventDraft[] } {
  if (!week) return { next: state, events: [] };
  const rule = rules.find((candidate) => candidate.from === state.standing && holds(candidate, week.score));
  if (!rule) return { next: { standing: state.standing }, events: [] };
  const weeks = state.pending?.to === rule.to ? state.pending.weeks + 1 : 1;
  if (weeks < rule.weeks) return { next: { standing: state.standing, pending: { to: rule.to, weeks } }, events: [] };
  const change = { supplierId, from: state.standing, to: rule.to, score: week.score, weekStart: week.weekStart };
  return { next: { standing: rule.to }, events: [standingChanged(change)] };
}

/** Replays active weeks in order: the standing a history of weeks leads to. */
export function standingAfter(
  supplierId: string,
  start: StandingState,
  weeks: readonly WeeklyActivity[],
): { state: StandingState; scores: WeeklyScore[]; changes: DomainEventDraft[] } {
  let state = start;
  const scores: WeeklyScore[] = [];
  const changes: DomainEventDraft[] = [];
  for (const activity of weeks) {
    const week = scoreWeek(activity);
    if (week) scores.push(week);
    const { next, events } = nextStanding(supplierId, state, week);
    state = next;
    changes.push(...events);
  }
  return { state, scores, changes };
}

/** The supplier record's `status` for a standing: PREFERRED is an APPROVED supplier that does well. */
export const statusForStanding = (standing: SupplierStanding): SupplierStatus => (standing === 'PREFERRED' ? 'APPROVED' : standing);

/** The standings an operator may set by hand (PREFERRED is earned by the weekly score only). */
export const STANDINGS_SET_BY_HAND = ['APPROVED', 'PROBATION', 'SUSPENDED'] as const;
export type StandingSetByHand = (typeof STANDINGS_SET_BY_HAND)[number];

/** Standings ops is alerted about. */
export const ALERTING_STANDINGS: readonly SupplierStanding[] = ['PROBATION', 'SUSPENDED'];

export const standingChanged = (change: StandingChange): DomainEventDraft<StandingChange & { alert: boolean; summary: string }> => ({
  source: SUPPLIERS_EVENT_SOURCE,
  detailType: 'SupplierStandingChanged',
  detail: {
    ...change,
    alert: ALERTING_STANDINGS.includes(change.to),
    summary: `Supplier ${change.supplierId} moved from ${change.from} to ${change.to} after scoring ${change.score}/100 in the week of ${change.weekStart}.`,
  },
});
