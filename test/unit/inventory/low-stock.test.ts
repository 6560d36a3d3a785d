import { describe, expect, it } from 'vitest';
import {
  consolidateLowStockAlert,
  daysOfCover,
  isAtOrBelowReorderPoint,
  lowStockEpisode,
  type StockPosition,
} from '../../../shared/domain/inventory/low-stock';

const NOW = new Date('2026-12-01T09:00:00.000Z');
const LATER = new Date('2026-12-01T09:15:00.000Z');
const position = (available: number, sku = 'MUG'): StockPosition => ({ sku, available, reorderPoint: 50, dailyDemand: 12 });

describe('isAtOrBelowReorderPoint', () => {
  it.each([
    [49, true],
    [50, true],
    [51, false],
  ])('%s available against a reorder point of 50 → %s', (available, low) => {
    expect(isAtOrBelowReorderPoint(position(available))).toBe(low);
  });
});

describe('daysOfCover', () => {
  it.each([
    [40, 12, 3], // 3.33 → 3 whole days
    [36, 12, 3],
    [11, 12, 0],
    [0, 12, 0],
    [-4, 12, 0], // oversold: no cover, not negative cover
    [40, 0, null], // nothing sells: no run-out date
  ])('%s units at %s a day → %s days', (available, demand, days) => {
    expect(daysOfCover(available, demand)).toBe(days);
  });
});

describe('lowStockEpisode', () => {
  it('opens an episode when the stock crosses down, with StockLow and days of cover', () => {
    const { next, change, events } = lowStockEpisode(undefined, position(40), NOW);
    expect(change).toBe('OPENED');
    expect(next).toEqual({ sku: 'MUG', openedAt: NOW.toISOString(), availableAtOpening: 40, reorderPoint: 50 });
    expect(events).toEqual([
      expect.objectContaining({ source: 'commerce.inventory', detailType: 'StockLow', detail: expect.objectContaining({ sku: 'MUG', available: 40, daysOfCover: 3 }) }),
    ]);
  });

  it('stays open, silently, while the stock stays low (even lower)', () => {
    const mark = lowStockEpisode(undefined, position(40), NOW).next;
    expect(lowStockEpisode(mark, position(10), LATER)).toEqual({ next: mark, change: 'UNCHANGED', events: [] });
  });

  it('closes once restored above the reorder point, not at it', () => {
    const mark = lowStockEpisode(undefined, position(40), NOW).next;
    expect(lowStockEpisode(mark, position(50), LATER).change).toBe('UNCHANGED');
    const closed = lowStockEpisode(mark, position(51), LATER);
    expect(closed).toMatchObject({ next: undefined, change: 'CLOSED' });
    expect(closed.events[0]).toMatchObject({ detailType: 'StockRestored', detail: { lowSince: NOW.toISOString() } });
  });

  it('does nothing for a healthy SKU without a mark', () => {
    expect(lowStockEpisode(undefined, position(80), NOW)).toEqual({ next: undefined, change: 'UNCHANGED', events: [] });
  });
});

describe('consolidateLowStockAlert (once per episode)', () => {
  const marks = [
    lowStockEpisode(undefined, position(40, 'MUG'), NOW).next!,
    lowStockEpisode(undefined, position(5, 'LID'), NOW).next!,
    { ...lowStockEpisode(undefined, position(20, 'CUP'), NOW).next!, alertedAt: NOW.toISOString() },
  ];
  const positions = new Map([
    ['MUG', position(40, 'MUG')],
    ['LID', position(5, 'LID')],
    ['CUP', position(20, 'CUP')],
  ]);

  it('lists the SKUs not alerted yet, least cover first, and marks them alerted', () => {
    const { lines, alerted } = consolidateLowStockAlert(marks, positions, LATER);
    expect(lines).toEqual([
      { sku: 'LID', available: 5, reorderPoint: 50, daysOfCover: 0 },
      { sku: 'MUG', available: 40, reorderPoint: 50, daysOfCover: 3 },
    ]);
    expect(alerted.map((mark) => [mark.sku, mark.alertedAt])).toEqual([
      ['MUG', LATER.toISOString()],
      ['LID', LATER.toISOString()],
    ]);
  });

  it('says nothing the next run while the episodes stay open', () => {
    const { alerted } = consolidateLowStockAlert(marks, positions, LATER);
    const rest = [...alerted, marks[2]!];
    expect(consolidateLowStockAlert(rest, positions, new Date('2026-12-01T09:30:00.000Z'))).toEqual({ lines: [], alerted: [] });
  });

  it('alerts again in a new episode after the stock was restored', () => {
    const alerted = { ...marks[0]!, alertedAt: LATER.toISOString() };
    const closed = lowStockEpisode(alerted, position(90), LATER).next;
    const reopened = lowStockEpisode(closed, position(30), LATER).next!;
    expect(consolidateLowStockAlert([reopened], new Map([['MUG', position(30)]]), LATER).lines).toHaveLength(1);
  });
});
