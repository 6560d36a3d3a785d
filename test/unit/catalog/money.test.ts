import { describe, expect, it } from 'vitest';
import { formatMoney, minimumPriceFor, relativeDrop } from '../../../shared/domain/money';

const EUR = (amount: number) => ({ amount, currency: 'EUR' });

describe('minimumPriceFor', () => {
  it.each([
    [3500, 40, 4900],
    [1999, 35, 2699], // 2698.65 rounds up
    [1000, 12.5, 1125],
    [100, 15, 115], // 100 × 1.15 is 114.99999999999999 in floating point
    [100, 7, 107], // 100 × 1.07 is 107.00000000000001 in floating point
    [2000, 30, 2600],
    [1, 40, 2],
    [999, 0, 999],
  ])('cost %d at a %s percent margin needs at least %d', (cost, margin, floor) => {
    expect(minimumPriceFor(EUR(cost), margin)).toEqual(EUR(floor));
  });

  it('keeps the currency of the cost', () => {
    expect(minimumPriceFor({ amount: 1000, currency: 'SEK' }, 10)).toEqual({ amount: 1100, currency: 'SEK' });
  });

  it('agrees with exact integer arithmetic for every whole-percent margin', () => {
    const wrong: [number, number][] = [];
    for (let margin = 0; margin <= 100; margin++) {
      for (let cost = 0; cost <= 20_000; cost += 7) {
        const exact = Math.floor((cost * (100 + margin) + 99) / 100);
        if (minimumPriceFor(EUR(cost), margin).amount !== exact) wrong.push([cost, margin]);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('relativeDrop', () => {
  it.each([
    [10_000, 7500, 0.25],
    [8900, 8900, 0],
    [100, 120, -0.2],
    [100, 0, 1],
    [0, 500, 0],
  ])('%d → %d is a drop of %s', (from, to, drop) => {
    expect(relativeDrop(EUR(from), EUR(to))).toBeCloseTo(drop, 12);
  });
});

describe('formatMoney', () => {
  it.each([
    [1999, 'EUR', '19.99 EUR'],
    [4900, 'EUR', '49.00 EUR'],
    [5, 'USD', '0.05 USD'],
    [0, 'EUR', '0.00 EUR'],
    [123_456, 'GBP', '1234.56 GBP'],
  ])('%d %s reads %s', (amount, currency, text) => {
    expect(formatMoney({ amount, currency })).toBe(text);
  });
});
