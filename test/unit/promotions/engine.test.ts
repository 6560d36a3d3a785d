import { describe, expect, it } from 'vitest';
import { applyPromotions, MAX_PROMOTIONS_PER_ORDER, select } from '../../../shared/domain/promotions/engine';
import { promotionEngine, consumptionOf } from '../../../shared/domain/promotions/pricing-engine';
import { priceCart, withShipping } from '../../../shared/domain/orders/pricing';
import type { Promotion, Target } from '../../../shared/domain/promotions/promotion';
import { cart, context, ORDER, promo, usage } from './support';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const threshold200 = promo('SPEND200', { type: 'THRESHOLD', tiers: [{ spend: 20000, off: 3000 }], repeatable: false, target: ORDER });
const tenOffKitchen = promo('KITCHEN10', { type: 'PERCENT_OFF', percent: 10, target: { kind: 'CATEGORY', ids: ['kitchen'] } });

describe('stacking and application order', () => {
  it('applies item-level before order-level: the threshold counts the spend after the item discount', () => {
    // mugs 10 × 20.00 = 200.00, 10 % off → 180.00: the 200 threshold is no longer reached; it is a near-miss
    const result = applyPromotions([threshold200, tenOffKitchen], cart(['MUG-BLUE', 10, 2000]), context());
    expect(result.applied.map((entry) => [entry.promotionId, entry.amount])).toEqual([['KITCHEN10', 2000]]);
    expect(result.nearMisses).toEqual([{ promotionId: 'SPEND200', name: 'SPEND200', message: 'add 20.00 more to save 30.00' }]);
  });

  it('the classic bug: a percentage on top of a flash price is computed from the flash price', () => {
    const flash = promo('FLASH', { type: 'FLASH_PRICE', prices: [{ sku: 'TEE-M', price: 2000 }] });
    const tenOffOrder = promo('ORDER10', { type: 'PERCENT_OFF', percent: 10, target: ORDER });
    const result = applyPromotions([tenOffOrder, flash], cart(['TEE-M', 1, 3000]), context());
    // 30.00 → flash 20.00 (10.00 off), then 10 % of 20.00 = 2.00 (not 3.00)
    expect(result.applied.map((entry) => [entry.promotionId, entry.amount])).toEqual([['FLASH', 1000], ['ORDER10', 200]]);
  });

  it('an exclusive promotion of the highest priority applies alone; the others are noted as not combining', () => {
    const vip = promo('VIP', { type: 'PERCENT_OFF', percent: 25, target: ORDER }, { exclusive: true, priority: 10 });
    const result = applyPromotions([threshold200, vip, tenOffKitchen], cart(['MUG-BLUE', 10, 2000]), context());
    expect(result.applied.map((entry) => entry.promotionId)).toEqual(['VIP']);
    expect(result.notes.map((note) => [note.promotionId, note.reason])).toEqual([['KITCHEN10', 'NOT_COMBINABLE'], ['SPEND200', 'NOT_COMBINABLE']]);
  });

  it('an exclusive promotion below a combinable one does not apply', () => {
    const vip = promo('VIP', { type: 'PERCENT_OFF', percent: 25, target: ORDER }, { exclusive: true, priority: -1 });
    expect(applyPromotions([vip, tenOffKitchen], cart(['MUG-BLUE', 1, 2000]), context()).applied.map((entry) => entry.promotionId)).toEqual(['KITCHEN10']);
  });

  it('one promotion per named group: the higher priority wins', () => {
    const a = promo('A', { type: 'PERCENT_OFF', percent: 5, target: ORDER }, { group: 'site', priority: 1 });
    const b = promo('B', { type: 'PERCENT_OFF', percent: 50, target: ORDER }, { group: 'site' });
    const c = promo('C', { type: 'AMOUNT_OFF', amount: 100, target: ORDER });
    expect(select([a, b, c]).map((p) => p.promotionId)).toEqual(['A', 'C']);
  });

  it(`applies at most ${MAX_PROMOTIONS_PER_ORDER} promotions to one order (the highest priorities)`, () => {
    const many = Array.from({ length: 20 }, (_, index) => promo(`P${String(index).padStart(2, '0')}`, { type: 'AMOUNT_OFF', amount: 1, target: ORDER }, { priority: index }));
    const result = applyPromotions(many, cart(['TEE-M', 1, 2000]), context());
    expect(result.applied).toHaveLength(MAX_PROMOTIONS_PER_ORDER);
    expect(result.applied[0]!.promotionId).toBe('P19');
    expect(result.notes.filter((note) => note.reason === 'NOT_COMBINABLE')).toHaveLength(5);
  });

  it('is deterministic: the input order does not matter', () => {
    const all = [threshold200, tenOffKitchen, promo('A', { type: 'AMOUNT_OFF', amount: 500, target: ORDER }), promo('B', { type: 'PERCENT_OFF', percent: 5, target: ORDER }, { priority: 3 })];
    const lines = cart(['MUG-BLUE', 12, 2000], ['TEE-M', 1, 2499]);
    expect(applyPromotions([...all].reverse(), lines, context())).toEqual(applyPromotions(all, lines, context()));
  });
});

