/**
 * What the stock watcher and the low-stock alert job decide, on the stock record as a write left it.
 *
 * Low stock is decided at the write: every change of a stock record reaches the watcher (the table
 * stream), which opens the SKU's episode when it is at or below its reorder point and carries no mark, and
 * closes it when it is above and carries one (low-stock.ts). A SKU just listed is not low: it has never
 * had stock, and its first purchase is the buyer's call, not a reorder — its episode can open from its
 * first movement on.
 */
import type { DomainEventDraft } from '../events';
import { lowStockAlert, restockRequested } from './events';
import { consolidateLowStockAlert, lowStockEpisode, type EpisodeChange, type LowStockMark } from './low-stock';
import { reorderPointOf, type StockLevel } from './stock';
import { isOnQualityHold } from './quality-hold';

/** A forecast of daily demand, when the nightly policy has one (0: unknown, no days of cover). */
export interface StockWatchInput {
  readonly stock: StockLevel;
  /** The record as it was before the write; absent for a record just created. */
  readonly before?: StockLevel;
  readonly dailyDemand?: number;
}

export interface StockWatchDecision {
  readonly change: EpisodeChange;
  /** OPENED: the mark to keep in the sparse index. */
  readonly mark?: LowStockMark;
  /** The reorder point decided against (the write's conditions hold it). */
  readonly reorderPoint: number;
  readonly events: readonly DomainEventDraft[];
}

export function watchStock({ stock, before, dailyDemand = 0 }: StockWatchInput, now: Date): StockWatchDecision {
  const reorderPoint = reorderPointOf(stock);
  if (!before) return { change: 'UNCHANGED', reorderPoint, events: [] };
  const current: LowStockMark | undefined = stock.lowSince
    ? { sku: stock.sku, openedAt: stock.lowSince, availableAtOpening: stock.available, reorderPoint }
    : undefined;
  const { change, next, events } = lowStockEpisode(current, { sku: stock.sku, available: stock.available, reorderPoint, dailyDemand }, now);
  return { change, reorderPoint, events, ...(change === 'OPENED' && next ? { mark: next } : {}) };
}

/** A low SKU as the alert job sees it: its mark and its stock record now. */
export interface LowSku {
  readonly mark: LowStockMark & { readonly restockRequestedAt?: string };
  readonly stock: StockLevel;
}

export interface LowStockAlertPlan {
  /** The one consolidated alert, when any SKU is newly low. */
  readonly alert?: DomainEventDraft;
  /** Each mark to record as alerted, with the restock to ask for (none when one is open or already asked). */
  readonly alerted: readonly { readonly mark: LowStockMark; readonly restock?: DomainEventDraft }[];
}

/**
 * The alert job's decision: one consolidated alert listing the SKUs not alerted yet in their episode, and a
 * restock for each of them unless a purchase order is already open for it (`openPurchaseOrderId` on the
 * stock), one was asked for in this episode, the SKU is on quality hold, or its product was archived.
 */
export function planLowStockAlert(low: readonly LowSku[], now: Date, dailyDemandOf: (sku: string) => number = () => 0): LowStockAlertPlan {
  const positions = new Map(low.map(({ stock }) => [stock.sku, { sku: stock.sku, available: stock.available, reorderPoint: reorderPointOf(stock), dailyDemand: dailyDemandOf(stock.sku) }]));
  const { lines, alerted } = consolidateLowStockAlert(low.map(({ mark }) => mark), positions, now);
  if (lines.length === 0) return { alerted: [] };
  const bySku = new Map(low.map((entry) => [entry.mark.sku, entry]));
  return {
    alert: lowStockAlert(lines),
    alerted: alerted.map((mark) => {
      const { mark: stored, stock } = bySku.get(mark.sku)!;
      const restockOpen = stock.openPurchaseOrderId !== undefined || stored.restockRequestedAt !== undefined;
      // A SKU on quality hold is not restocked until an operator releases it; one whose product was archived, never.
      return restockOpen || isOnQualityHold(stock) || stock.retiredAt !== undefined ? { mark } : { mark, restock: restockRequested(mark.sku, `it has been at or below its reorder point since ${mark.openedAt}`) };
    }),
  };
}
