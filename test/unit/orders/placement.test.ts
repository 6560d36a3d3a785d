import { describe, expect, it } from 'vitest';
import { cartWeightGrams, chosenOption, newOrder, orderLines, type NewOrderInput } from '../../../shared/domain/orders/placement';
import { priceCart } from '../../../shared/domain/orders/pricing';
import type { ShippingOption, ShippingQuote } from '../../../shared/domain/orders/shipping-options';
import { DomainError } from '../../../shared/domain/errors';

const weights = new Map([
  ['TEE-M', { weightGrams: 180 }],
  ['MUG-2PK', { weightGrams: 950 }],
]);

const standard: ShippingOption = {
  serviceLevel: 'STANDARD',
  price: { amount: 550, currency: 'EUR' },
  etaDate: '2030-07-04',
  carrierId: 'rheinpost',
  carrierName: 'RheinPost Parcel',
  warehouseId: 'wh-berlin',
  transitBusinessDays: 2,
};
const express: ShippingOption = { ...standard, serviceLevel: 'EXPRESS', price: { amount: 1080, currency: 'EUR' }, etaDate: '2030-07-03', transitBusinessDays: 1 };

const quote = (overrides: Partial<ShippingQuote> = {}): ShippingQuote => ({
  region: 'DE',
  options: [standard, express],
  unavailable: [{ serviceLevel: 'SAME_DAY', reason: 'NO_WAREHOUSE_IN_CITY' }],
  ...overrides,
});

const refusalOf = (run: () => unknown): DomainError => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

describe('cartWeightGrams', () => {
  it("adds every unit's weight: 3 × 180 g + 2 × 950 g = 2440 g", () => {
    expect(
      cartWeightGrams(
        [
          { sku: 'TEE-M', quantity: 3 },
          { sku: 'MUG-2PK', quantity: 2 },
        ],
        weights,
      ),
    ).toBe(2440);
  });

  it('takes the pack weight as the SKU states it (no multiplying by pack size)', () => {
    expect(cartWeightGrams([{ sku: 'MUG-2PK', quantity: 1 }], weights)).toBe(950);
  });

  it('counts a SKU it does not know as weightless, and an empty cart as 0 g', () => {
    expect(cartWeightGrams([{ sku: 'GHOST', quantity: 5 }, { sku: 'TEE-M', quantity: 1 }], weights)).toBe(180);
    expect(cartWeightGrams([], weights)).toBe(0);
  });
});

describe('chosenOption', () => {
  it('returns the quoted option at the chosen level', () => {
    expect(chosenOption(quote(), 'EXPRESS')).toBe(express);
    expect(chosenOption(quote(), 'STANDARD')).toBe(standard);
  });

  it('refuses a level the quote could not offer with 422 ServiceLevelUnavailable, saying why', () => {
    const error = refusalOf(() => chosenOption(quote(), 'SAME_DAY'));
    expect(error.kind).toBe('unprocessable');
    expect(error.code).toBe('ServiceLevelUnavailable');
    expect(error.message).toContain('SAME_DAY');
    expect(error.message).toContain('NO_WAREHOUSE_IN_CITY');
    expect(error.fieldErrors).toEqual([{ field: 'serviceLevel', message: 'NO_WAREHOUSE_IN_CITY' }]);
  });

  it('gives the reason of the level asked for, not of another unavailable one', () => {
    const error = refusalOf(() =>
      chosenOption(
        quote({
          options: [standard],
          unavailable: [
            { serviceLevel: 'SAME_DAY', reason: 'PAST_CUTOFF' },
            { serviceLevel: 'EXPRESS', reason: 'NO_CARRIER' },
          ],
        }),
        'SAME_DAY',
      ),
    );
    expect(error.fieldErrors).toEqual([{ field: 'serviceLevel', message: 'PAST_CUTOFF' }]);
  });

  it('falls back to NO_CARRIER when the quote neither offers nor explains the level', () => {
    const error = refusalOf(() => chosenOption(quote({ options: [standard], unavailable: [] }), 'EXPRESS'));
    expect(error.code).toBe('ServiceLevelUnavailable');
    expect(error.fieldErrors).toEqual([{ field: 'serviceLevel', message: 'NO_CARRIER' }]);
  });
});

describe('newOrder', () => {
  const NOW = new Date('2030-07-02T08:00:00.000Z');
  const price = priceCart(
    [
      { sku: 'TEE-M', quantity: 3 },
      { sku: 'MUG-2PK', quantity: 1 },
    ],
    [
      { sku: 'TEE-M', unitPrice: { amount: 2499, currency: 'EUR' } },
      { sku: 'MUG-2PK', unitPrice: { amount: 1800, currency: 'EUR' } },
    ],
    [],
    standard.price,
  );
  const input = (overrides: Partial<NewOrderInput> = {}): NewOrderInput => ({
    orderId: '01J0000000000000000000000R',
    customerId: 'customer-ada',
    price,
    shippingAddress: { name: 'Ada Lovelace', line1: 'Invalidenstraße 116', city: 'Berlin', postalCode: '10115', country: 'DE' },
    option: standard,
    paymentMethod: 'tok_approve',
    weightGrams: 1490,
    now: NOW,
    ...overrides,
  });

  it('starts PENDING with nothing reserved, nothing charged, and one timeline entry', () => {
    const order = newOrder(input());
    expect(order).toMatchObject({
      orderId: '01J0000000000000000000000R',
      customerId: 'customer-ada',
      status: 'PENDING',
      stockHold: 'NONE',
      shipments: [],
      timeline: [{ at: NOW.toISOString(), status: 'PENDING', note: 'Order placed' }],
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });
    expect(order).not.toHaveProperty('carrierId');
    expect(order).not.toHaveProperty('packed');
  });

  it('keeps the server price as given: 3 × 2499 + 1800 + 550 shipping = 9847', () => {
    const order = newOrder(input());
    expect(order.price).toBe(price);
    expect(order.price.total).toEqual({ amount: 9847, currency: 'EUR' });
  });

  it('masks the payment method, charges the total, and keys every payment call as payment-<orderId>', () => {
    const order = newOrder(input());
    expect(order.payment).toEqual({
      status: 'PENDING',
      method: '•••• 4242',
      amount: { amount: 9847, currency: 'EUR' },
      idempotencyKey: 'payment-01J0000000000000000000000R',
    });
    expect(JSON.stringify(order)).not.toContain('4242 4242 4242 4242');
    expect(newOrder(input({ orderId: '01J0000000000000000000000S' })).payment.idempotencyKey).toBe('payment-01J0000000000000000000000S');
  });

  it("promises the chosen option's ETA from its warehouse, at its level, and keeps the goods' weight", () => {
    const order = newOrder(input({ option: express, weightGrams: 2440 }));
    expect(order).toMatchObject({ serviceLevel: 'EXPRESS', promisedBy: '2030-07-03', warehouseId: 'wh-berlin', estimatedWeightGrams: 2440 });
  });

  it('gives back its lines as the stock movements need them', () => {
    expect(orderLines(newOrder(input()))).toEqual([
      { sku: 'TEE-M', quantity: 3 },
      { sku: 'MUG-2PK', quantity: 1 },
    ]);
  });
});
