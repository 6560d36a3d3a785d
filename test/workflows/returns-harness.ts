/** What the returns tests share: an order of one stocked SKU, placed, packed, shipped and delivered (signed carrier webhook). */
import type { OrderHarness } from './order-harness';

export async function deliveredOrder(orders: OrderHarness, quantity: number, token: string, card?: string) {
  const sku = await orders.stockedSku(quantity + 2);
  const orderId = await orders.placed([{ sku, quantity }], { token, ...(card ? { card } : {}) });
  await orders.awaitingPacking(orderId);
  await orders.pack(orderId);
  const { shipments } = await orders.waitForStatus(orderId, 'SHIPPED');
  await orders.track(shipments[0].carrierId, { trackingNumber: shipments[0].trackingNumber, status: 'DELIVERED' });
  await orders.waitForStatus(orderId, 'DELIVERED');
  return { sku, orderId };
}
