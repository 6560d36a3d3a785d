/**
 * What a campaign did (docs/promotions.md, "Results and uplift"): what its targets sold per day while it ran, against
 * a baseline of the same weekdays in the four weeks before it started, so a campaign that ran over a weekend is
 * compared with weekends. Pure: the handler reads the day figures analytics keeps (its nightly SKU, category and day
 * KPIs) for the days this module names.
 */
import { storeDay } from '../analytics/storefront-events';
import { addDays } from '../inventory/sales';
import type { Promotion, Target } from './promotion';

/** One store day of the campaign's targets, as analytics counted it. `orders`: null where analytics keeps none (categories). */
export interface DayFigures {
  readonly date: string;
  readonly revenueMinor: number;
  readonly units: number;
  /** Product views (SKUs, categories) or sessions (the whole store). */
  readonly views: number;
  readonly orders: number | null;
}

/** Whose figures measure the campaign: its SKUs, its categories, or the whole store (order-level offers, products). */
export type UpliftScope = { readonly kind: 'SKUS'; readonly ids: readonly string[] } | { readonly kind: 'CATEGORIES'; readonly ids: readonly string[] } | { readonly kind: 'STORE' };

export interface UpliftWindow {
  /** The campaign's complete store days, oldest first (at most the last `MAX_CAMPAIGN_DAYS`). */
  readonly campaign: readonly string[];
  /** The 28 days before the campaign started, on the weekdays it measures, oldest first. */
  readonly baseline: readonly string[];
}

export const MAX_CAMPAIGN_DAYS = 31;
const weekdayOf = (day: string): number => new Date(`${day}T00:00:00.000Z`).getUTCDay();
const BASELINE_WEEKS = 4;

/** The SKUs or categories a promotion targets; the whole store when it targets orders or products (not counted per product). */
export function upliftScope(targets: readonly Target[]): UpliftScope {
  const of = (kind: Target['kind']) => [...new Set(targets.filter((target) => target.kind === kind).flatMap((target) => target.ids))];
  if (targets.length > 0 && targets.every((target) => target.kind === 'SKU')) return { kind: 'SKUS', ids: of('SKU') };
  if (targets.length > 0 && targets.every((target) => target.kind === 'CATEGORY')) return { kind: 'CATEGORIES', ids: of('CATEGORY') };
  return { kind: 'STORE' };
}

/** The days to compare: the campaign's store days up to yesterday (the nightly KPIs exist until then), and its baseline. */
export function upliftWindow(promotion: Pick<Promotion, 'startsAt' | 'endsAt' | 'endedAt' | 'timeZone'>, now: Date): UpliftWindow {
  const first = storeDay(promotion.startsAt, promotion.timeZone);
  const ends = [storeDay(promotion.endsAt, promotion.timeZone), addDays(storeDay(now, promotion.timeZone), -1), ...(promotion.endedAt ? [storeDay(promotion.endedAt, promotion.timeZone)] : [])];
  const last = ends.sort()[0]!;
  const campaign: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) campaign.push(day);
  const measured = campaign.slice(-MAX_CAMPAIGN_DAYS);
  // The weekdays measured, on the four weeks before the start: a weekend campaign against weekends, a long one against all.
  const weekdays = new Set(measured.map(weekdayOf));
  const before = Array.from({ length: 7 * BASELINE_WEEKS }, (_, back) => addDays(first, -(back + 1)));
  return { campaign: measured, baseline: before.filter((day) => weekdays.has(weekdayOf(day))).sort() };
}

export interface UpliftFigures {
  readonly days: number;
  readonly revenueMinor: number;
  readonly units: number;
  readonly orders: number | null;
  readonly views: number;
  /** Per day on average (rounded to whole minor units and hundredths of a unit). */
  readonly revenueMinorPerDay: number | null;
  readonly unitsPerDay: number | null;
  /** orders ÷ views (SKUs: product views; the store: sessions); null without views or orders. */
  readonly conversionRate: number | null;
}

export interface UpliftReport {
  readonly scope: UpliftScope;
  readonly campaign: UpliftFigures;
  readonly baseline: UpliftFigures;
  /** Campaign per day ÷ baseline per day − 1; null without a baseline to compare with. */
  readonly uplift: { readonly revenue: number | null; readonly units: number | null; readonly conversionRate: number | null };
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
const ratio = (campaign: number | null, baseline: number | null): number | null => (campaign === null || baseline === null || baseline === 0 ? null : round(campaign / baseline - 1, 4));

function figures(days: readonly DayFigures[], dayCount: number): UpliftFigures {
  const sum = (pick: (day: DayFigures) => number) => days.reduce((total, day) => total + pick(day), 0);
  const revenueMinor = sum((day) => day.revenueMinor);
  const units = sum((day) => day.units);
  const views = sum((day) => day.views);
  const orders = days.some((day) => day.orders === null) ? null : sum((day) => day.orders ?? 0);
  return {
    days: dayCount,
    revenueMinor,
    units,
    orders,
    views,
    revenueMinorPerDay: dayCount ? Math.round(revenueMinor / dayCount) : null,
    unitsPerDay: dayCount ? round(units / dayCount, 2) : null,
    conversionRate: orders === null || views === 0 ? null : round(orders / views, 4),
  };
}

/**
 * The campaign's figures against its baseline's, per day. A day analytics has no figures for counts as a day that
 * sold nothing (the targets had no views or sales), so `window` says how many days each side has.
 */
export function upliftReport(scope: UpliftScope, window: UpliftWindow, campaign: readonly DayFigures[], baseline: readonly DayFigures[]): UpliftReport {
  const during = figures(campaign, window.campaign.length);
  const before = figures(baseline, window.baseline.length);
  return {
    scope,
    campaign: during,
    baseline: before,
    uplift: {
      revenue: ratio(during.revenueMinorPerDay, before.revenueMinorPerDay),
      units: ratio(during.unitsPerDay, before.unitsPerDay),
      conversionRate: ratio(during.conversionRate, before.conversionRate),
    },
  };
}
