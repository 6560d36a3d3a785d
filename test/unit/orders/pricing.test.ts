import { describe, expect, it } from 'vitest';
import {
  discountsFor,
  MAX_CART_LINES,
  priceCart,
  type CartLine,
  type CatalogPrice,
  type PromotionRule,
} from '../../../shared/domain/orders/pricing';
import { DomainError } from '../../../shared/domain/errors';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const CATALOG: readonly CatalogPrice[] = [
  { sku: 'MUG-BLUE', unitPrice: eur(1299) },
  { sku: 'TEE-M', unitPrice: eur(2499) },
  { sku: 'CAP-US', unitPrice: { amount: 1500, currency: 'USD' } },
];

/** The DomainError `fn` throws, for asserting its kind, code and field errors together. */
const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
};

const fields = (lines: readonly CartLine[]) => refusal(() => priceCart(lines, CATALOG, [])).fieldErrors.map((e) => e.field);

describe('priceCart', () => {
  it('prices lines from the catalogue, with no discounts while there are no promotions', () => {
    // 2 × 12.99 = 25.98; 1 × 24.99 = 24.99; subtotal 50.97; + shipping 6.70 = 57.67
    expect(priceCart([{ sku: 'MUG-BLUE', quantity: 2 }, { sku: 'TEE-M', quantity: 1 }], CATALOG, [], eur(670))).toEqual({
      currency: 'EUR',
      lines: [
        { lineIndex: 0, sku: 'MUG-BLUE', quantity: 2, unitPrice: eur(1299), lineTotal: eur(2598) },
        { lineIndex: 1, sku: 'TEE-M', quantity: 1, unitPrice: eur(2499), lineTotal: eur(2499) },
      ],
      subtotal: eur(5097),
      discounts: [],
      discountTotal: eur(0),
      shipping: eur(670),
      total: eur(5767),
    });
  });

  it('charges no shipping until a shipping option is chosen', () => {
    expect(priceCart([{ sku: 'TEE-M', quantity: 3 }], CATALOG, [])).toMatchObject({ shipping: eur(0), total: eur(7497) });
  });

  it.each([1, 10_000])('accepts a quantity of %i', (quantity) => {
    expect(priceCart([{ sku: 'MUG-BLUE', quantity }], CATALOG, []).subtotal).toEqual(eur(1299 * quantity));
  });

  it.each([0, -1, 10_001, 1.5, Number.NaN])('refuses a quantity of %s on the line it is on', (quantity) => {
    const error = refusal(() => priceCart([{ sku: 'MUG-BLUE', quantity: 1 }, { sku: 'TEE-M', quantity }], CATALOG, []));
    expect(error).toMatchObject({ kind: 'validation', code: 'ValidationFailed' });
    expect(error.fieldErrors).toEqual([{ field: 'lines.1.quantity', message: 'must be a whole number from 1 to 10000' }]);
  });

  it('refuses an unknown SKU, naming the line', () => {
    expect(refusal(() => priceCart([{ sku: 'TEE-M', quantity: 1 }, { sku: 'NOPE', quantity: 1 }], CATALOG, [])).fieldErrors).toEqual([
      { field: 'lines.1.sku', message: 'SKU NOPE is not for sale' },
    ]);
  });

  it('reports every problem of the cart at once', () => {
    expect(fields([{ sku: 'NOPE', quantity: 0 }, { sku: 'TEE-M', quantity: 1 }, { sku: 'GONE', quantity: 2 }])).toEqual([
      'lines.0.quantity',
      'lines.0.sku',
      'lines.2.sku',
    ]);
  });

  it('refuses a SKU on two lines, so the reservation touches each stock item once', () => {
    const error = refusal(() => priceCart([{ sku: 'TEE-M', quantity: 1 }, { sku: 'MUG-BLUE', quantity: 1 }, { sku: 'TEE-M', quantity: 2 }], CATALOG, []));
    expect(error.fieldErrors).toEqual([{ field: 'lines.2.sku', message: 'SKU TEE-M is already on line 0' }]);
  });

  it.each([
    ['no lines', 0],
    ['more lines than one reservation transaction holds', MAX_CART_LINES + 1],
  ])('refuses a cart with %s', (_case, count) => {
    const lines = Array.from({ length: count }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1 }));
    const catalog = lines.map((line) => ({ sku: line.sku, unitPrice: eur(100) }));
    expect(refusal(() => priceCart(lines, catalog, [])).fieldErrors.map((e) => e.field)).toEqual(['lines']);
  });

  it('refuses lines priced in different currencies with a 422 naming the odd line', () => {
    const error = refusal(() => priceCart([{ sku: 'MUG-BLUE', quantity: 1 }, { sku: 'CAP-US', quantity: 1 }], CATALOG, []));
    expect(error).toMatchObject({ kind: 'unprocessable', code: 'MixedCurrencies' });
    expect(error.fieldErrors).toEqual([{ field: 'lines.1.sku', message: 'priced in USD, the cart is in EUR' }]);
  });

  it('refuses shipping in another currency than the cart', () => {
    const error = refusal(() => priceCart([{ sku: 'CAP-US', quantity: 1 }], CATALOG, [], eur(670)));
    expect(error).toMatchObject({ code: 'MixedCurrencies', fieldErrors: [{ field: 'shipping', message: 'priced in EUR, the cart is in USD' }] });
  });
});

