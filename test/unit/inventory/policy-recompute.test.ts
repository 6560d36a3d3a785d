import { describe, expect, it } from 'vitest';
import { forecastFromSales, historyWindow, needsReorderPolicy, recomputePolicy, type PolicyInputs } from '../../../shared/domain/inventory/policy-recompute';
import type { DailySales } from '../../../shared/domain/inventory/sales';
import { addDays } from '../../../shared/domain/inventory/sales';
import type { StockLevel } from '../../../shared/domain/inventory/stock';

const NOW = new Date('2030-07-03T10:00:00.000Z');
const stock = (createdAt: string, available = 15): StockLevel => ({
  sku: 'MUG', productId: '01J0PRODUCT0000000000000000', supplierId: '01J0SUPPLIER000000000000000',
  onHand: available, reserved: 0, available, safetyStock: 10, createdAt, updatedAt: NOW.toISOString(),
});
const NORDWIND = { supplierTerms: { leadTimeDays: 21, minimumOrderQuantity: 100 }, reviewPeriodDays: 30 };
/** The nightly run as the job makes it: inventory's own forecast from the sales, then the policy. */
const policyOf = (level: StockLevel, sales: readonly DailySales[], inputs: PolicyInputs) => recomputePolicy(level, forecastFromSales(level, sales, NOW), inputs, NOW);

describe('the nightly reorder policy of a SKU', () => {
  it.each([
    ['a live SKU', {}, true],
    ['a live SKU that is low and on order', { lowSince: '2030-07-01T00:00:00.000Z', openPurchaseOrderId: 'PO1' }, true],
    ['a SKU whose product was archived', { retiredAt: '2030-07-02T09:00:00.000Z' }, false],
    ['an archived SKU with units left on hand', { retiredAt: '2030-07-02T09:00:00.000Z', onHand: 40, available: 40 }, false],
  ])('is recomputed for %s: %s → %s', (_, extra, recomputed) => {
    expect(needsReorderPolicy({ ...stock('2030-01-01T08:00:00.000Z'), ...extra })).toBe(recomputed);
  });

  it('reads the last 56 full days, none before the SKU was listed', () => {
    expect(historyWindow(stock('2030-01-01T08:00:00.000Z'), NOW)).toEqual({ from: '2030-05-08', to: '2030-07-02', days: 56 });
    expect(historyWindow(stock('2030-06-30T08:00:00.000Z'), NOW)).toEqual({ from: '2030-06-30', to: '2030-07-02', days: 3 });
  });

  it('gives a SKU listed yesterday the default demand: safety 8, reorder point 29, an order of the MOQ (worked example in docs/inventory.md)', () => {
    // 1 a day, σ 1 (new SKU); lead time 21 d (terms); z(95 %) 1.645: safety ⌈1.645 · 1 · √21⌉ = ⌈7.54⌉ = 8;
    // reorder point 21 + 8 = 29; 15 available ≤ 29: max(MOQ 100, 30 + 8 − 15 = 23) = 100.
    const policy = policyOf(stock('2030-07-02T08:00:00.000Z'), [], NORDWIND);
    expect(policy).toMatchObject({ reorderPoint: 29, safetyStock: 8, reorderQuantity: 100, serviceLevel: 0.95, reviewPeriodDays: 30, minimumOrderQuantity: 100 });
    expect(policy.forecast).toMatchObject({ method: 'DEFAULT', dailyDemand: 1, sigmaDaily: 1, historyDays: 1 });
    expect(policy.leadTime).toEqual({ leadTimeDays: 21, basis: 'TERMS', termsLeadTimeDays: 21, observedLeadTimesDays: [], observedWeight: 0 });
    expect(policy).toMatchObject({ packSize: 1, available: 15, onOrder: 0, inventoryPosition: 15 });
  });

  it('follows what sold: 2 a day for eight weeks gives a reorder point of two a day over the lead time, nothing more to cover', () => {
    const sales = Array.from({ length: 56 }, (_, index) => ({ sku: 'MUG', day: addDays('2030-07-02', -index), units: 2, valueMinor: 1998 }));
    const policy = policyOf(stock('2030-01-01T08:00:00.000Z', 100), sales, NORDWIND);
    expect(policy.forecast).toMatchObject({ method: 'HOLT', historyDays: 56, sigmaDaily: 0 });
    expect(policy.forecast.dailyDemand).toBeCloseTo(2, 6);
    expect(policy).toMatchObject({ safetyStock: 0, reorderPoint: 42, reorderQuantity: 0 });
  });

  describe('with the supplier\'s deliveries, its pack and what is on order (shown as the policy\'s inputs)', () => {
    const twoADay = Array.from({ length: 56 }, (_, index) => ({ sku: 'MUG', day: addDays('2030-07-02', -index), units: 2, valueMinor: 1998 }));
    it.each([
      // observed lead times → basis, used lead time, reorder point (2 a day, σ 0: the point is 2 × the lead time)
      [[], 'TERMS', 21, 42],
      [[30, 30], 'TERMS', 21, 42], // two late trucks are not a trend
      [[26, 26, 26, 26, 26], 'BLENDED', 23.5, 47], // half weight: 0.5 · 21 + 0.5 · 26
      [Array(10).fill(28), 'OBSERVED', 28, 56],
    ])('observed %j → %s, %d days, reorder point %i', (observed, basis, leadTimeDays, reorderPoint) => {
      const policy = policyOf(stock('2030-01-01T08:00:00.000Z', 100), twoADay, { ...NORDWIND, observedLeadTimesDays: observed });
      expect(policy.leadTime).toMatchObject({ basis, leadTimeDays, termsLeadTimeDays: 21, observedLeadTimesDays: observed });
      expect(policy.reorderPoint).toBe(reorderPoint);
    });

    it('counts what the open order owes and orders whole packs of at least the MOQ: 10 available + 20 on order ≤ 42 → 60 − 30 = 30 → MOQ 100 → 5 packs of 24 = 120', () => {
      const inputs = { ...NORDWIND, supplierTerms: { leadTimeDays: 21, minimumOrderQuantity: 100, packSize: 24 }, onOrder: 20 };
      const policy = policyOf(stock('2030-01-01T08:00:00.000Z', 10), twoADay, inputs);
      expect(policy).toMatchObject({ reorderPoint: 42, reorderQuantity: 120, packSize: 24, minimumOrderQuantity: 100, available: 10, onOrder: 20, inventoryPosition: 30 });
    });

    it('orders nothing while the stock and what is on order are above the reorder point', () => {
      const policy = policyOf(stock('2030-01-01T08:00:00.000Z', 10), twoADay, { ...NORDWIND, onOrder: 40 });
      expect(policy).toMatchObject({ reorderPoint: 42, inventoryPosition: 50, reorderQuantity: 0 });
    });
  });
});
