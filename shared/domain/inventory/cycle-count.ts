/**
 * Cycle counts: which SKUs to count each day, and what a count does to the stock record.
 *
 * Plan. SKUs are classed by annual sales value (ABC): sorted by value, a SKU is A while the value before it
 * is under 80 % of the total (so the SKU that crosses 80 % is still A), B under 95 %, C for the rest. Each
 * class is counted once per period (A monthly, B quarterly, C yearly, as days); its SKUs, in SKU order, get
 * the days of the period in even slots, so every day counts about the same number, and the list for a date
 * is the same whoever asks.
 *
 * Count. The counted units are compared with on hand (reserved units are still on the shelf until shipped).
 * Within the class's tolerance (absolute units or percent of on hand, whichever is more lenient) the record
 * is adjusted; beyond it, or when fewer units were counted than orders have reserved, a person recounts.
 */
import { invalid } from '../errors';
import type { DomainEventDraft } from '../events';
import { countVarianceAdjusted, recountRequested } from './events';

export type AbcClass = 'A' | 'B' | 'C';

export interface AbcThresholds {
  /** Cumulative share of sales value the A class reaches. */
  readonly a: number;
  /** …and A plus B together. */
  readonly b: number;
}
export const DEFAULT_ABC_THRESHOLDS: AbcThresholds = { a: 0.8, b: 0.95 };

/** Days between two counts of a SKU: a month, a quarter and a year, as whole days. */
export const COUNT_PERIOD_DAYS: Readonly<Record<AbcClass, number>> = { A: 30, B: 91, C: 365 };

export interface ClassifiedSku {
  readonly sku: string;
  readonly annualSalesValue: number;
  readonly abcClass: AbcClass;
  /** Share of the total value of the SKUs ranked above it. */
  readonly shareBefore: number;
}

