import { describe, expect, it } from 'vitest';
import { upliftReport, upliftScope, upliftWindow, type DayFigures } from '../../../shared/domain/promotions/uplift';

const day = (date: string, revenueMinor: number, units: number, views: number, orders: number | null = units): DayFigures => ({ date, revenueMinor, units, views, orders });

describe('upliftScope', () => {
  it('measures SKU and category offers by their targets, order-level offers and products by the whole store', () => {
    expect(upliftScope([{ kind: 'SKU', ids: ['MUG'] }, { kind: 'SKU', ids: ['MUG', 'TEE'] }])).toEqual({ kind: 'SKUS', ids: ['MUG', 'TEE'] });
    expect(upliftScope([{ kind: 'CATEGORY', ids: ['kitchen'] }])).toEqual({ kind: 'CATEGORIES', ids: ['kitchen'] });
    expect(upliftScope([{ kind: 'ORDER', ids: [] }])).toEqual({ kind: 'STORE' });
    expect(upliftScope([{ kind: 'PRODUCT', ids: ['p-1'] }])).toEqual({ kind: 'STORE' });
    expect(upliftScope([{ kind: 'SKU', ids: ['MUG'] }, { kind: 'CATEGORY', ids: ['kitchen'] }])).toEqual({ kind: 'STORE' });
  });
});

describe('upliftWindow', () => {
  // Friday 5 to Sunday 7 June 2026 in Berlin (UTC+2); asked on Wednesday 10 June.
  const weekend = { startsAt: '2026-06-04T22:00:00.000Z', endsAt: '2026-06-07T21:59:00.000Z', timeZone: 'Europe/Berlin' };
  const NOW = new Date('2026-06-10T08:00:00.000Z');

  it('takes the campaign\'s store days and the same weekdays 1 to 4 weeks before it', () => {
    const window = upliftWindow(weekend, NOW);
    expect(window.campaign).toEqual(['2026-06-05', '2026-06-06', '2026-06-07']);
    expect(window.baseline).toEqual([
      '2026-05-08', '2026-05-09', '2026-05-10',
      '2026-05-15', '2026-05-16', '2026-05-17',
      '2026-05-22', '2026-05-23', '2026-05-24',
      '2026-05-29', '2026-05-30', '2026-05-31',
    ]);
  });

  it('stops at yesterday while it runs, and at the day it was ended early', () => {
    expect(upliftWindow(weekend, new Date('2026-06-07T10:00:00.000Z')).campaign).toEqual(['2026-06-05', '2026-06-06']);
    expect(upliftWindow({ ...weekend, endedAt: '2026-06-05T15:00:00.000Z' }, NOW).campaign).toEqual(['2026-06-05']);
    expect(upliftWindow(weekend, new Date('2026-06-05T10:00:00.000Z')).campaign).toEqual([]);
  });

  it('measures the last 31 days of a long campaign, against the whole four weeks before it started', () => {
    const window = upliftWindow({ startsAt: '2026-01-01T00:00:00.000Z', endsAt: '2026-03-31T00:00:00.000Z', timeZone: 'UTC' }, NOW);
    expect(window.campaign).toHaveLength(31);
    expect(window.campaign[0]).toBe('2026-03-01');
    expect(window.baseline).toHaveLength(28);
    expect([window.baseline[0], window.baseline.at(-1)]).toEqual(['2025-12-04', '2025-12-31']);
  });
});

describe('upliftReport', () => {
  const window = { campaign: ['2026-06-05', '2026-06-06'], baseline: ['2026-05-29', '2026-05-30', '2026-05-22', '2026-05-23'] };

  it('compares per day: 2 days of 30 000 and 12 units against 4 days of 40 000 and 20 units → +50 % revenue, +20 % units', () => {
    const report = upliftReport(
      { kind: 'SKUS', ids: ['MUG'] },
      window,
      [day('2026-06-05', 14_000, 5, 100), day('2026-06-06', 16_000, 7, 140)],
      // One baseline day sold nothing and has no KPI item: it counts as a day of nothing.
      [day('2026-05-22', 12_000, 6, 150), day('2026-05-23', 10_000, 5, 100), day('2026-05-29', 18_000, 9, 150)],
    );
    expect(report.campaign).toEqual({ days: 2, revenueMinor: 30_000, units: 12, orders: 12, views: 240, revenueMinorPerDay: 15_000, unitsPerDay: 6, conversionRate: 0.05 });
    expect(report.baseline).toEqual({ days: 4, revenueMinor: 40_000, units: 20, orders: 20, views: 400, revenueMinorPerDay: 10_000, unitsPerDay: 5, conversionRate: 0.05 });
    expect(report.uplift).toEqual({ revenue: 0.5, units: 0.2, conversionRate: 0 });
  });

  it('says nothing it cannot: no baseline sales, no orders kept (categories), no days yet', () => {
    const categories = upliftReport({ kind: 'CATEGORIES', ids: ['kitchen'] }, window, [day('2026-06-05', 5_000, 2, 40, null)], []);
    expect(categories.campaign.conversionRate).toBeNull();
    expect(categories.uplift).toEqual({ revenue: null, units: null, conversionRate: null });
    const none = upliftReport({ kind: 'STORE' }, { campaign: [], baseline: [] }, [], []);
    expect(none.campaign).toMatchObject({ days: 0, revenueMinorPerDay: null, unitsPerDay: null });
  });
});