describe('eligibility', () => {
  it('a coupon promotion applies only with its code', () => {
    const coupon = promo('WELCOME', { type: 'AMOUNT_OFF', amount: 500, target: ORDER }, { couponRequired: true });
    expect(applyPromotions([coupon], cart(['TEE-M', 1, 2499]), context()).applied).toEqual([]);
    expect(applyPromotions([coupon], cart(['TEE-M', 1, 2499]), context({ coupons: new Map([['WELCOME', 'HELLO5']]) })).applied[0]).toMatchObject({ amount: 500, couponCode: 'HELLO5' });
  });

  it('a member offer applies to its group only (the segment is a seam until analytics lands)', () => {
    const members = promo('MEMBERS', { type: 'PERCENT_OFF', percent: 10, target: ORDER }, { audience: { groups: ['member'], segments: ['champions'] } });
    expect(applyPromotions([members], cart(['TEE-M', 1, 2000]), context()).applied).toEqual([]);
    expect(applyPromotions([members], cart(['TEE-M', 1, 2000]), context({ customer: { groups: ['customer', 'member'] } })).applied).toHaveLength(1);
    expect(applyPromotions([members], cart(['TEE-M', 1, 2000]), context({ customer: { groups: [], segment: 'champions' } })).applied).toHaveLength(1);
  });

  it('a used-up budget stops it and says why; a spend budget caps the last discount', () => {
    const capped = promo('CAP', { type: 'PERCENT_OFF', percent: 50, target: ORDER }, { limits: { maxUses: 50, maxDiscount: 10000 } });
    const used = context({ usage: new Map([['CAP', usage({ uses: 50 })]]) });
    expect(applyPromotions([capped], cart(['TEE-M', 1, 2000]), used).notes).toEqual([{ promotionId: 'CAP', name: 'CAP', reason: 'BUDGET_EXHAUSTED', message: 'CAP has used up its budget and no longer applies' }]);
    const nearlySpent = context({ usage: new Map([['CAP', usage({ uses: 3, discount: 9700 })]]) });
    expect(applyPromotions([capped], cart(['TEE-M', 1, 2000]), nearlySpent).applied[0]!.amount).toBe(300);
  });

  it('per customer: used once already, limit 1', () => {
    const once = promo('ONCE', { type: 'AMOUNT_OFF', amount: 500, target: ORDER }, { limits: { perCustomer: 1 } });
    expect(applyPromotions([once], cart(['TEE-M', 1, 2000]), context({ usage: new Map([['ONCE', usage({ customerUses: 1 })]]) })).notes[0]!.reason).toBe('CUSTOMER_LIMIT_REACHED');
  });

  it('a flash allotment sells out', () => {
    const flash = promo('FLASH', { type: 'FLASH_PRICE', prices: [{ sku: 'TEE-M', price: 1000 }], allotment: 100 });
    const result = applyPromotions([flash], cart(['TEE-M', 1, 2000]), context({ usage: new Map([['FLASH', usage({ units: 100 })]]) }));
    expect(result.notes.map((note) => note.reason)).toEqual(['SOLD_OUT']);
  });

  it('no gift when it is out of stock, and says so', () => {
    const tote = promo('TOTE', { type: 'GIFT', sku: 'TOTE', quantity: 1, minSpend: 1000 });
    const result = applyPromotions([tote], cart(['TEE-M', 1, 2000]), context({ available: () => 0 }));
    expect(result.gifts).toEqual([]);
    expect(result.notes[0]).toMatchObject({ reason: 'GIFT_OUT_OF_STOCK', message: 'The free gift TOTE of TOTE is out of stock' });
  });

  it('leaves out a promotion whose stored data cannot be evaluated, and names it; the others apply', () => {
    const noTiers = promo('BROKEN', { type: 'THRESHOLD', tiers: [], repeatable: true, target: ORDER });
    const noBenefit = { ...promo('NO-BENEFIT', { type: 'AMOUNT_OFF', amount: 1, target: ORDER }), benefit: undefined } as unknown as Promotion;
    const result = applyPromotions([noTiers, noBenefit, tenOffKitchen], cart(['MUG-BLUE', 1, 2000]), context());
    expect(result.broken).toEqual(['BROKEN', 'NO-BENEFIT']);
    expect(result.applied.map((entry) => entry.promotionId)).toEqual(['KITCHEN10']);
  });

  it('skips one that has not started, has ended or is paused', () => {
    const later = promo('LATER', { type: 'AMOUNT_OFF', amount: 100, target: ORDER }, { startsAt: '2026-12-03T00:00:00.000Z' });
    const paused = promo('PAUSED', { type: 'AMOUNT_OFF', amount: 100, target: ORDER }, { status: 'PAUSED' });
    expect(applyPromotions([later, paused], cart(['TEE-M', 1, 2000]), context())).toMatchObject({ applied: [], notes: [] });
  });
});

