/** What the returns tests share: an order placed, packed, shipped and delivered (signed carrier webhook). */
import type { OrderHarness } from './order-harness';

/** An order of `quantity` × `sku` (in stock), placed, packed, shipped and delivered: its id. */
export async function deliveredOrderOf(orders: OrderHarness, sku: string, quantity: number, token: string, card?: string): Promise<string> {
  const orderId = await orders.placed([{ sku, quantity }], { token, ...(card ? { card } : {}) });
  await orders.awaitingPacking(orderId);
  await orders.pack(orderId);
  const { shipments } = await orders.waitForStatus(orderId, 'SHIPPED');
  await orders.track(shipments[0].carrierId, { trackingNumber: shipments[0].trackingNumber, status: 'DELIVERED' });
  await orders.waitForStatus(orderId, 'DELIVERED');
  return orderId;
}

/** The same, of a SKU stocked for it (two units to spare). */
export async function deliveredOrder(orders: OrderHarness, quantity: number, token: string, card?: string) {
  const sku = await orders.stockedSku(quantity + 2);
  return { sku, orderId: await deliveredOrderOf(orders, sku, quantity, token, card) };
}