export function classifyAbc(
  items: readonly { readonly sku: string; readonly annualSalesValue: number }[],
  thresholds: AbcThresholds = DEFAULT_ABC_THRESHOLDS,
): ClassifiedSku[] {
  if (!(thresholds.a > 0 && thresholds.a <= thresholds.b && thresholds.b <= 1)) {
    throw invalid('ABC thresholds need 0 < a ≤ b ≤ 1.', [{ field: 'thresholds', message: `Got a = ${thresholds.a}, b = ${thresholds.b}.` }]);
  }
  const ranked = [...items].sort((x, y) => y.annualSalesValue - x.annualSalesValue || x.sku.localeCompare(y.sku));
  const total = ranked.reduce((sum, item) => sum + Math.max(0, item.annualSalesValue), 0);
  let before = 0;
  return ranked.map((item) => {
    const shareBefore = total > 0 ? before / total : 1;
    before += Math.max(0, item.annualSalesValue);
    const abcClass: AbcClass = shareBefore < thresholds.a ? 'A' : shareBefore < thresholds.b ? 'B' : 'C';
    return { sku: item.sku, annualSalesValue: item.annualSalesValue, abcClass, shareBefore };
  });
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date (UTC). */
const dayNumber = (date: string): number => {
  const time = Date.parse(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(time)) throw invalid('A date is YYYY-MM-DD.', [{ field: 'date', message: `Got ${date}.` }]);
  return Math.round(time / DAY_MS);
};

/**
 * The SKUs to count on `date`: in each class of N SKUs and period P days, the i-th SKU (in SKU order) is
 * counted on the days whose number modulo P is ⌊i·P/N⌋. A, then B, then C, each in SKU order.
 */
export function dailyCountList(
  skus: readonly Pick<ClassifiedSku, 'sku' | 'abcClass'>[],
  date: string,
  periods: Readonly<Record<AbcClass, number>> = COUNT_PERIOD_DAYS,
): string[] {
  const day = dayNumber(date);
  return (['A', 'B', 'C'] as const).flatMap((abcClass) => {
    const members = skus.filter((item) => item.abcClass === abcClass).map((item) => item.sku).sort();
    const period = periods[abcClass];
    const today = ((day % period) + period) % period;
    return members.filter((_, index) => Math.floor((index * period) / members.length) === today);
  });
}

export interface CountTolerance {
  readonly units: number;
  readonly percent: number;
}
export const DEFAULT_COUNT_TOLERANCES: Readonly<Record<AbcClass, CountTolerance>> = {
  A: { units: 1, percent: 1 },
  B: { units: 2, percent: 2 },
  C: { units: 5, percent: 5 },
};

export interface StockSnapshot {
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
}

/** Who changed a stock record, when, why, and what it was before and after: kept for every adjustment. */
export type CountAudit = {
  readonly sku: string;
  readonly kind: 'COUNT' | 'MANUAL';
  readonly actor: string;
  readonly at: string;
  readonly reason: string;
  readonly before: StockSnapshot;
  readonly after: StockSnapshot;
  readonly delta: number;
};

/** The audit record of setting on hand to `onHandAfter`; reservations are untouched. */
export function adjustmentAudit(
  sku: string,
  kind: CountAudit['kind'],
  before: Pick<StockSnapshot, 'onHand' | 'reserved'>,
  onHandAfter: number,
  actor: string,
  reason: string,
  now: Date,
): CountAudit {
  return {
    sku,
    kind,
    actor,
    at: now.toISOString(),
    reason,
    before: { onHand: before.onHand, reserved: before.reserved, available: before.onHand - before.reserved },
    after: { onHand: onHandAfter, reserved: before.reserved, available: onHandAfter - before.reserved },
    delta: onHandAfter - before.onHand,
  };
}

export interface CountInput {
  readonly sku: string;
  readonly counted: number;
  readonly countedBy: string;
  readonly abcClass: AbcClass;
}

export interface CountOutcome {
  readonly outcome: 'ADJUST' | 'RECOUNT';
  /** counted − on hand. */
  readonly variance: number;
  /** |variance| as a percent of on hand; null when on hand is 0. */
  readonly variancePercent: number | null;
  readonly withinTolerance: boolean;
  readonly reason: string;
  /** Present when the record is adjusted (also for a count that matched: the count itself is on record). */
  readonly audit?: CountAudit;
  readonly events: DomainEventDraft[];
}

export function evaluateCount(
  input: CountInput,
  system: Pick<StockSnapshot, 'onHand' | 'reserved'>,
  now: Date,
  tolerances: Readonly<Record<AbcClass, CountTolerance>> = DEFAULT_COUNT_TOLERANCES,
): CountOutcome {
  if (!Number.isInteger(input.counted) || input.counted < 0) {
    throw invalid('A count is a whole number of units, zero or more.', [{ field: 'counted', message: `Got ${input.counted}.` }]);
  }
  const variance = input.counted - system.onHand;
  const variancePercent = system.onHand === 0 ? null : (Math.abs(variance) * 100) / system.onHand;
  const tolerance = tolerances[input.abcClass];
  const withinTolerance = Math.abs(variance) <= tolerance.units || (variancePercent !== null && variancePercent <= tolerance.percent);
  if (input.counted < system.reserved) {
    const reason = `counted fewer than the ${system.reserved} reserved for orders`;
    return { outcome: 'RECOUNT', variance, variancePercent, withinTolerance, reason, events: [recountRequested(input.sku, input.counted, system.onHand, reason)] };
  }
  if (!withinTolerance) {
    const reason = `variance ${variance} is beyond the class ${input.abcClass} tolerance (${tolerance.units} units or ${tolerance.percent} %)`;
    return { outcome: 'RECOUNT', variance, variancePercent, withinTolerance, reason, events: [recountRequested(input.sku, input.counted, system.onHand, reason)] };
  }
  const reason = variance === 0 ? 'cycle count matched' : `cycle count variance ${variance} within tolerance`;
  const audit = adjustmentAudit(input.sku, 'COUNT', system, input.counted, input.countedBy, reason, now);
  return { outcome: 'ADJUST', variance, variancePercent, withinTolerance, reason, audit, events: variance === 0 ? [] : [countVarianceAdjusted(audit)] };
}
