import { describe, expect, it } from 'vitest';
import { INVENTORY_VALUE_SHARDS, inventoryValueOf, mergeValueChanges, revaluationOf, valueChangeOf, valueShardOf } from '../../../shared/domain/inventory/inventory-value';

const EUR = (amount: number) => ({ amount, currency: 'EUR' });

describe("a movement's change of the inventory value at cost (worked in docs/analytics.md)", () => {
  it.each([
    // [Δ on hand, unit cost, change]
    [4, EUR(1500), { currency: 'EUR', amountMinor: 6000 }], // 4 received at 15.00: +60.00
    [-3, EUR(1500), { currency: 'EUR', amountMinor: -4500 }], // 3 shipped or written off: −45.00
    [0, EUR(1500), undefined], // a reservation, a transfer: the total on hand stays
    [5, undefined, undefined], // a record without a unit cost (written before it was kept): counts nothing
    [5, EUR(0), undefined],
  ])('Δ %i at %j → %j', (delta, cost, change) => {
    expect(valueChangeOf(delta, cost)).toEqual(change);
  });
});

describe('a change of unit cost revalues what is on hand', () => {
  it.each([
    // [on hand, from, to, changes]
    [20, EUR(1500), EUR(1800), [{ currency: 'EUR', amountMinor: 6000 }]], // 20 × (18.00 − 15.00) = +60.00
    [20, EUR(1800), EUR(1500), [{ currency: 'EUR', amountMinor: -6000 }]],
    [8, undefined, EUR(1250), [{ currency: 'EUR', amountMinor: 10_000 }]], // a record getting its first cost: its units start to count
    [20, EUR(1500), EUR(1500), []], // the same cost: nothing
    [0, EUR(1500), EUR(1800), []], // nothing on hand: nothing to revalue
    [10, EUR(1500), { amount: 1600, currency: 'USD' }, [{ currency: 'EUR', amountMinor: -15_000 }, { currency: 'USD', amountMinor: 16_000 }]],
  ])('%i on hand from %j to %j → %j', (onHand, from, to, changes) => {
    expect(revaluationOf(onHand, from, to)).toEqual(changes);
  });
});

describe('one transaction, one value item per currency', () => {
  it('merges the lines of an order or a receipt, and leaves zeros out', () => {
    expect(mergeValueChanges([valueChangeOf(-3, EUR(1500)), valueChangeOf(-1, EUR(2000)), undefined])).toEqual([{ currency: 'EUR', amountMinor: -6500 }]);
    expect(mergeValueChanges([valueChangeOf(2, EUR(1500)), valueChangeOf(-1, EUR(3000))])).toEqual([]);
  });
});

describe('shards', () => {
  it('spread by the reference, stable; the value is their sum', () => {
    const shards = new Set(Array.from({ length: 200 }, (_, i) => valueShardOf(`order-${i}`)));
    expect(shards.size).toBe(INVENTORY_VALUE_SHARDS);
    expect(valueShardOf('order-1')).toBe(valueShardOf('order-1'));
    expect(inventoryValueOf([3_000_000, undefined, 1_900_000, -100])).toBe(4_899_900);
  });
});