describe('through the order pricing step', () => {
  const catalog = [{ sku: 'MUG-BLUE', unitPrice: eur(2000) }, { sku: 'TEE-M', unitPrice: eur(2499) }];
  const placements = new Map([['MUG-BLUE', { productId: 'P-MUG', categoryId: 'kitchen' }], ['TEE-M', { productId: 'P-TEE', categoryId: 'apparel' }]]);
  const engine = (promotions: readonly Promotion[], extra = {}) => promotionEngine(promotions, placements, { ...context(), ...extra });

  it('each line keeps its share of every discount; the shares add up to the discount total', () => {
    const price = priceCart([{ sku: 'MUG-BLUE', quantity: 10 }, { sku: 'TEE-M', quantity: 2 }], catalog, engine([threshold200, tenOffKitchen]));
    // mugs 200.00 − 20.00 = 180.00, tees 49.98: spend 229.98 ≥ 200 → 30.00 shared 180.00 : 49.98
    expect(price.lines.map((line) => line.discountShares?.map((share) => [share.promotionId, share.amount.amount]))).toEqual([
      [['KITCHEN10', 2000], ['SPEND200', 2348]],
      [['SPEND200', 652]],
    ]);
    expect(price.lines.map((line) => line.paid?.amount)).toEqual([15652, 4346]);
    expect(price).toMatchObject({ subtotal: eur(24998), discountTotal: eur(5000), total: eur(19998) });
    expect(price.promotions?.applied.map((entry) => entry.explanation)).toEqual(['10 % off: you saved 20.00', 'Spend 200.00, save 30.00: you saved 30.00']);
    expect(consumptionOf(price)).toEqual([{ promotionId: 'KITCHEN10', discount: 2000, units: 0 }, { promotionId: 'SPEND200', discount: 3000, units: 0 }]);
  });

  it('adds a gift line at price 0 and takes a shipping offer off the chosen shipping', () => {
    const tote = promo('TOTE', { type: 'GIFT', sku: 'TOTE', quantity: 1, minSpend: 1000 });
    const freeShipping = promo('SHIP', { type: 'SHIPPING', percent: 100, minSpend: 1000 });
    const goods = priceCart([{ sku: 'TEE-M', quantity: 1 }], catalog, engine([tote, freeShipping]));
    expect(goods.lines[1]).toEqual({ lineIndex: 1, sku: 'TOTE', quantity: 1, unitPrice: eur(0), lineTotal: eur(0), gift: { promotionId: 'TOTE' } });
    expect(withShipping(goods, eur(670))).toMatchObject({ shipping: eur(670), shippingDiscount: eur(670), total: eur(2499) });
  });
});

