import { describe, expect, it } from 'vitest';
import { effectiveLeadTime } from '../../../shared/domain/inventory/lead-time';
import { reorderPolicy, roundUpToPack, safetyStock, type ReorderInputs } from '../../../shared/domain/inventory/reorder-policy';

describe('effectiveLeadTime', () => {
  it.each([
    // terms, observed, lead time, basis, weight
    [10, [], 10, 'TERMS', 0],
    [10, [20, 20], 10, 'TERMS', 0], // two deliveries are not enough to believe
    [10, [12, 14, 13, 15, 11], 11.5, 'BLENDED', 0.5], // mean 13, weight 5/10
    [10, [13, 13, 16], 11.2, 'BLENDED', 0.3], // mean 14, weight 3/10: 0.7 × 10 + 0.3 × 14
    [10, Array(12).fill(12), 12, 'OBSERVED', 1],
  ])('terms %s days, observed %j → %s days (%s)', (terms, observed, days, basis, weight) => {
    const estimate = effectiveLeadTime(terms, observed);
    expect(estimate.leadTimeDays).toBeCloseTo(days, 9);
    expect(estimate.basis).toBe(basis);
    expect(estimate.observedWeight).toBeCloseTo(weight, 9);
    expect(estimate.observations).toBe(observed.length);
  });

  it('takes its thresholds as options', () => {
    expect(effectiveLeadTime(10, [20], { minimumObservations: 1, fullWeightAt: 1 })).toMatchObject({ leadTimeDays: 20, basis: 'OBSERVED', observedMeanDays: 20 });
  });

  it('never plans for less than a day: ten deliveries received the hour they were sent give 1 day, not 0.04', () => {
    expect(effectiveLeadTime(21, Array(10).fill(1 / 24))).toMatchObject({ leadTimeDays: 1, basis: 'OBSERVED', observedWeight: 1 });
    expect(effectiveLeadTime(21, Array(10).fill(0), { minimumDays: 0.5 }).leadTimeDays).toBe(0.5);
  });

  it('refuses a non-positive terms lead time and negative observations', () => {
    expect(() => effectiveLeadTime(0, [])).toThrow(expect.objectContaining({ code: 'ValidationFailed' }));
    expect(() => effectiveLeadTime(5, [3, -1])).toThrow(expect.objectContaining({ code: 'ValidationFailed' }));
  });
});

describe('safetyStock', () => {
  it.each([
    [1.6449, 6, 9, 30], // 1.6449 × 6 × 3 = 29.61 → 30
    [1.2816, 10, 4, 26], // 1.2816 × 10 × 2 = 25.63 → 26
    [2.3263, 0, 16, 0], // no variability, no safety stock
    [1, 5, 4, 10], // exactly 10 stays 10
  ])('z %s, σ %s, L %s → %s units', (z, sigma, lead, units) => {
    expect(safetyStock(z, sigma, lead)).toBe(units);
  });
});

describe('roundUpToPack', () => {
  it.each([
    [160, 24, 168],
    [120, 24, 120],
    [1, 12, 12],
    [7, 1, 7],
  ])('%s units in packs of %s → %s', (quantity, pack, rounded) => {
    expect(roundUpToPack(quantity, pack)).toBe(rounded);
  });
});

// The worked example of docs/inventory.md: 20 a day (σ 6), 9 days' lead time, 95 %, review period 14 days.
const example: ReorderInputs = {
  forecast: { dailyDemand: 20, trendPerDay: 0, sigmaDaily: 6 },
  leadTimeDays: 9,
  reviewPeriodDays: 14,
  minimumOrderQuantity: 100,
  packSize: 24,
  available: 150,
  onOrder: 0,
};

describe('reorderPolicy', () => {
  it('computes safety stock, reorder point and quantity (the worked example)', () => {
    const policy = reorderPolicy(example);
    expect(policy).toMatchObject({
      safetyStock: 30, // ⌈1.6449 × 6 × √9⌉
      demandOverLeadTime: 180, // 20 × 9
      reorderPoint: 210, // 180 + 30
      demandOverReviewPeriod: 280, // 20 × 14
      inventoryPosition: 150,
      reorderQuantity: 168, // 280 + 30 − 150 = 160 ≥ MOQ 100 → 7 packs of 24
      serviceLevel: 0.95,
      inputs: example,
    });
    expect(policy.z).toBeCloseTo(1.6449, 4);
  });

  it('orders the MOQ when the shortfall is smaller, rounded to packs', () => {
    // position 200 ≤ 210 is due; 280 + 30 − 200 = 110 < MOQ 120 → 120 = 5 packs
    expect(reorderPolicy({ ...example, available: 200, minimumOrderQuantity: 120 }).reorderQuantity).toBe(120);
    // MOQ 100 is not a whole number of packs: 110 → 5 packs = 120
    expect(reorderPolicy({ ...example, available: 200 }).reorderQuantity).toBe(120);
  });

  it('orders nothing while available + on order is above the reorder point', () => {
    expect(reorderPolicy({ ...example, available: 211 }).reorderQuantity).toBe(0);
    expect(reorderPolicy({ ...example, available: 100, onOrder: 111 }).reorderQuantity).toBe(0);
    // at the reorder point exactly an order is due: 280 + 30 − 210 = 100 → 5 packs
    expect(reorderPolicy({ ...example, available: 210 }).reorderQuantity).toBe(120);
  });

  it('counts what is on order against the quantity', () => {
    // position 100 + 50 = 150: same as the worked example
    expect(reorderPolicy({ ...example, available: 100, onOrder: 50 }).reorderQuantity).toBe(168);
  });

  it('plans the trend over the lead time', () => {
    // 10, 11, 12, 13 over 4 days = 46; σ 0 → no safety stock
    const policy = reorderPolicy({ ...example, forecast: { dailyDemand: 10, trendPerDay: 1, sigmaDaily: 0 }, leadTimeDays: 4 });
    expect(policy).toMatchObject({ demandOverLeadTime: 46, safetyStock: 0, reorderPoint: 46 });
  });

  it('raises safety stock with the service level', () => {
    // 2.3263 × 6 × 3 = 41.87 → 42; reorder point 222
    expect(reorderPolicy({ ...example, serviceLevel: 0.99 })).toMatchObject({ safetyStock: 42, reorderPoint: 222 });
  });

  it('refuses inputs it cannot compute from, naming the fields', () => {
    expect(() => reorderPolicy({ ...example, leadTimeDays: 0, packSize: 0 })).toThrow(
      expect.objectContaining({
        code: 'ValidationFailed',
        fieldErrors: [expect.objectContaining({ field: 'leadTimeDays' }), expect.objectContaining({ field: 'packSize' })],
      }),
    );
  });
});
