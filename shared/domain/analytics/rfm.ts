/**
 * RFM segments without scanning customers. Each customer sits in one cell — the ISO week of their last order,
 * their frequency band and their monetary band — and a cell counter (`RFM#<week>` / `F<f>#M<m>`) holds how many
 * customers are in it; an order moves its customer between cells (−1 / +1, in the transaction that updates the
 * customer's history). The weekly job reads the cells of the last 104 weeks (a key Query a week: O(weeks), never
 * O(customers)) and scores them:
 *
 * - R: recency quintiles over customers, by the week of their last order (most recent fifth → 5);
 * - F and M: bands standing in for quintiles (orders 1, 2, 3–4, 5–9, 10+; spend < 25, < 60, < 150, < 400, ≥ 400 in
 *   major units): a histogram of bands cannot be cut finer than its bands;
 * - segments from R and F (the usual RFM names): champions, loyal, new, potential, at risk, hibernating, lost.
 */
import { isoWeekStart } from '../suppliers/weekly-activity';

export const FREQUENCY_BANDS = [1, 2, 3, 5, 10] as const;
/** Lower bounds in minor units. */
export const MONETARY_BANDS = [0, 2_500, 6_000, 15_000, 40_000] as const;
/** Weeks of last orders the weekly job reads (older customers are outside the segments). */
export const RFM_WEEKS = 104;

export const SEGMENTS = ['champions', 'loyal', 'new', 'potential', 'atRisk', 'hibernating', 'lost'] as const;
export type Segment = (typeof SEGMENTS)[number];

const band = (value: number, lowerBounds: readonly number[]): number => lowerBounds.filter((bound) => value >= bound).length;

export interface RfmCell {
  readonly week: string;
  readonly f: number;
  readonly m: number;
}

/** The cell of a customer with `orders` orders worth `totalMinor`, the last on `lastOrderDay`. */
export const rfmCell = (orders: number, totalMinor: number, lastOrderDay: string): RfmCell => ({
  week: isoWeekStart(new Date(`${lastOrderDay}T00:00:00Z`)),
  f: Math.max(1, band(orders, FREQUENCY_BANDS)),
  m: Math.max(1, band(totalMinor, MONETARY_BANDS)),
});

/** The cell counter moves of a customer going from `before` (none: a new customer) to `after`; none when it stays. */
export function cellMoves(before: RfmCell | undefined, after: RfmCell): { readonly cell: RfmCell; readonly add: number }[] {
  if (before && before.week === after.week && before.f === after.f && before.m === after.m) return [];
  return [...(before ? [{ cell: before, add: -1 }] : []), { cell: after, add: 1 }];
}

/** The segment of a recency score and a frequency band (1–5 each). */
export function segmentOf(r: number, f: number): Segment {
  if (r >= 4 && f >= 4) return 'champions';
  if (r === 3 && f >= 4) return 'loyal';
  if (r <= 2 && f >= 3) return 'atRisk';
  if (r === 5 && f === 1) return 'new';
  if (r >= 3) return 'potential';
  return r === 2 ? 'hibernating' : 'lost';
}

/**
 * Each week's recency score (1–5) by quintiles of customers, the most recent weeks first: a week's score is the
 * quintile its first customer falls in (most recent fifth: 5), so a week's customers share it (ties are not split).
 */
export function recencyScores(cells: readonly (RfmCell & { readonly customers: number })[]): Record<string, number> {
  const live = cells.filter((cell) => cell.customers > 0);
  const total = live.reduce((sum, cell) => sum + cell.customers, 0);
  const weeks = [...new Set(live.map((cell) => cell.week))].sort().reverse();
  const recency: Record<string, number> = {};
  let before = 0;
  for (const week of weeks) {
    recency[week] = 5 - Math.min(4, Math.floor((before / total) * 5));
    before += live.filter((cell) => cell.week === week).reduce((sum, cell) => sum + cell.customers, 0);
  }
  return recency;
}

/** Customers per segment from the cells (`customers` each), recency scored by `recencyScores`. */
export function segmentCounts(cells: readonly (RfmCell & { readonly customers: number })[]): Record<Segment, number> {
  const counts = Object.fromEntries(SEGMENTS.map((segment) => [segment, 0])) as Record<Segment, number>;
  const recency = recencyScores(cells);
  for (const cell of cells) if (cell.customers > 0) counts[segmentOf(recency[cell.week]!, cell.f)] += cell.customers;
  return counts;
}

/** What the weekly scoring keeps to place one customer later: each week's recency score, as of `weekStart`. */
export interface RecencyScoring {
  readonly weekStart: string;
  readonly recencyByWeek: Readonly<Record<string, number>>;
}

/**
 * One customer's segment against the last weekly scoring, from their history (orders, spend, last order day) — what
 * promotions read to apply a segment's offer. A last order in a week the scoring did not see is either after it
 * (this week's order: the most recent, 5) or before its 104 weeks: then no segment, as the weekly counts leave such
 * a customer out (orders move a customer only forward).
 */
export function customerSegment(history: { readonly orders: number; readonly totalMinor?: number; readonly lastOrderDay: string }, scoring: RecencyScoring): Segment | undefined {
  const cell = rfmCell(history.orders, history.totalMinor ?? 0, history.lastOrderDay);
  const r = scoring.recencyByWeek[cell.week] ?? (cell.week >= scoring.weekStart ? 5 : undefined);
  return r === undefined ? undefined : segmentOf(r, cell.f);
}