describe('properties over random carts and promotions', () => {
  // A small deterministic PRNG (mulberry32): the same 300 cases every run.
  let seed = 42;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(random() * max);
  const skus = ['MUG-A', 'MUG-B', 'TEE-M', 'TEE-L', 'CAP'];
  const randomPromotion = (index: number): Promotion => {
    const target: Target = ([ORDER, { kind: 'SKU', ids: [skus[int(5)]!] }, { kind: 'CATEGORY', ids: ['kitchen'] }] as const)[int(3)]!;
    const benefits: Promotion['benefit'][] = [
      { type: 'PERCENT_OFF', percent: 1 + int(100), target },
      { type: 'AMOUNT_OFF', amount: int(20000), target },
      { type: 'THRESHOLD', tiers: [{ spend: 1 + int(20000), off: int(30000) }], repeatable: random() < 0.5, target },
      { type: 'BUY_X_GET_Y', buy: 1 + int(3), get: 1 + int(2), target },
      { type: 'FLASH_PRICE', prices: [{ sku: skus[int(5)]!, price: int(3000) }], perCustomerUnits: int(4) },
    ];
    return promo(`P${index}`, benefits[int(benefits.length)]!, { priority: int(3), exclusive: random() < 0.15, ...(random() < 0.3 ? { group: 'g' } : {}) });
  };

  it('total ≥ 0, total ≤ undiscounted, every line ≥ 0, and the shares add up to the discount total', () => {
    for (let run = 0; run < 300; run++) {
      const lines = skus.filter(() => random() < 0.6).map((sku) => ({ sku, quantity: 1 + int(5) }));
      if (lines.length === 0) continue;
      const catalog = skus.map((sku) => ({ sku, unitPrice: eur(1 + int(5000)) }));
      const placements = new Map(skus.map((sku) => [sku, { productId: `P-${sku}`, categoryId: sku.startsWith('MUG') ? 'kitchen' : 'apparel' }]));
      const promotions = Array.from({ length: 1 + int(6) }, (_, index) => randomPromotion(index));
      const price = priceCart(lines, catalog, promotionEngine(promotions, placements, context()));
      const shares = price.lines.flatMap((line) => line.discountShares ?? []).reduce((sum, share) => sum + share.amount.amount, 0);
      expect(price.total.amount).toBeGreaterThanOrEqual(0);
      expect(price.total.amount).toBeLessThanOrEqual(price.subtotal.amount);
      expect(shares).toBe(price.discountTotal.amount);
      for (const line of price.lines) expect(line.paid?.amount ?? line.lineTotal.amount).toBeGreaterThanOrEqual(0);
      for (const discount of price.discounts) expect(discount.shares!.reduce((sum, share) => sum + share.amount.amount, 0)).toBe(discount.amount.amount);
    }
  });
});
