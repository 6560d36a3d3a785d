/**
 * The demo shop's stock plan (infra/local/demo-stock.ts), without a cloud: sized from the generated eight weeks of
 * demand, the same from the same seed, the planted SKUs short of their supplier's lead time and the others well
 * beyond it; the stock the card values. The demo-traffic integration test checks it written and valued.
 */
import { describe, expect, it } from 'vitest';
import { demoTraffic, DEMO_SKUS } from '../../infra/local/demo-traffic';
import { demoStock, demoStockValueMinor, PLANTED_LOW } from '../../infra/local/demo-stock';

const traffic = demoTraffic('2030-06-11', 'Europe/Berlin', 90);
const plan = demoStock(traffic);
const coverDays = (sku: string, units: number) => units / ((traffic.unitsOrdered.get(sku) ?? 0) / traffic.days.length);

describe("the demo shop's stock", () => {
  it('stocks every demo SKU at its cost, the same from the same traffic', () => {
    expect(plan.map((line) => line.sku)).toEqual(DEMO_SKUS.map((sku) => sku.sku));
    expect(plan.map((line) => line.unitCost.amount)).toEqual(DEMO_SKUS.map((sku) => sku.costMinor));
    expect(demoStock(demoTraffic('2030-06-11', 'Europe/Berlin', 90))).toEqual(plan);
    expect(demoStockValueMinor(plan)).toBe(plan.reduce((sum, line) => sum + line.units * line.unitCost.amount, 0));
  });

  it.each(plan.map((line) => [line.sku, line] as const))('%s: planted low short of its lead time, else three lead times of demand or more', (sku, line) => {
    const cover = coverDays(sku, line.units);
    if (PLANTED_LOW[sku] !== undefined) {
      expect(cover).toBeCloseTo(PLANTED_LOW[sku]!, 0);
      expect(cover).toBeLessThan(line.leadTimeDays);
    } else {
      expect(line.units).toBeGreaterThanOrEqual(12);
      expect(cover).toBeGreaterThanOrEqual(3 * line.leadTimeDays);
      expect(cover).toBeLessThanOrEqual(4 * line.leadTimeDays + 1);
    }
  });

  it('names each SKU by its supplier: NW- Nordwind (21 days), CC- Costa (35)', () => {
    expect(new Set(plan.filter((line) => line.sku.startsWith('NW-')).map((line) => line.leadTimeDays))).toEqual(new Set([21]));
    expect(new Set(plan.filter((line) => line.sku.startsWith('CC-')).map((line) => line.leadTimeDays))).toEqual(new Set([35]));
  });
});
