/**
 * The restock loop end to end on the local cloud: orders sell a SKU down to its reorder point, the stock
 * watcher marks it, the inventory-alerts job alerts ops and asks for a restock, the restock workflow raises
 * a purchase order (within the limit: approved automatically) and sends it, the warehouse receives the goods,
 * the stock is back on hand, the low-stock episode closes and the order is closed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { WORKFLOW_WAIT } from '../support/workflow-probe';
import { orderHarness, type OrderHarness } from './order-harness';
import { restockHarness, type RestockHarness } from './restock-harness';

describe('the restock loop', () => {
  let cloud: TestCloud;
  let orders: OrderHarness;
  let restock: RestockHarness;

  beforeAll(async () => {
    cloud = await sharedTestCloud();
    orders = orderHarness(cloud);
    restock = restockHarness(cloud);
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  const lowStockAlertNaming = (sku: string) =>
    cloud
      .snsMessages('ops-alerts')
      .map((record) => JSON.parse(record.message) as { type: string; detail: { skus?: { sku: string }[] } })
      .find((message) => message.type === 'LowStockAlert' && (message.detail.skus ?? []).some((line) => line.sku === sku));
  const stockOf = async (sku: string) => (await cloud.api('GET', `/inventory/${sku}`, { token: await restock.operatorToken() })).body;

  it('sells a SKU down, alerts, buys, receives, restores the stock and closes the alert', async () => {
    const sku = await orders.stockedSku(30);
    // 20 reserved: 10 available, at the reorder point (the safety stock until the nightly policy runs).
    await orders.placed([{ sku, quantity: 20 }]);
    await cloud.waitFor(async () => ((await stockOf(sku)).lowSince ? true : undefined), { ...WORKFLOW_WAIT, message: `${sku} to be marked low` });

    await cloud.fireSchedule('inventory-alerts');
    await cloud.waitFor(() => (lowStockAlertNaming(sku) ? true : undefined), { ...WORKFLOW_WAIT, message: `a LowStockAlert naming ${sku}` });
    const sent = await restock.purchaseOrderOf(sku, 'SENT', 'receiptToken');
    // 10 ÷ 21 days × 30 days = 15 units short of the review period's demand, raised to Nordwind's MOQ of 100.
    expect(sent).toMatchObject({ lines: [{ sku, quantityOrdered: 100 }], approval: { route: 'AUTO' } });
    expect(await stockOf(sku)).toMatchObject({ openPurchaseOrderId: sent.purchaseOrderId });

    const received = await restock.receive(sent.purchaseOrderId, [{ sku, quantity: 100, defectsFound: 0 }]);
    expect(received.status, received.text).toBe(201);

    const { status } = await restock.finishedAs(await restock.executionOf(sku));
    expect(status).toBe('SUCCEEDED');
    const restored = await cloud.waitFor(async () => {
      const stock = await stockOf(sku);
      return stock.lowSince === undefined ? stock : undefined;
    }, { ...WORKFLOW_WAIT, message: `${sku} to be restored` });
    expect(restored).toMatchObject({ onHand: 130, reserved: 20, available: 110 });
    expect(restored.openPurchaseOrderId).toBeUndefined();
    const alerts = await cloud.api('GET', '/inventory/alerts?limit=100', { token: await restock.operatorToken() });
    expect((alerts.body.items as { sku: string }[]).map((alert) => alert.sku)).not.toContain(sku);
    expect(await restock.readPurchaseOrder(sent.purchaseOrderId)).toMatchObject({ status: 'CLOSED' });
  });
});
