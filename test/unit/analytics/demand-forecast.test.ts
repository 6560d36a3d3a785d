import { describe, expect, it } from 'vitest';
import { forecastError, forecastSkuDemand, historyThrough, isUsableForecast, recordDay, HISTORY_DAYS } from '../../../shared/domain/analytics/demand-forecast';

const repeat = (pattern: readonly number[], times: number) => Array.from({ length: times }, () => pattern).flat();
const history = (units: readonly number[], throughDay = '2030-06-10') => ({ sku: 'MUG', throughDay, units });

describe('a SKU\'s demand history (units ordered per store day)', () => {
  it.each([
    // [stored, day recorded, units, expected]
    [undefined, '2030-06-10', 3, { throughDay: '2030-06-10', units: [3] }],
    [history([1, 2]), '2030-06-11', 5, { throughDay: '2030-06-11', units: [1, 2, 5] }], // the next day
    [history([1, 2]), '2030-06-13', 5, { throughDay: '2030-06-13', units: [1, 2, 0, 0, 5] }], // days without counters sold nothing
    [history([1, 2]), '2030-06-10', 7, { throughDay: '2030-06-10', units: [1, 7] }], // a recompute sets the day again
    [history([1, 2]), '2030-06-09', 7, { throughDay: '2030-06-10', units: [7, 2] }], // a past day inside the window
    [history([1, 2]), '2030-06-01', 7, { throughDay: '2030-06-10', units: [1, 2] }], // before the window: nothing to set
  ])('%j, day %s set to %i → %j', (stored, day, units, expected) => {
    expect(recordDay(stored, 'MUG', day, units)).toEqual({ sku: 'MUG', ...expected });
  });

  it('is idempotent and keeps the last 56 days', () => {
    const long = history(Array.from({ length: HISTORY_DAYS }, (_, index) => index));
    const once = recordDay(long, 'MUG', '2030-06-11', 99);
    expect(once.units).toHaveLength(56);
    expect(once.units[0]).toBe(1);
    expect(once.units.at(-1)).toBe(99);
    expect(recordDay(once, 'MUG', '2030-06-11', 99)).toEqual(once);
  });

  it('is read with zeros for the days after its last one', () => {
    expect(historyThrough(history([4]), '2030-06-12')).toEqual({ sku: 'MUG', throughDay: '2030-06-12', units: [4, 0, 0] });
    expect(historyThrough(history([4]), '2030-06-09')).toEqual(history([4]));
  });
});

describe('the forecast and its error (worked examples in docs/analytics.md, "Demand forecast")', () => {
  it('a SKU selling 4 every fourth day is INTERMITTENT: Croston–SBA 0.95 a day, MASE 0.7944', () => {
    const result = forecastSkuDemand(history(repeat([0, 0, 0, 4], 14)));
    expect(result.forecast).toMatchObject({ method: 'CROSTON_SBA', historyDays: 56, classification: { pattern: 'INTERMITTENT', adi: 4, cv2: 0 } });
    // size 4, interval 4: (1 − 0.1/2) · 4/4 = 0.95.
    expect(result.forecast.dailyDemand).toBeCloseTo(0.95, 10);
    // The last 14 days: 10 without a sale missed by 0.95, 4 with a sale by 3.05 → MAE 21.7/14 = 1.55. The 42 days
    // before change by 4 twenty times in 41 steps → naive 80/41 = 1.9512. MASE = 1.55 / 1.9512 = 0.7944.
    expect(result.error).toEqual({ mae: 1.55, mase: 0.7944, evaluationDays: 14 });
  });

  it('a SKU growing by one a day (1 … 56) is SMOOTH: Holt follows the trend, 57.0 tomorrow, MASE 0.0012', () => {
    const result = forecastSkuDemand(history(Array.from({ length: 56 }, (_, index) => index + 1)));
    expect(result.forecast).toMatchObject({ method: 'HOLT', classification: { pattern: 'SMOOTH' } });
    expect(result.forecast.dailyDemand).toBeCloseTo(57.0003, 4);
    expect(result.forecast.trendPerDay).toBeCloseTo(1.0001, 4);
    // The naive forecast misses by exactly 1 a day; Holt by 0.0012 over the last two weeks.
    expect(result.error).toEqual({ mae: 0.0012, mase: 0.0012, evaluationDays: 14 });
  });

  it.each([
    // [history, pattern, method, MASE]
    [repeat([1, 3], 28), 'SMOOTH', 'HOLT', 0.5935], // ADI 1, CV² 0.25; naive misses by 2 every day, Holt by 1.187
    [repeat([1, 9], 28), 'ERRATIC', 'HOLT', 0.5935], // ADI 1, CV² 0.64: sizes vary, still sells daily → Holt
    [repeat([0, 0, 0, 4], 14), 'INTERMITTENT', 'CROSTON_SBA', 0.7944],
    [repeat([0, 0, 0, 1, 0, 0, 0, 9], 7), 'LUMPY', 'CROSTON_SBA', 0.7416], // ADI 4, CV² 0.64
  ])('%#: pattern %s → %s, MASE %s', (units, pattern, method, mase) => {
    const result = forecastSkuDemand(history(units));
    expect(result.forecast.method).toBe(method);
    expect(result.forecast.classification?.pattern).toBe(pattern);
    expect(result.error.mase).toBe(mase);
  });

  it('judges no method without enough history or demand: no error, and the policy does not use it', () => {
    const young = forecastSkuDemand(history([2, 2, 2]));
    expect(young.forecast.method).toBe('DEFAULT');
    expect(young.error).toEqual({ mae: null, mase: null, evaluationDays: 0 });
    expect(isUsableForecast(young.forecast)).toBe(false);
    const none = forecastSkuDemand(history(Array(56).fill(0)));
    expect(none.forecast.method).toBe('NO_DEMAND');
    expect(isUsableForecast(none.forecast)).toBe(true);
  });

  it('has no MASE on a flat history (the naive forecast never misses)', () => {
    expect(forecastError('HOLT', Array(56).fill(2))).toEqual({ mae: 0, mase: null, evaluationDays: 14 });
  });
});
