import { describe, expect, it } from 'vitest';
import { allocate, percentOf } from '../../../shared/domain/promotions/allocation';
import { amountOff, buyXGetY, flashPrice, gift, percentOff, shipping, threshold } from '../../../shared/domain/promotions/benefits';
import { cart, ORDER, withRemaining } from './support';

const total = (shares: readonly { amount: number }[]) => shares.reduce((sum, share) => sum + share.amount, 0);

describe('allocate (largest remainder)', () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [1000, [2499, 1299, 0], [658, 342, 0]],
    [7, [5, 5], [4, 3]],
    [0, [3, 4], [0, 0]],
    [5, [0, 0], [0, 0]],
  ])('%i over %j is %j (the parts add up)', (amount, weights, expected) => {
    expect(allocate(amount, weights)).toEqual(expected);
  });

  it('rounds a percentage half up per line', () => {
    expect([percentOf(2598, 10), percentOf(1299, 10), percentOf(1250, 10), percentOf(5, 10)]).toEqual([260, 130, 125, 1]);
  });
});

describe('percent off', () => {
  it.each([
    ['a SKU', { kind: 'SKU', ids: ['MUG-BLUE'] }, [{ lineIndex: 0, amount: 520 }]],
    ['a product', { kind: 'PRODUCT', ids: ['P-TEE-M'] }, [{ lineIndex: 1, amount: 500 }]],
    ['a category', { kind: 'CATEGORY', ids: ['kitchen'] }, [{ lineIndex: 0, amount: 520 }]],
    ['the order', ORDER, [{ lineIndex: 0, amount: 520 }, { lineIndex: 1, amount: 500 }]],
  ] as const)('20 %% off %s: 2 × 12.99 → 5.20 off, 24.99 → 5.00 off (rounded per line)', (_, target, shares) => {
    const lines = withRemaining(cart(['MUG-BLUE', 2, 1299], ['TEE-M', 1, 2499]));
    expect(percentOff({ type: 'PERCENT_OFF', percent: 20, target }, lines).shares).toEqual(shares);
  });

  it('computes from what the line still costs, not from the catalogue price (after a flash price)', () => {
    const [line] = withRemaining(cart(['MUG-BLUE', 1, 2000]));
    expect(percentOff({ type: 'PERCENT_OFF', percent: 10, target: ORDER }, [{ ...line!, remaining: 1500 }]).shares).toEqual([{ lineIndex: 0, amount: 150 }]);
  });
});

describe('amount off', () => {
  it('5.00 off the order is shared 24.99 : 12.99 → 3.29 + 1.71', () => {
    const effect = amountOff({ type: 'AMOUNT_OFF', amount: 500, target: ORDER }, withRemaining(cart(['TEE-M', 1, 2499], ['MUG-BLUE', 1, 1299])));
    expect(effect.shares).toEqual([{ lineIndex: 0, amount: 329 }, { lineIndex: 1, amount: 171 }]);
    expect(effect.explain(500)).toBe('5.00 off: you saved 5.00');
  });

  it('never takes more than the target costs', () => {
    expect(total(amountOff({ type: 'AMOUNT_OFF', amount: 9999, target: ORDER }, withRemaining(cart(['MUG-BLUE', 1, 1299]))).shares)).toBe(1299);
  });
});

describe('threshold (满减)', () => {
  const tiered = { type: 'THRESHOLD', tiers: [{ spend: 20000, off: 2000 }, { spend: 50000, off: 6000 }], repeatable: false, target: ORDER } as const;
  it.each([
    [19999, 0, 'add 0.01 more to save 20.00', ''],
    [20000, 2000, 'add 300.00 more to save 60.00', 'Spend 200.00, save 20.00: you saved 20.00'],
    [48800, 2000, 'add 12.00 more to save 60.00', 'Spend 200.00, save 20.00: you saved 20.00'],
    [50000, 6000, undefined, 'Spend 500.00, save 60.00: you saved 60.00'],
  ])('tiered 200 → 20, 500 → 60: spend %i saves %i; near-miss %s', (spend, off, nearMiss, explanation) => {
    const effect = threshold(tiered, withRemaining(cart(['TEE-M', 1, spend])));
    expect(total(effect.shares)).toBe(off);
    expect(effect.nearMiss).toBe(nearMiss);
    if (off) expect(effect.explain(off)).toBe(explanation);
  });

  it.each([
    [19999, 0],
    [40000, 6000],
    [65000, 9000],
    [99999, 12000],
  ])('repeatable 30 off per 200, at most 120: spend %i saves %i', (spend, off) => {
    const effect = threshold({ type: 'THRESHOLD', tiers: [{ spend: 20000, off: 3000 }], repeatable: true, maxOff: 12000, target: ORDER }, withRemaining(cart(['TEE-M', 1, spend])));
    expect(total(effect.shares)).toBe(off);
  });

  it('counts only its target category towards the spend', () => {
    const effect = threshold({ ...tiered, target: { kind: 'CATEGORY', ids: ['kitchen'] } }, withRemaining(cart(['MUG-BLUE', 10, 1500], ['TEE-M', 1, 40000])));
    expect(effect.shares).toEqual([{ lineIndex: 0, amount: 0 }]);
    expect(effect.nearMiss).toBe('add 50.00 more to save 20.00');
  });
});

