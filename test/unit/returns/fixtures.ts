/** A delivered order and the facts the return rules read, for the returns' domain tables. */
import type { Order } from '../../../shared/domain/orders/order';
import { priceCart, type Discount, type PromotionRule } from '../../../shared/domain/orders/pricing';
import type { SkuFacts } from '../../../shared/domain/returns/request';

export const DELIVERED_AT = '2030-07-05T12:00:00.000Z';
export const EUR = (amount: number) => ({ amount, currency: 'EUR' });

const rule = (discounts: readonly Discount[]): PromotionRule => ({ promotionId: 'promo', discountsFor: () => discounts });

/** TEE × 2 at 24.99, MUG × 1 at 9.99, shipping 6.70; `discounts` as the promotion grants them. */
export const deliveredOrder = (discounts: readonly Discount[] = [], overrides: Partial<Order> = {}): Order => {
  const price = priceCart([{ sku: 'TEE', quantity: 2 }, { sku: 'MUG', quantity: 1 }], [{ sku: 'TEE', unitPrice: EUR(2499) }, { sku: 'MUG', unitPrice: EUR(999) }], discounts.length ? [rule(discounts)] : [], EUR(670));
  return {
    orderId: '01J0ORDER',
    customerId: 'cust-1',
    status: 'DELIVERED',
    price,
    shippingAddress: { name: 'Ada', line1: 'Invalidenstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
    serviceLevel: 'STANDARD',
    promisedBy: '2030-07-05',
    warehouseId: 'berlin-hub',
    estimatedWeightGrams: 400,
    stockHold: 'SHIPPED',
    payment: { status: 'CAPTURED', method: '•••• 4242', amount: price.total, idempotencyKey: 'payment-01J0ORDER', captureId: 'capt_1' },
    shipments: [],
    timeline: [{ at: '2030-07-03T09:00:00.000Z', status: 'PENDING' }, { at: DELIVERED_AT, status: 'DELIVERED' }],
    createdAt: '2030-07-03T09:00:00.000Z',
    updatedAt: DELIVERED_AT,
    ...overrides,
  };
};

export const SKUS: ReadonlyMap<string, SkuFacts> = new Map([
  ['TEE', { categoryId: 'apparel', productId: 'p-tee', supplierId: 'sup-nordwind' }],
  ['MUG', { categoryId: 'kitchen', productId: 'p-mug', supplierId: 'sup-keramik' }],
]);