describe('promotions step', () => {
  const tenPercentOffMugs: PromotionRule = {
    promotionId: 'PROMO-MUGS',
    discountsFor: (lines) =>
      lines
        .filter((line) => line.sku.startsWith('MUG'))
        .map((line) => ({
          promotionId: 'PROMO-MUGS',
          description: '10 % off mugs',
          amount: { amount: Math.round(line.lineTotal.amount / 10), currency: line.lineTotal.currency },
          lineIndexes: [line.lineIndex],
        })),
  };

  it('grants no discounts when no promotion is given', () => {
    const { lines } = priceCart([{ sku: 'MUG-BLUE', quantity: 2 }], CATALOG, []);
    expect(discountsFor(lines, [])).toEqual([]);
  });

  it('takes a plugged-in rule’s discounts off the subtotal, not off shipping', () => {
    // mugs 2 × 12.99 = 25.98, 10 % = 2.60; tee 24.99; subtotal 50.97 − 2.60 + shipping 6.70 = 55.07
    const price = priceCart([{ sku: 'MUG-BLUE', quantity: 2 }, { sku: 'TEE-M', quantity: 1 }], CATALOG, [tenPercentOffMugs], eur(670));
    expect(price.discounts).toEqual([{ promotionId: 'PROMO-MUGS', description: '10 % off mugs', amount: eur(260), lineIndexes: [0] }]);
    expect(price).toMatchObject({ subtotal: eur(5097), discountTotal: eur(260), total: eur(5507) });
  });

  it('never discounts more than the goods cost', () => {
    const everything: PromotionRule = {
      promotionId: 'PROMO-HUGE',
      discountsFor: () => [{ promotionId: 'PROMO-HUGE', description: 'too generous', amount: eur(99_999), lineIndexes: [] }],
    };
    expect(priceCart([{ sku: 'TEE-M', quantity: 1 }], CATALOG, [everything], eur(670))).toMatchObject({ discountTotal: eur(2499), total: eur(670) });
  });

  it('rejects a rule that discounts in another currency: a bug in the rule, not the customer’s input', () => {
    const dollars: PromotionRule = {
      promotionId: 'PROMO-USD',
      discountsFor: () => [{ promotionId: 'PROMO-USD', description: '$1 off', amount: { amount: 100, currency: 'USD' }, lineIndexes: [] }],
    };
    expect(() => priceCart([{ sku: 'TEE-M', quantity: 1 }], CATALOG, [dollars])).toThrow('Promotion PROMO-USD discounts in USD, the cart is in EUR');
  });
});