describe('buy X get Y', () => {
  const threeForTwo = { type: 'BUY_X_GET_Y', buy: 2, get: 1, target: { kind: 'CATEGORY', ids: ['kitchen'] } } as const;
  it.each([
    ['2 mugs: none free, one more gets one', [['MUG-A', 2, 1000]], 0, 'add 1 more item to get 1 free'],
    ['3 mugs: the one free', [['MUG-A', 3, 1000]], 1000, undefined],
    ['6 mugs repeat: two free (the classic bug: not repeating)', [['MUG-A', 6, 1000]], 2000, undefined],
    ['mixed prices: the cheapest free first', [['MUG-A', 2, 1500], ['MUG-B', 1, 900]], 900, undefined],
    ['6 mixed: the two cheapest free', [['MUG-A', 3, 1500], ['MUG-B', 3, 900]], 1800, undefined],
  ] as const)('%s', (_, lines, off, nearMiss) => {
    const effect = buyXGetY(threeForTwo, withRemaining(cart(...lines)));
    expect(total(effect.shares)).toBe(off);
    expect(effect.nearMiss).toBe(nearMiss);
  });

  it('stops at maxFree', () => {
    expect(total(buyXGetY({ ...threeForTwo, maxFree: 1 }, withRemaining(cart(['MUG-A', 9, 1000]))).shares)).toBe(1000);
  });

  it('buy 2 tees, get a mug free (another SKU as reward)', () => {
    const teeMug = { type: 'BUY_X_GET_Y', buy: 2, get: 1, target: { kind: 'SKU', ids: ['TEE-M'] }, reward: { kind: 'SKU', ids: ['MUG-BLUE'] } } as const;
    expect(buyXGetY(teeMug, withRemaining(cart(['TEE-M', 2, 2499], ['MUG-BLUE', 2, 1299]))).shares).toEqual([{ lineIndex: 1, amount: 1299 }]);
    expect(buyXGetY(teeMug, withRemaining(cart(['TEE-M', 2, 2499]))).nearMiss).toBe('add 1 more reward item to get 1 free');
  });
});

describe('flash price (限时折扣)', () => {
  const flash = { type: 'FLASH_PRICE', prices: [{ sku: 'TEE-M', price: 1999 }], perCustomerUnits: 2 } as const;
  it.each([
    [1, 2, 500, 1],
    [3, 2, 1000, 2],
    [3, 1, 500, 1],
    [3, 0, 0, 0],
  ])('%i tees at 24.99, %i units left at 19.99: %i off, %i units', (quantity, left, off, units) => {
    const effect = flashPrice(flash, withRemaining(cart(['TEE-M', quantity, 2499])), left);
    expect(total(effect.shares)).toBe(off);
    expect(effect.units).toBe(units);
  });
});

describe('gift and shipping', () => {
  const giftBenefit = { type: 'GIFT', sku: 'TOTE', quantity: 1, minSpend: 5000 } as const;
  it('adds the gift from 50.00 when in stock; near-miss below; nothing out of stock', () => {
    expect(gift(giftBenefit, withRemaining(cart(['TEE-M', 2, 2499])), true).nearMiss).toBe('add 0.02 more for a free TOTE');
    expect(gift(giftBenefit, withRemaining(cart(['TEE-M', 2, 2500])), true).gift).toEqual({ sku: 'TOTE', quantity: 1 });
    expect(gift(giftBenefit, withRemaining(cart(['TEE-M', 2, 2500])), false).gift).toBeUndefined();
  });

  it('free shipping from 40.00', () => {
    const free = { type: 'SHIPPING', percent: 100, minSpend: 4000 } as const;
    expect(shipping(free, withRemaining(cart(['TEE-M', 1, 2499]))).nearMiss).toBe('add 15.01 more for free shipping');
    expect(shipping(free, withRemaining(cart(['TEE-M', 2, 2499]))).shippingPercent).toBe(100);
  });
});
