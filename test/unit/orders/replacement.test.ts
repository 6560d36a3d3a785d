/**
 * An exchange's replacement order (shared/domain/orders/replacement.ts): priced and shipped as any cart, nothing
 * owed, through the same checkout writes, accepted without a payment provider (its payment settled at 0).
 */
import { describe, expect, it } from 'vitest';
import { DEMO_CARRIERS, DEMO_WAREHOUSES } from '../../../infra/local/seed-shipping';
import { openCheckout, type Catalogue } from '../../../shared/domain/orders/checkout';
import { voidOwed } from '../../../shared/domain/orders/attention';
import { acceptNoChargeOrder, replacementOrder, withoutAuthorization } from '../../../shared/domain/orders/replacement';
import { goodSkus } from '../catalog/fixtures';

const NOW = new Date('2030-07-03T09:00:00.000Z');
const skus = goodSkus();
const catalogue: Catalogue = { skus: new Map(skus.map((sku) => [sku.sku, sku])), promotions: [], carriers: DEMO_CARRIERS, warehouses: DEMO_WAREHOUSES };
const BERLIN = { name: 'Ada Lovelace', line1: 'Invalidenstraße 116', city: 'Berlin', postalCode: '10115', country: 'DE' } as const;
const original = { orderId: '01J0ORIGINAL00000000000000', customerId: 'cust-1', shippingAddress: BERLIN, serviceLevel: 'EXPRESS' as const };
const draft = (serviceLevel: 'EXPRESS' | 'SAME_DAY' = 'EXPRESS') =>
  replacementOrder({ orderId: '01J0REPLACEMENT0000000000X', returnId: '01J0RETURN', original: { ...original, serviceLevel }, lines: [{ sku: skus[1]!.sku, quantity: 2 }], now: NOW }, catalogue);

describe('replacementOrder', () => {
  it('prices the goods and the shipping as any order, then takes all of it off in the return\'s name: total 0', () => {
    const order = draft();
    const unit = skus[1]!.unitPrice.amount;
    expect(order).toMatchObject({
      orderId: '01J0REPLACEMENT0000000000X',
      customerId: 'cust-1',
      status: 'PENDING',
      serviceLevel: 'EXPRESS',
      replacementFor: { returnId: '01J0RETURN', orderId: original.orderId },
      payment: { status: 'PENDING', amount: { amount: 0, currency: 'EUR' }, method: 'no charge (exchange)', idempotencyKey: 'payment-01J0REPLACEMENT0000000000X' },
    });
    expect(order.price.subtotal.amount).toBe(2 * unit);
    expect(order.price.discounts).toEqual([expect.objectContaining({ promotionId: 'exchange-01J0RETURN', description: 'Exchange for return 01J0RETURN', amount: order.price.subtotal })]);
    expect(order.price.shipping.amount).toBeGreaterThan(0);
    expect(order.price.shippingDiscount).toEqual(order.price.shipping);
    expect(order.price.lines[0]).toMatchObject({ quantity: 2, paid: { amount: 0 } });
    expect(order.price.total).toEqual({ amount: 0, currency: 'EUR' });
    expect(order.timeline[0]!.note).toContain('Replacement for return 01J0RETURN');
  });

  it('ships at STANDARD when the original\'s level is not offered now (same day to a city without a warehouse)', () => {
    const munich = { ...BERLIN, city: 'München', postalCode: '80331' };
    const order = replacementOrder({ orderId: '01J0REPLACEMENT0000000000X', returnId: '01J0RETURN', original: { ...original, shippingAddress: munich, serviceLevel: 'SAME_DAY' }, lines: [{ sku: skus[1]!.sku, quantity: 1 }], now: NOW }, catalogue);
    expect(order.serviceLevel).toBe('STANDARD');
    expect(draft('SAME_DAY').serviceLevel).toBe('SAME_DAY');
  });
});

describe('the replacement through the checkout', () => {
  const opened = withoutAuthorization(openCheckout(draft(), DEMO_CARRIERS, NOW));

  it('reserves its lines with the carrier the quote chose, and never asks a provider: no void is ever owed', () => {
    expect(opened.next).toMatchObject({ status: 'STOCK_RESERVED', stockHold: 'RESERVED', carrierId: expect.any(String) });
    expect(opened.next!.payment.authorizationRequestedAt).toBeUndefined();
    expect(voidOwed(opened.next!.payment)).toBe(false);
    expect(opened.stock).toMatchObject({ movement: 'reserve', lines: [{ sku: skus[1]!.sku, quantity: 2 }] });
  });

  it('is accepted with its payment of 0 settled and OrderPlaced (which starts the order workflow); accepting again changes nothing', () => {
    const { next, events } = acceptNoChargeOrder(opened.next!, NOW, 'corr-1');
    expect(next).toMatchObject({ status: 'AWAITING_PACKING', payment: { status: 'CAPTURED', amount: { amount: 0 }, capturedAt: NOW.toISOString() } });
    expect(next!.timeline.map((entry) => entry.status)).toEqual(['PENDING', 'STOCK_RESERVED', 'PAYMENT_AUTHORIZED', 'CARRIER_ALLOCATED', 'AWAITING_PACKING']);
    expect(events?.map((event) => event.detailType)).toEqual(['OrderPlaced']);
    expect(voidOwed(next!.payment)).toBe(false);
    expect(acceptNoChargeOrder(next!, NOW, 'corr-1')).toEqual({});
  });

  it('an order that owes something is never accepted this way', () => {
    const owing = { ...opened.next!, payment: { ...opened.next!.payment, amount: { amount: 100, currency: 'EUR' } } };
    expect(acceptNoChargeOrder(owing, NOW, 'corr-1')).toEqual({});
  });
});
