/**
 * Supplier scorecard: how an approved supplier performs, 0–100, graded A–D.
 *
 * | metric             | weight | full points at | zero points at |
 * |--------------------|-------:|---------------:|---------------:|
 * | onTimeDeliveryRate |     30 |          ≥ 98% |          ≤ 80% |
 * | fillRate           |     25 |          ≥ 99% |          ≤ 85% |
 * | defectRatePpm      |     20 |      ≤ 500 ppm |   ≥ 10,000 ppm |
 * | returnRate         |     15 |           ≤ 1% |          ≥ 10% |
 * | responseHours      |     10 |         ≤ 4 h  |         ≥ 72 h |
 *
 * Points are linear between the two marks. Grade: A ≥ 85, B ≥ 70, C ≥ 55, D below; status OK for A/B,
 * WATCH for C, PROBATION for D. Below `MINIMUM_ORDERS_FOR_SCORECARD` delivered orders the numbers say
 * too little: the status is INSUFFICIENT_DATA and the qualification score stands in as the baseline — and
 * then the breakdown is the qualification's (quality system, certifications, …), so its points add up to
 * the score the card shows. Whatever the basis, the breakdown's points sum to the score (before rounding).
 */
import type { CriterionScore } from './scoring';
export const MINIMUM_ORDERS_FOR_SCORECARD = 20;

export interface SupplierPerformance {
  /** Purchase orders delivered (the sample size). */
  readonly ordersCount: number;
  /** Fractions 0–1. */
  readonly onTimeDeliveryRate: number;
  readonly fillRate: number;
  readonly returnRate: number;
  readonly defectRatePpm: number;
  /** Average hours to answer an operator's request. */
  readonly averageResponseHours: number;
}

export type PerformanceMetric = 'onTimeDeliveryRate' | 'fillRate' | 'defectRatePpm' | 'returnRate' | 'responseHours';
/** Performance metrics, or on a QUALIFICATION card the onboarding criteria (`qualitySystem`, …). */
export type ScorecardMetric = PerformanceMetric | CriterionScore['criterion'] | 'qualification';
export type ScorecardGrade = 'A' | 'B' | 'C' | 'D';
export type ScorecardStatus = 'OK' | 'WATCH' | 'PROBATION' | 'INSUFFICIENT_DATA';

export interface ScorecardLine {
  readonly metric: ScorecardMetric;
  readonly weight: number;
  /** The measured value (a rate, ppm, hours); on a QUALIFICATION line, the criterion's points. */
  readonly value: number;
  readonly points: number;
  /** What a QUALIFICATION line was scored on (`ISO 9001 certified, defect rate 300 ppm`). */
  readonly note?: string;
}

/** The onboarding score a new supplier is judged by, with its breakdown when the supplier record has it. */
export interface QualificationBaseline {
  readonly score: number;
  readonly breakdown?: readonly CriterionScore[];
}

export interface Scorecard {
  readonly score: number;
  /** Null while there is not enough data to grade. */
  readonly grade: ScorecardGrade | null;
  readonly status: ScorecardStatus;
  /** PERFORMANCE once enough orders were delivered, else QUALIFICATION (the onboarding score). */
  readonly basis: 'PERFORMANCE' | 'QUALIFICATION';
  readonly ordersCount: number;
  readonly minimumOrders: number;
  readonly breakdown: ScorecardLine[];
}

interface MetricRule {
  readonly metric: PerformanceMetric;
  readonly weight: number;
  readonly best: number;
  readonly worst: number;
  readonly read: (performance: SupplierPerformance) => number;
}

const RULES: readonly MetricRule[] = [
  { metric: 'onTimeDeliveryRate', weight: 30, best: 0.98, worst: 0.8, read: (p) => p.onTimeDeliveryRate },
  { metric: 'fillRate', weight: 25, best: 0.99, worst: 0.85, read: (p) => p.fillRate },
  { metric: 'defectRatePpm', weight: 20, best: 500, worst: 10_000, read: (p) => p.defectRatePpm },
  { metric: 'returnRate', weight: 15, best: 0.01, worst: 0.1, read: (p) => p.returnRate },
  { metric: 'responseHours', weight: 10, best: 4, worst: 72, read: (p) => p.averageResponseHours },
];

/** 0–1: how far `value` has come from `worst` towards `best` (works for both directions). */
const progress = (value: number, best: number, worst: number): number =>
  Math.min(1, Math.max(0, (value - worst) / (best - worst)));

export const gradeFor = (score: number): ScorecardGrade =>
  score >= 85 ? 'A' : score >= 70 ? 'B' : score >= 55 ? 'C' : 'D';

const STATUS_BY_GRADE: Record<ScorecardGrade, ScorecardStatus> = { A: 'OK', B: 'OK', C: 'WATCH', D: 'PROBATION' };

/**
 * The lines of a QUALIFICATION card: the onboarding criteria when they add up to the score, else (a record
 * from before breakdowns were kept) one line that is the whole score, so the card never contradicts itself.
 */
export const qualificationLines = (baseline: QualificationBaseline): ScorecardLine[] => {
  const criteria = baseline.breakdown ?? [];
  const sum = criteria.reduce((total, line) => total + line.points, 0);
  if (criteria.length > 0 && sum === baseline.score) {
    return criteria.map(({ criterion, weight, points, note }) => ({ metric: criterion, weight, value: points, points, note }));
  }
  return [{ metric: 'qualification', weight: 100, value: baseline.score, points: baseline.score, note: 'onboarding qualification score' }];
};

export function computeScorecard(performance: SupplierPerformance, qualification: number | QualificationBaseline): Scorecard {
  const baseline = typeof qualification === 'number' ? { score: qualification } : qualification;
  const common = { ordersCount: performance.ordersCount, minimumOrders: MINIMUM_ORDERS_FOR_SCORECARD };
  if (performance.ordersCount < MINIMUM_ORDERS_FOR_SCORECARD) {
    const breakdown = qualificationLines(baseline);
    return { ...common, breakdown, score: baseline.score, grade: null, status: 'INSUFFICIENT_DATA', basis: 'QUALIFICATION' };
  }
  const breakdown = RULES.map(({ metric, weight, best, worst, read }) => {
    const value = read(performance);
    return { metric, weight, value, points: Math.round(weight * progress(value, best, worst) * 10) / 10 };
  });
  const score = Math.round(breakdown.reduce((total, line) => total + line.points, 0));
  const grade = gradeFor(score);
  return { ...common, breakdown, score, grade, status: STATUS_BY_GRADE[grade], basis: 'PERFORMANCE' };
}

export const NO_PERFORMANCE_YET: SupplierPerformance = {
  ordersCount: 0,
  onTimeDeliveryRate: 0,
  fillRate: 0,
  returnRate: 0,
  defectRatePpm: 0,
  averageResponseHours: 0,
};
