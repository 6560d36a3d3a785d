/** Money in integer minor units (cents) with its ISO 4217 currency: `{ amount: 1999, currency: 'EUR' }` is 19.99 EUR. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/** `a` minus `b` as a fraction of `a` (0.25 = 25 % lower); 0 when `a` is 0. Same currency assumed. */
export const relativeDrop = (from: Money, to: Money): number => (from.amount === 0 ? 0 : (from.amount - to.amount) / from.amount);

/** The lowest price that keeps `minimumMarginPercent` over `cost`, rounded up to the minor unit. */
export const minimumPriceFor = (cost: Money, minimumMarginPercent: number): Money => ({
  amount: Math.ceil(cost.amount * (1 + minimumMarginPercent / 100) - 1e-9),
  currency: cost.currency,
});

export const formatMoney = (money: Money): string => `${(money.amount / 100).toFixed(2)} ${money.currency}`;
