import { describe, expect, it } from 'vitest';
import { bandOf, kpiAnomalies } from '../../../shared/domain/analytics/anomalies';
import { dayKpis } from '../../../shared/domain/analytics/kpis';
import { sumDayCounters } from '../../../shared/domain/analytics/counters';

const cardWith = (date: string, sessions: number, orders: number) =>
  dayKpis(sumDayCounters(date, [{ dimension: 'TOTAL', counters: { sessions, engagedSessions: sessions / 2, orders, revenueMinor: orders * 5000 } }]), {
    currency: 'EUR',
    revenueBefore: {},
    stock: new Map(),
  }).card;

describe('the trailing-28-day band', () => {
  it.each([
    ['median ± 3 × 1.4826 × MAD', [10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36], { median: 23, low: 23 - 3 * 1.4826 * 7, high: 23 + 3 * 1.4826 * 7 }],
    ['a flat history gets the 5 % floor', Array(14).fill(100), { median: 100, low: 95, high: 105 }],
    ['fewer than 14 values: no band', Array(13).fill(100), undefined],
    ['nulls are left out', [...Array(13).fill(100), null], undefined],
  ])('%s', (_, history, expected) => {
    const band = bandOf(history);
    if (!expected) return expect(band).toBeUndefined();
    expect(band!.median).toBeCloseTo(expected.median, 4);
    expect(band!.low).toBeCloseTo(expected.low, 3);
    expect(band!.high).toBeCloseTo(expected.high, 3);
  });

  it('flags the KPIs out of their band, and only those', () => {
    const trailing = Array.from({ length: 28 }, (_, i) => cardWith(`2030-05-${String(i + 1).padStart(2, '0')}`, 1000 + (i % 5) * 10, 20 + (i % 3)));
    expect(kpiAnomalies(cardWith('2030-06-10', 1020, 21), trailing)).toEqual([]);
    const crash = kpiAnomalies(cardWith('2030-06-10', 1020, 5), trailing);
    expect(crash.map((anomaly) => [anomaly.kpi, anomaly.direction])).toEqual([
      ['conversionRate', 'below'],
      ['orders', 'below'],
      ['revenueMinor', 'below'],
    ]);
    expect(kpiAnomalies(cardWith('2030-06-10', 1020, 5), trailing.slice(0, 10))).toEqual([]);
  });
});
