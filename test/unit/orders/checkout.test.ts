import { describe, expect, it } from 'vitest';
import { DEMO_CARRIERS, DEMO_WAREHOUSES } from '../../../infra/local/seed-shipping';
import { checkoutRefusal, completeCheckout, openCheckout, placeOrder, quoteCart, type Catalogue } from '../../../shared/domain/orders/checkout';
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

const placing = { orderId: '01J0ORDER', customerId: 'cust-1', lines, shippingAddress: BERLIN, serviceLevel: 'STANDARD' as const, paymentMethod: 'tok_approve', correlationId: 'corr-1', now: NOW };

describe('placeOrder', () => {
  it('places a PENDING order at the quoted goods plus the chosen option, its carrier the quote\'s', () => {
    const order = placeOrder(placing, catalogue);
    const { goods, shipping } = quoteCart(lines, BERLIN, catalogue, NOW);
    const standard = shipping.options.find((option) => option.serviceLevel === 'STANDARD')!;
    expect(order).toMatchObject({ orderId: '01J0ORDER', status: 'PENDING', promisedBy: standard.etaDate, warehouseId: standard.warehouseId });
    expect(order.price).toEqual(withShipping(goods, standard.price));
    expect(order.price.total.amount).toBe(goods.total.amount + standard.price.amount);
    expect(order.payment.amount).toEqual(order.price.total);
    expect(order.quotedCarrierId).toBe(standard.carrierId);
    // Wednesday 09:00 UTC in Berlin + 6 h handling: it leaves the same day, and the carrier's days count from there.
    expect(order.shipBy).toBe('2030-07-03');
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

describe('the checkout (inside POST /orders)', () => {
  const LATER = new Date(NOW.getTime() + 1_000);
  const placed = placeOrder(placing, catalogue);
  const opened = openCheckout(placed, DEMO_CARRIERS, NOW).next!;
  const statuses = (order: { timeline: readonly { status: string }[] }) => order.timeline.map((entry) => entry.status);

  it('opens it holding every line, with the quoted carrier and the authorization recorded as asked', () => {
    const decision = openCheckout(placed, DEMO_CARRIERS, NOW);
    expect(decision.next).toMatchObject({ status: 'STOCK_RESERVED', stockHold: 'RESERVED', carrierId: placed.quotedCarrierId, payment: { status: 'PENDING', authorizationRequestedAt: NOW.toISOString() } });
    expect(decision.stock).toEqual({ movement: 'reserve', warehouseId: placed.warehouseId, lines });
    expect(decision.events ?? []).toEqual([]);
  });

  it('refuses an order no carrier takes now (409 NoCarrierAvailable), before anything is written', () => {
    const elsewhere = DEMO_CARRIERS.filter((carrier) => carrier.id !== placed.quotedCarrierId);
    expect(() => openCheckout(placed, elsewhere, NOW)).toThrow(expect.objectContaining({ code: 'NoCarrierAvailable', kind: 'conflict' }));
  });

  it('accepts an authorized order: AWAITING_PACKING through the checkout\'s statuses, with OrderPlaced', () => {
    const decision = completeCheckout(opened, { outcome: 'AUTHORIZED', authorizationId: 'auth_1', authorizedAt: LATER.toISOString() }, LATER, 'corr-1');
    expect(decision.next).toMatchObject({ status: 'AWAITING_PACKING', stockHold: 'RESERVED', payment: { status: 'AUTHORIZED', authorizationId: 'auth_1' } });
    expect(statuses(decision.next!)).toEqual(['PENDING', 'STOCK_RESERVED', 'PAYMENT_AUTHORIZED', 'CARRIER_ALLOCATED', 'AWAITING_PACKING']);
    expect(decision.events).toMatchObject([{ detailType: 'OrderPlaced', detail: { orderId: '01J0ORDER', correlationId: 'corr-1', total: placed.price.total } }]);
    expect(decision.stock).toBeUndefined();
    expect(checkoutRefusal(decision.next!)).toBeUndefined();
  });

  it('rejects a declined payment in the same write that gives the stock back, and answers 402 PaymentDeclined', () => {
    const decision = completeCheckout(opened, { outcome: 'DECLINED', reason: 'INSUFFICIENT_FUNDS' }, LATER, 'corr-1');
    expect(decision.next).toMatchObject({ status: 'REJECTED', stockHold: 'RELEASED', payment: { status: 'DECLINED', declineReason: 'INSUFFICIENT_FUNDS' } });
    expect(decision.next!.timeline.at(-1)).toMatchObject({ status: 'REJECTED', reason: 'INSUFFICIENT_FUNDS', note: 'the payment was declined' });
    expect(decision.stock).toEqual({ movement: 'release', warehouseId: placed.warehouseId, lines });
    expect(decision.events).toMatchObject([{ detailType: 'OrderRejected', detail: { reason: 'INSUFFICIENT_FUNDS' } }]);
    expect(checkoutRefusal(decision.next!)).toMatchObject({ kind: 'payment-required', code: 'PaymentDeclined', extensions: { orderId: '01J0ORDER', declineReason: 'INSUFFICIENT_FUNDS' } });
  });

  it('rejects an order whose provider never answered, voided by its key, and answers 503 PaymentUnavailable', () => {
    const decision = completeCheckout(opened, { outcome: 'UNAVAILABLE', voidedAt: LATER.toISOString() }, LATER, 'corr-1');
    expect(decision.next).toMatchObject({ status: 'REJECTED', stockHold: 'RELEASED', payment: { status: 'VOIDED', voidedAt: LATER.toISOString() } });
    expect(decision.events).toMatchObject([{ detailType: 'OrderRejected', detail: { reason: 'PAYMENT_UNAVAILABLE' } }]);
    expect(checkoutRefusal(decision.next!)).toMatchObject({ kind: 'unavailable', code: 'PaymentUnavailable' });
  });

  it('decides nothing for an order settled already: a retry or a racing request of the same key', () => {
    const accepted = completeCheckout(opened, { outcome: 'AUTHORIZED', authorizationId: 'auth_1', authorizedAt: LATER.toISOString() }, LATER, 'corr-1').next!;
    expect(completeCheckout(accepted, { outcome: 'DECLINED', reason: 'CARD_DECLINED' }, LATER, 'corr-1')).toEqual({});
    expect(completeCheckout({ ...opened, status: 'NEEDS_ATTENTION' }, { outcome: 'DECLINED', reason: 'CARD_DECLINED' }, LATER, 'corr-1')).toEqual({});
  });

  it('answers an accepted order as accepted whatever became of it since, and an open or parked one as not taken (503)', () => {
    const accepted = completeCheckout(opened, { outcome: 'AUTHORIZED', authorizationId: 'auth_1', authorizedAt: LATER.toISOString() }, LATER, 'corr-1').next!;
    expect(checkoutRefusal({ ...accepted, status: 'CANCELLED' })).toBeUndefined();
    expect(checkoutRefusal(opened)).toMatchObject({ kind: 'unavailable', code: 'CheckoutInProgress' });
    expect(checkoutRefusal({ ...opened, status: 'NEEDS_ATTENTION' })).toMatchObject({ kind: 'unavailable', code: 'CheckoutNotCompleted' });
  });
});
