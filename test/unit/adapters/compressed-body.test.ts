import { describe, expect, it } from 'vitest';
import { withBodyExpanded, withCompressedBody } from '../../../shared/adapters/compressed-body';

const timeline = ['PENDING', 'STOCK_RESERVED', 'AWAITING_PACKING', 'PACKED', 'SHIPPED', 'IN_TRANSIT', 'DELIVERED'].map((status, at) => ({
  at: `2030-07-01T1${at}:00:00.000Z`,
  status,
}));
const body = {
  customerId: 'customer-01j0000000000000000000000',
  price: { total: { amount: 27_250, currency: 'EUR' }, lines: [{ sku: 'NW-TEE-NAVY-M', quantity: 2, unitPrice: { amount: 8900, currency: 'EUR' } }] },
  shippingAddress: { name: 'Ada Lovelace', line1: 'Invalidenstraße 116', city: 'Berlin', postalCode: '10115', country: 'DE' },
  timeline,
  outbox: [{ source: 'commerce.orders', detailType: 'OrderDelivered', detail: { orderId: '01J00000000000000000000001', summary: 'Order was delivered.' } }],
};

describe('an item with a compressed body', () => {
  it('keeps the plain attributes as they are and everything else in one binary body that reads back the same', () => {
    const item = withCompressedBody({ pk: 'ORDER#1', sk: 'ORDER', status: 'DELIVERED', version: 9 }, body);
    expect(Object.keys(item).sort()).toEqual(['body', 'pk', 'sk', 'status', 'version']);
    expect(item.body).toBeInstanceOf(Uint8Array);
    expect(withBodyExpanded(item)).toEqual({ pk: 'ORDER#1', sk: 'ORDER', status: 'DELIVERED', version: 9, ...body });
  });

  it('is well under half the JSON it holds for an order-like body', () => {
    const { body: compressed } = withCompressedBody({}, body) as { body: Uint8Array };
    expect(compressed.byteLength).toBeLessThan(Buffer.byteLength(JSON.stringify(body)) / 2);
  });

  it('lets the plain attributes win over a stale copy in the body', () => {
    const item = withCompressedBody({ status: 'DELIVERED' }, { status: 'SHIPPED', note: 'x' });
    expect(withBodyExpanded(item)).toEqual({ status: 'DELIVERED', note: 'x' });
  });

  it('reads an item written before bodies were compressed as it is', () => {
    const legacy = { pk: 'ORDER#1', sk: 'ORDER', status: 'SHIPPED', timeline };
    expect(withBodyExpanded(legacy)).toBe(legacy);
  });
});
