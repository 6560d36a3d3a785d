/**
 * Low stock: a SKU whose available units are at or below its reorder point. An episode opens when the
 * stock crosses down to the reorder point and closes when it is restored above it; the scheduled alert job
 * alerts once per episode (the mark remembers that it did), however many times it runs in between.
 */
import type { DomainEventDraft } from '../events';
import { stockLow, stockRestored } from './events';

export interface StockPosition {
  readonly sku: string;
  /** onHand − reserved. */
  readonly available: number;
  readonly reorderPoint: number;
  /** Forecast units a day, for days of cover. */
  readonly dailyDemand: number;
}

/** The sparse-index mark a low SKU carries while its episode is open. */
export interface LowStockMark {
  readonly sku: string;
  readonly openedAt: string;
  readonly availableAtOpening: number;
  readonly reorderPoint: number;
  /** Set by the first alert of the episode; its presence stops the next ones. */
  readonly alertedAt?: string;
}

export const isAtOrBelowReorderPoint = (position: Pick<StockPosition, 'available' | 'reorderPoint'>): boolean =>
  position.available <= position.reorderPoint;

/**
 * Whole days the available stock lasts at the forecast demand, rounded down (a partial day is not a day of
 * cover); null when there is no demand to run out against.
 */
export function daysOfCover(available: number, dailyDemand: number): number | null {
  if (dailyDemand <= 0) return null;
  return Math.max(0, Math.floor(available / dailyDemand + 1e-9));
}

export type EpisodeChange = 'OPENED' | 'CLOSED' | 'UNCHANGED';

/**
 * Decides, at a stock write, whether the SKU's low-stock episode opens, closes or stays as it is. Called
 * with the mark the SKU carries (if any) and its position after the write.
 */
export function lowStockEpisode(
  mark: LowStockMark | undefined,
  position: StockPosition,
  now: Date,
): { next: LowStockMark | undefined; change: EpisodeChange; events: DomainEventDraft[] } {
  const low = isAtOrBelowReorderPoint(position);
  if (low && !mark) {
    const opened: LowStockMark = {
      sku: position.sku,
      openedAt: now.toISOString(),
      availableAtOpening: position.available,
      reorderPoint: position.reorderPoint,
    };
    return { next: opened, change: 'OPENED', events: [stockLow(position, daysOfCover(position.available, position.dailyDemand))] };
  }
  if (!low && mark) return { next: undefined, change: 'CLOSED', events: [stockRestored(position, mark.openedAt)] };
  return { next: mark, change: 'UNCHANGED', events: [] };
}

export interface LowStockAlertLine {
  readonly sku: string;
  readonly available: number;
  readonly reorderPoint: number;
  readonly daysOfCover: number | null;
}

/**
 * The scheduled job's one consolidated alert: the marks not alerted yet, fewest days of cover first (no
 * demand last), and the marks as they are after alerting. Nothing to say → no lines, no mark changes.
 */
export function consolidateLowStockAlert(
  marks: readonly LowStockMark[],
  positions: ReadonlyMap<string, StockPosition>,
  now: Date,
): { lines: LowStockAlertLine[]; alerted: LowStockMark[] } {
  const due = marks.filter((mark) => !mark.alertedAt && positions.has(mark.sku));
  const lines = due.map((mark) => {
    const position = positions.get(mark.sku)!;
    return {
      sku: mark.sku,
      available: position.available,
      reorderPoint: position.reorderPoint,
      daysOfCover: daysOfCover(position.available, position.dailyDemand),
    };
  });
  const cover = (line: LowStockAlertLine) => line.daysOfCover ?? Number.POSITIVE_INFINITY;
  lines.sort((a, b) => cover(a) - cover(b) || a.sku.localeCompare(b.sku));
  return { lines, alerted: due.map((mark) => ({ ...mark, alertedAt: now.toISOString() })) };
}
