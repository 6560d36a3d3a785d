import { describe, expect, it } from 'vitest';
import { addDays, dailyUnits, salesDayOf, salesOfShipment } from '../../../shared/domain/inventory/sales';

describe('the sales history', () => {
  it('counts a shipment once per SKU, on the UTC day it shipped', () => {
    expect(salesDayOf('2030-07-02T23:59:30.000Z')).toBe('2030-07-02');
    expect(
      salesOfShipment([
        { sku: 'MUG', quantity: 2, lineTotal: { amount: 1998, currency: 'EUR' } },
        { sku: 'TEE', quantity: 1, lineTotal: { amount: 2499, currency: 'EUR' } },
        { sku: 'MUG', quantity: 1, lineTotal: { amount: 999, currency: 'EUR' } },
      ]),
    ).toEqual([
      { sku: 'MUG', units: 3, valueMinor: 2997 },
      { sku: 'TEE', units: 1, valueMinor: 2499 },
    ]);
  });

  it('reads as a daily series for the forecast, oldest first, days without sales as 0, across a month end', () => {
    expect(addDays('2030-03-01', -1)).toBe('2030-02-28');
    const sales = [
      { sku: 'MUG', day: '2030-02-27', units: 4, valueMinor: 3996 },
      { sku: 'MUG', day: '2030-03-01', units: 2, valueMinor: 1998 },
    ];
    expect(dailyUnits(sales, '2030-03-01', 4)).toEqual([0, 4, 0, 2]);
    expect(dailyUnits([], '2030-03-01', 2)).toEqual([0, 0]);
  });
});
