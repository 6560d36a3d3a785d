import { describe, expect, it } from 'vitest';
import { averageInventoryValue, inventoryTurnover, onTimeShipmentRate, shippedOrderCounters, skuActivityRate } from '../../../shared/domain/analytics/operations-kpis';
import { mergeCounterAdds, sumDayCounters } from '../../../shared/domain/analytics/counters';
import { dayKpis } from '../../../shared/domain/analytics/kpis';

describe('on-time shipment (worked example in docs/analytics.md)', () => {
  it.each([
    // [shipped on, ship-by, counters]
    ['2030-06-10', '2030-06-10', { shippedOrders: 1, promisedShipments: 1, onTimeShipments: 1 }], // on the day: on time
    ['2030-06-10', '2030-06-11', { shippedOrders: 1, promisedShipments: 1, onTimeShipments: 1 }], // early
    ['2030-06-12', '2030-06-11', { shippedOrders: 1, promisedShipments: 1, onTimeShipments: 0 }], // a day late
    ['2030-06-10', undefined, { shippedOrders: 1 }], // no promise on the event: shipped, not judged
    ['2030-06-10', 'soon', { shippedOrders: 1 }], // not a date: not judged
  ])('shipped %s, ship-by %s → %j', (day, shipBy, add) => {
    expect(shippedOrderCounters(day, shipBy)).toEqual([{ day, dimension: 'TOTAL', add }]);
  });

  it('is shipments by their date / shipments with a date: 28 of 32 → 0.875 (8 more without a date do not count)', () => {
    const adds = [
      ...Array.from({ length: 28 }, () => shippedOrderCounters('2030-06-10', '2030-06-10')),
      ...Array.from({ length: 4 }, () => shippedOrderCounters('2030-06-10', '2030-06-09')),
      ...Array.from({ length: 8 }, () => shippedOrderCounters('2030-06-10')),
    ].flat();
    const [total] = mergeCounterAdds(adds);
    expect(total!.add).toEqual({ shippedOrders: 40, promisedShipments: 32, onTimeShipments: 28 });
    expect(onTimeShipmentRate(total!.add.onTimeShipments!, total!.add.promisedShipments!)).toBe(0.875);
    expect(onTimeShipmentRate(0, 0)).toBeNull();
  });
});

describe('SKU activity rate', () => {
  it.each([
    [2, 4, 0.5],
    [0, 4, 0],
    [3, 0, null],
    [3, undefined, null], // the live count not known yet
  ])('%i sold of %s live → %s', (sold, live, rate) => {
    expect(skuActivityRate(sold, live)).toBe(rate);
  });
});

describe('inventory turnover', () => {
  it.each([
    // [cost of goods sold, inventory at cost, days, turnover a year, days of inventory]
    [120_000, 4_800_000, 1, 9.13, 40], // a day: 1,200.00 / 48,000.00 × 365 = 9.125 turns a year, 40 days of stock
    [3_600_000, 4_800_000, 30, 9.13, 40], // the same pace over 30 days
    [0, 4_800_000, 1, 0, null], // nothing sold: no turn, days of inventory unbounded
    [120_000, undefined, 1, null, null], // the value at cost not known: null, not 0
    [120_000, 0, 1, null, null],
  ])('COGS %i, inventory %s over %i day(s) → %s a year, %s days', (cogs, inventory, days, turnover, daysOfInventory) => {
    expect(inventoryTurnover(cogs, inventory, days)).toEqual({ turnover, daysOfInventory });
  });
});

describe('average inventory value of a day', () => {
  it.each([
    // [closing, opening (the day before's closing), average]
    [5_000_000, 4_600_000, 4_800_000], // opened at 46,000.00, closed at 50,000.00 → 48,000.00
    [4_800_000, undefined, 4_800_000], // the day before not known: the closing value alone
    [0, 4_000_000, 2_000_000], // sold out by the close
    [undefined, 4_000_000, undefined], // no closing value: none
  ])('closing %s, opening %s → %s', (closing, opening, average) => {
    expect(averageInventoryValue(closing, opening)).toBe(average);
  });
});

describe('on the card', () => {
  it("reads them from the day's counters and the context: on time 3 of 4, 1 of 4 live SKUs sold, 9.13 turns a year", () => {
    const counters = sumDayCounters('2030-06-10', [
      { dimension: 'TOTAL', counters: { orders: 1, unitsSold: 2, revenueMinor: 240_000, costedRevenueMinor: 240_000, costMinor: 120_000, shippedOrders: 5, promisedShipments: 4, onTimeShipments: 3 } },
      { dimension: 'SKU#MUG', counters: { unitsSold: 2, revenueMinor: 240_000 } },
    ]);
    const { card } = dayKpis(counters, { currency: 'EUR', revenueBefore: {}, stock: new Map(), liveSkus: 4, inventoryAtCostMinor: 4_800_000 });
    expect(card.sales).toMatchObject({ shippedOrders: 5, onTimeShipmentRate: 0.75 });
    expect(card.products).toMatchObject({ skusSold: 1, skuActivityRate: 0.25, inventoryTurnover: 9.13, daysOfInventory: 40 });
    expect(card.products).toMatchObject({ inventoryAtCostMinor: 4_800_000 });
    // Opened at 46,000.00 and closed at 50,000.00: the average, 48,000.00, gives the same 9.13 turns.
    const averaged = dayKpis(counters, { currency: 'EUR', revenueBefore: {}, stock: new Map(), inventoryAtCostMinor: 5_000_000, openingInventoryAtCostMinor: 4_600_000 }).card;
    expect(averaged.products).toMatchObject({ inventoryAtCostMinor: 5_000_000, inventoryTurnover: 9.13, daysOfInventory: 40 });
    const unknown = dayKpis(counters, { currency: 'EUR', revenueBefore: {}, stock: new Map() }).card;
    expect(unknown.products).toMatchObject({ skuActivityRate: null, inventoryTurnover: null, daysOfInventory: null });
  });
});
