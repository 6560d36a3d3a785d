import { describe, expect, it } from 'vitest';
import {
  classifyDemand,
  crostonSba,
  demandOverDays,
  forecastDailyDemand,
  holt,
  sampleStandardDeviation,
} from '../../../shared/domain/inventory/forecast';

const shortHistory = { minimumHistoryDays: 4 };

describe('classifyDemand (Syntetos–Boylan)', () => {
  it.each([
    // history, pattern, ADI, CV²: worked in docs/inventory.md
    [[10, 14, 12, 16], 'SMOOTH', 1, 5 / 169],
    [[1, 10, 1, 10], 'ERRATIC', 1, 20.25 / 30.25],
    [[0, 0, 6, 0, 0, 0, 3, 0, 0, 6], 'INTERMITTENT', 10 / 3, 2 / 25],
    [[0, 0, 1, 0, 0, 9, 0, 0, 2, 0], 'LUMPY', 10 / 3, 38 / 3 / 16],
  ])('%j is %s', (history, pattern, adi, cv2) => {
    const classification = classifyDemand(history);
    expect(classification?.pattern).toBe(pattern);
    expect(classification?.adi).toBeCloseTo(adi, 9);
    expect(classification?.cv2).toBeCloseTo(cv2, 9);
  });

  it('cuts at ADI 1.32: 4 sales in 5 days (1.25) is frequent, 3 in 4 (1.33) is not', () => {
    expect(classifyDemand([5, 5, 0, 5, 5])?.pattern).toBe('SMOOTH');
    expect(classifyDemand([5, 0, 5, 5])?.pattern).toBe('INTERMITTENT');
  });

  it('has nothing to classify without a sale', () => {
    expect(classifyDemand([0, 0, 0])).toBeUndefined();
  });
});

describe('holt', () => {
  it('follows a straight line exactly once the trend is learnt', () => {
    // α = β = 1: level = last day, trend = last change.
    expect(holt([10, 12, 14, 16], 1, 1)).toEqual({ level: 16, trend: 2 });
  });

  it('smooths level and trend (α = β = 0.5)', () => {
    // 10 → (12, 1) → (12.5, 0.75) → (14.625, 1.4375)
    expect(holt([10, 14, 12, 16], 0.5, 0.5)).toEqual({ level: 14.625, trend: 1.4375 });
  });
});

describe('crostonSba', () => {
  it('smooths sizes and intervals on sale days and corrects by (1 − α/2)', () => {
    // sales 6 (day 3), 3 (4 days later), 6 (3 days later); α = 0.5
    // size 6 → 4.5 → 5.25; interval 3 → 3.5 → 3.25; 0.75 × 5.25 / 3.25
    const result = crostonSba([0, 0, 6, 0, 0, 0, 3, 0, 0, 6], 0.5);
    expect(result.size).toBe(5.25);
    expect(result.interval).toBe(3.25);
    expect(result.dailyDemand).toBeCloseTo(1.211538, 6);
  });
});

describe('forecastDailyDemand', () => {
  it('uses Holt for smooth demand and reports its inputs', () => {
    const forecast = forecastDailyDemand([10, 14, 12, 16], { ...shortHistory, alpha: 0.5, beta: 0.5 });
    expect(forecast).toMatchObject({
      method: 'HOLT',
      dailyDemand: 16.0625,
      trendPerDay: 1.4375,
      historyDays: 4,
      parameters: { alpha: 0.5, beta: 0.5, level: 14.625, trend: 1.4375 },
      classification: { pattern: 'SMOOTH' },
    });
    expect(forecast.sigmaDaily).toBeCloseTo(Math.sqrt(20 / 3), 9);
  });

  it('uses Croston/SBA for intermittent demand', () => {
    const forecast = forecastDailyDemand([0, 0, 6, 0, 0, 0, 3, 0, 0, 6], { ...shortHistory, crostonAlpha: 0.5 });
    expect(forecast.method).toBe('CROSTON_SBA');
    expect(forecast.dailyDemand).toBeCloseTo(1.211538, 6);
    expect(forecast.trendPerDay).toBe(0);
    expect(forecast.sigmaDaily).toBeCloseTo(Math.sqrt(6.5), 9);
    expect(forecast.parameters).toEqual({ alpha: 0.5, size: 5.25, interval: 3.25 });
  });

  it('gives a new SKU its category forecast, else the default', () => {
    const young = [3, 4, 5];
    expect(forecastDailyDemand(young, { category: { dailyDemand: 5, sigmaDaily: 2 } })).toMatchObject({ method: 'CATEGORY', dailyDemand: 5, sigmaDaily: 2, historyDays: 3 });
    expect(forecastDailyDemand(young)).toMatchObject({ method: 'DEFAULT', dailyDemand: 1, sigmaDaily: 1 });
  });

  it('needs 28 days of history by default', () => {
    expect(forecastDailyDemand(Array(27).fill(5)).method).toBe('DEFAULT');
    expect(forecastDailyDemand(Array(28).fill(5))).toMatchObject({ method: 'HOLT', dailyDemand: 5, sigmaDaily: 0 });
  });

  it('forecasts nothing for a SKU that has not sold in its history', () => {
    expect(forecastDailyDemand(Array(30).fill(0))).toMatchObject({ method: 'NO_DEMAND', dailyDemand: 0, sigmaDaily: 0 });
  });

  it('never forecasts a negative day', () => {
    // level 5, trend −5: tomorrow would be 0 (and below after)
    expect(forecastDailyDemand([30, 20, 10, 5], { ...shortHistory, alpha: 1, beta: 1 })).toMatchObject({ method: 'HOLT', dailyDemand: 0, trendPerDay: -5 });
  });

  it('refuses negative or non-numeric sales', () => {
    expect(() => forecastDailyDemand([1, -2, 3])).toThrow(expect.objectContaining({ code: 'ValidationFailed' }));
    expect(() => forecastDailyDemand([1, Number.NaN])).toThrow(expect.objectContaining({ code: 'ValidationFailed' }));
  });
});

describe('demandOverDays', () => {
  it.each([
    [{ dailyDemand: 20, trendPerDay: 0 }, 9, 180],
    [{ dailyDemand: 10, trendPerDay: 1 }, 4, 46], // 10 + 11 + 12 + 13
    [{ dailyDemand: 10, trendPerDay: -5 }, 4, 15], // 10 + 5 + 0 + 0: a day is never negative
    [{ dailyDemand: 8, trendPerDay: 0 }, 2.5, 20],
    [{ dailyDemand: 10, trendPerDay: 1 }, 2.5, 27], // 10 + 11 + ½ × 12
  ])('%j over %s days → %s', (forecast, days, units) => {
    expect(demandOverDays(forecast, days)).toBeCloseTo(units, 9);
  });
});

describe('sampleStandardDeviation', () => {
  it('divides by n − 1', () => {
    expect(sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 9);
    expect(sampleStandardDeviation([7])).toBe(0);
  });
});
