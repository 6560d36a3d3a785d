import { describe, expect, it } from 'vitest';
import { association, basketPairs, boughtTogether, candidatePartners, MAX_BASKET_SKUS, productPairCounts } from '../../../shared/domain/analytics/basket';

describe('a basket', () => {
  it('counts each distinct SKU once and every ordered pair of them', () => {
    expect(basketPairs(['TEE', 'MUG', 'TEE'])).toEqual({ skus: ['MUG', 'TEE'], pairs: [['MUG', 'TEE'], ['TEE', 'MUG']] });
    expect(basketPairs(['MUG'])).toEqual({ skus: ['MUG'], pairs: [] });
  });

  it(`counts pairs for ${MAX_BASKET_SKUS} SKUs at most (56 ordered pairs: the transaction's 100 items)`, () => {
    const big = basketPairs(Array.from({ length: 12 }, (_, i) => `SKU-${String(i).padStart(2, '0')}`));
    expect(big.skus).toHaveLength(8);
    expect(big.pairs).toHaveLength(56);
  });
});

describe('support, confidence, lift', () => {
  it.each([
    // 1,000 baskets; 100 with MUG, 50 with SPOON, 30 with both: support 0.03, confidence 0.3, lift 0.3 / 0.05 = 6
    [{ partner: 'SPOON', together: 30, skuOrders: 100, partnerOrders: 50, baskets: 1000 }, { partner: 'SPOON', together: 30, support: 0.03, confidence: 0.3, lift: 6 }],
    // bought with MUG as often as on its own: lift 1
    [{ partner: 'BAG', together: 20, skuOrders: 100, partnerOrders: 200, baskets: 1000 }, { partner: 'BAG', together: 20, support: 0.02, confidence: 0.2, lift: 1 }],
    [{ partner: 'X', together: 0, skuOrders: 100, partnerOrders: 200, baskets: 1000 }, undefined],
  ])('%o', (counts, expected) => expect(association(counts)).toEqual(expected));

  it('ranks partners by lift, leaving out pairs seen fewer than minTogether times', () => {
    const counts = [
      { partner: 'BAG', together: 20, skuOrders: 100, partnerOrders: 200, baskets: 1000 },
      { partner: 'SPOON', together: 30, skuOrders: 100, partnerOrders: 50, baskets: 1000 },
      { partner: 'RARE', together: 1, skuOrders: 100, partnerOrders: 1, baskets: 1000 },
    ];
    expect(boughtTogether(counts, 2, 10).map((pair) => pair.partner)).toEqual(['SPOON', 'BAG']);
    expect(candidatePartners(counts, 2)).toEqual(['SPOON', 'BAG']);
  });

  it("adds up a product's variants, never pairing it with itself", () => {
    const counts = productPairCounts(
      ['TEE-S', 'TEE-M'],
      [
        { orders: 10, partners: [{ partner: 'MUG', together: 3 }, { partner: 'TEE-M', together: 1 }] },
        { orders: 5, partners: [{ partner: 'MUG', together: 2 }, { partner: 'TEE-S', together: 1 }] },
      ],
      new Map([['MUG', 40]]),
      100,
    );
    expect(counts).toEqual([{ partner: 'MUG', together: 5, skuOrders: 15, partnerOrders: 40, baskets: 100 }]);
  });
});
