import { describe, expect, it } from 'vitest';
import { allocate, computeRefund, paidPerLine, refundForUnits } from '../../../shared/domain/returns/refund';
import { DEFAULT_RETURN_RULES } from '../../../shared/domain/returns/rules';
import { deliveredOrder, EUR } from './fixtures';

const TEN_OFF_CART = { promotionId: 'cart10', description: '10.00 off', amount: EUR(1000), lineIndexes: [] };
const FIVE_OFF_TEES = { promotionId: 'tee5', description: '5.00 off tees', amount: EUR(500), lineIndexes: [0] };

describe('allocate', () => {
  it.each([
    [1000, [4998, 999], [833, 167]],
    [100, [1, 1, 1], [34, 33, 33]],
    [7, [0, 0], [4, 3]],
    [0, [5, 5], [0, 0]],
  ])('splits %i over %j as %j, adding up', (amount, weights, parts) => {
    expect(allocate(amount, weights)).toEqual(parts);
    expect(allocate(amount, weights).reduce((a, b) => a + b, 0)).toBe(amount);
  });
});

describe('paidPerLine (the seam to pricing)', () => {
  it.each([
    ['no promotion', [], [4998, 999]],
    ['10.00 off the cart, shared by line total', [TEN_OFF_CART], [4165, 832]],
    ['5.00 off the tees only', [FIVE_OFF_TEES], [4498, 999]],
    ['both', [TEN_OFF_CART, FIVE_OFF_TEES], [3665, 832]],
  ])('%s', (_, discounts, paid) => {
    expect(paidPerLine(deliveredOrder(discounts).price)).toEqual(paid);
  });
});

describe('paidPerLine on an order the promotions engine priced', () => {
  it("reads each line's paid (its shares of every promotion); a line without a share paid its total", () => {
    const { price } = deliveredOrder([TEN_OFF_CART]);
    const priced = { ...price, lines: [{ ...price.lines[0]!, paid: EUR(3900) }, price.lines[1]!] };
    // Not the 4165 / 832 the sharing by line total would give.
    expect(paidPerLine(priced)).toEqual([3900, 999]);
  });

  it('refunds the shipping the customer paid, after a shipping offer, when the seller is at fault and the whole order is back', () => {
    const { price } = deliveredOrder();
    const refund = computeRefund({
      price: { ...price, shippingDiscount: EUR(200) },
      arrived: [{ lineIndex: 0, units: 2 }, { lineIndex: 1, units: 1 }],
      refundedUnits: {},
      reason: 'WRONG_ITEM',
      rules: DEFAULT_RETURN_RULES,
      captured: price.total.amount - 200,
      alreadyRefunded: 0,
      shippingRefunded: false,
    });
    expect(refund.shipping).toEqual(EUR(price.shipping.amount - 200));
  });
});

describe('refundForUnits: partial refunds add up to what the line paid', () => {
  it.each([
    [4165, 2, [1, 1]],
    [1000, 3, [1, 1, 1]],
    [1000, 3, [2, 1]],
    [999, 7, [3, 3, 1]],
  ])('paid %i for %i units, refunded in parts %j', (paid, quantity, parts) => {
    let before = 0;
    const amounts = parts.map((units) => {
      const amount = refundForUnits(paid, quantity, before, units);
      before += units;
      return amount;
    });
    expect(amounts.reduce((a, b) => a + b, 0)).toBe(paid);
  });
});

describe('computeRefund', () => {
  const base = (overrides: Partial<Parameters<typeof computeRefund>[0]> = {}) => {
    const order = deliveredOrder([TEN_OFF_CART]);
    return computeRefund({ price: order.price, arrived: [{ lineIndex: 0, units: 1 }], refundedUnits: {}, reason: 'DEFECTIVE', rules: DEFAULT_RETURN_RULES, captured: order.price.total.amount, alreadyRefunded: 0, shippingRefunded: false, ...overrides });
  };

  it.each([
    // reason, arrived, refunded units, already refunded, goods, shipping, deduction, total, capped
    ['one defective tee of two: half of what the tees paid, no shipping', 'DEFECTIVE', [{ lineIndex: 0, units: 1 }], {}, 0, 2082, 0, 0, 2082, false],
    ['the second tee later: the other half (adds up to 41.65)', 'DEFECTIVE', [{ lineIndex: 0, units: 1 }], { TEE: 1 }, 2082, 2083, 0, 0, 2083, false],
    ['the whole order, seller at fault: shipping back too', 'WRONG_ITEM', [{ lineIndex: 0, units: 2 }, { lineIndex: 1, units: 1 }], {}, 0, 4997, 670, 0, 5667, false],
    ['the whole order, changed mind: no shipping, the way back deducted', 'CHANGED_MIND', [{ lineIndex: 0, units: 2 }, { lineIndex: 1, units: 1 }], {}, 0, 4997, 0, 495, 4502, false],
    ['the last unit completing the order through earlier returns: shipping back', 'DEFECTIVE', [{ lineIndex: 1, units: 1 }], { TEE: 2 }, 4165, 832, 670, 0, 1502, false],
    ['nothing arrived: nothing owed', 'DEFECTIVE', [{ lineIndex: 0, units: 0 }], {}, 0, 0, 0, 0, 0, false],
    ['never more than is left of the capture', 'DEFECTIVE', [{ lineIndex: 0, units: 1 }], {}, 5000, 2082, 0, 0, 667, true],
  ] as const)('%s', (_, reason, arrived, refundedUnits, alreadyRefunded, goods, shipping, deduction, total, capped) => {
    const refund = base({ reason, arrived, refundedUnits, alreadyRefunded });
    expect(refund).toMatchObject({ goods: EUR(goods), shipping: EUR(shipping), deduction: EUR(deduction), total: EUR(total), capped });
  });

  it('a changed-mind deduction never takes the refund below zero', () => {
    const order = deliveredOrder();
    const refund = computeRefund({ price: order.price, arrived: [{ lineIndex: 1, units: 1 }], refundedUnits: {}, reason: 'CHANGED_MIND', rules: { changedMindReturnShipping: 5000 }, captured: order.price.total.amount, alreadyRefunded: 0, shippingRefunded: false });
    expect(refund.total).toEqual(EUR(0));
  });
});
