/**
 * Shipping options from the warehouse that has the stock (shared/domain/orders/shipping-options.ts,
 * `stockedWarehouses`): same-day only from the destination city's warehouse when it has every line; the
 * other levels from the usual warehouse, else one that has the stock.
 */
import { describe, expect, it } from 'vitest';
import type { Destination } from '../../../shared/domain/orders/carriers';
import { DEMO_CARRIERS, DEMO_WAREHOUSES } from '../../../infra/local/seed-shipping';
import { shippingOptions } from '../../../shared/domain/orders/shipping-options';

const LISBON: Destination = { city: 'Lisboa', postalCode: '1100-148', country: 'PT' };
// Wednesday 2030-07-03, 10:00 in Lisbon: before its 13:00 same-day cut-off.
const NOW = new Date('2030-07-03T09:00:00Z');
const quote = (stockedWarehouses?: readonly string[]) =>
  shippingOptions({ weightGrams: 2400, destination: LISBON, now: NOW, carriers: DEMO_CARRIERS, warehouses: DEMO_WAREHOUSES, ...(stockedWarehouses ? { stockedWarehouses } : {}) });
const warehouseOf = (result: ReturnType<typeof quote>) => Object.fromEntries(result.options.map((option) => [option.serviceLevel, option.warehouseId]));

describe('shipping options and stock per warehouse', () => {
  it("offers Lisbon same-day from the Lisbon warehouse when it has every line", () => {
    expect(warehouseOf(quote(['wh-lisbon', 'wh-berlin']))).toEqual({ STANDARD: 'wh-lisbon', EXPRESS: 'wh-lisbon', SAME_DAY: 'wh-lisbon' });
  });

  it('refuses same-day, saying why, when only another warehouse has the stock; standard and express go from that one', () => {
    const result = quote(['wh-berlin']);
    expect(warehouseOf(result)).toEqual({ STANDARD: 'wh-berlin', EXPRESS: 'wh-berlin' });
    expect(result.unavailable).toEqual([{ serviceLevel: 'SAME_DAY', reason: 'NOT_STOCKED_IN_CITY', detail: 'The Lisbon warehouse does not have every line in stock for same-day delivery' }]);
  });

  it('with no warehouse holding the stock, standard and express stay with the usual warehouse (the reservation decides); same-day is refused', () => {
    const result = quote([]);
    expect(warehouseOf(result)).toEqual({ STANDARD: 'wh-lisbon', EXPRESS: 'wh-lisbon' });
    expect(result.unavailable.map(({ reason }) => reason)).toEqual(['NOT_STOCKED_IN_CITY']);
  });

  it('says the stock, not the clock, when the city warehouse lacks it after its cut-off', () => {
    const evening = shippingOptions({ weightGrams: 2400, destination: LISBON, now: new Date('2030-07-03T15:00:00Z'), carriers: DEMO_CARRIERS, warehouses: DEMO_WAREHOUSES, stockedWarehouses: ['wh-berlin'] });
    expect(evening.unavailable.map(({ reason }) => reason)).toEqual(['NOT_STOCKED_IN_CITY']);
    const stocked = shippingOptions({ weightGrams: 2400, destination: LISBON, now: new Date('2030-07-03T15:00:00Z'), carriers: DEMO_CARRIERS, warehouses: DEMO_WAREHOUSES, stockedWarehouses: ['wh-lisbon'] });
    expect(stocked.unavailable.map(({ reason }) => reason)).toEqual(['PAST_CUTOFF']);
  });

  it('without stock figures, offers what it always did', () => {
    expect(warehouseOf(quote())).toEqual({ STANDARD: 'wh-lisbon', EXPRESS: 'wh-lisbon', SAME_DAY: 'wh-lisbon' });
  });
});
