import { describe, expect, it } from 'vitest';
import { DEMO_CARRIERS, DEMO_WAREHOUSES } from '../../../infra/local/seed-shipping';
import { placeOrder, quoteCart, type Catalogue } from '../../../shared/domain/orders/checkout';
import { withShipping, priceCart } from '../../../shared/domain/orders/pricing';
import { goodSkus } from '../catalog/fixtures';

/** Wednesday 3 July 2030, 09:00 UTC: a business morning in Berlin. */
const NOW = new Date('2030-07-03T09:00:00.000Z');
const skus = goodSkus();
const catalogue: Catalogue = { skus: new Map(skus.map((sku) => [sku.sku, sku])), promotions: [], carriers: DEMO_CARRIERS, warehouses: DEMO_WAREHOUSES };
const lines = [{ sku: skus[0]!.sku, quantity: 2 }];
const BERLIN = { name: 'Ada Lovelace', line1: 'Invalidenstraße 116', city: 'Berlin', postalCode: '10115', country: 'DE' } as const;

describe('quoteCart', () => {
  it('prices the goods without shipping and offers the options to the destination', () => {
    const { goods, shipping } = quoteCart(lines, BERLIN, catalogue, NOW);
    expect(goods).toEqual(priceCart(lines, skus, []));
    expect(goods.shipping.amount).toBe(0);
    expect(shipping.options.map((option) => option.serviceLevel)).toContain('STANDARD');
  });

  it('never offers a carrier priced in another currency than the cart', () => {
    const dollars = { ...DEMO_CARRIERS[0]!, id: 'dollar-post', currency: 'USD' };
    const { shipping } = quoteCart(lines, BERLIN, { ...catalogue, carriers: [...DEMO_CARRIERS, dollars] }, NOW);
    expect(JSON.stringify(shipping)).not.toContain('dollar-post');
  });
});

describe('placeOrder', () => {
  it('places a PENDING order at the quoted goods plus the chosen option, with OrderPlaced', () => {
    const input = { orderId: '01J0ORDER', customerId: 'cust-1', lines, shippingAddress: BERLIN, serviceLevel: 'STANDARD' as const, paymentMethod: 'tok_approve', correlationId: 'corr-1', now: NOW };
    const { order, event } = placeOrder(input, catalogue);
    const { goods, shipping } = quoteCart(lines, BERLIN, catalogue, NOW);
    const standard = shipping.options.find((option) => option.serviceLevel === 'STANDARD')!;
    expect(order).toMatchObject({ orderId: '01J0ORDER', status: 'PENDING', promisedBy: standard.etaDate, warehouseId: standard.warehouseId });
    expect(order.price).toEqual(withShipping(goods, standard.price));
    expect(order.price.total.amount).toBe(goods.total.amount + standard.price.amount);
    expect(order.payment.amount).toEqual(order.price.total);
    expect(event).toMatchObject({ detailType: 'OrderPlaced', detail: { orderId: '01J0ORDER', correlationId: 'corr-1', total: order.price.total } });
  });

  it('refuses a service level the quote cannot offer (422 ServiceLevelUnavailable)', () => {
    const hamburg = { ...BERLIN, city: 'Hamburg', postalCode: '20095' };
    const input = { orderId: '01J0ORDER', customerId: 'cust-1', lines, shippingAddress: hamburg, serviceLevel: 'SAME_DAY' as const, paymentMethod: 'tok_approve', correlationId: 'corr-1', now: NOW };
    expect(() => placeOrder(input, catalogue)).toThrow(expect.objectContaining({ code: 'ServiceLevelUnavailable' }));
  });
});

describe('withShipping', () => {
  it('adds shipping to priced goods exactly as pricing the cart with it does', () => {
    const shipping = { amount: 670, currency: 'EUR' };
    expect(withShipping(priceCart(lines, skus, []), shipping)).toEqual(priceCart(lines, skus, [], shipping));
  });

  it('refuses shipping in another currency (422 MixedCurrencies)', () => {
    expect(() => withShipping(priceCart(lines, skus, []), { amount: 670, currency: 'USD' })).toThrow(expect.objectContaining({ code: 'MixedCurrencies' }));
  });
});
