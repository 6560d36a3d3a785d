/**
 * The sales history on the local cloud: an order that ships is counted on its SKU's counter for the day
 * (the `OrderShipped` rule → the sales recorder), at the price it sold for, once; and the reorder policy
 * recomputed from it lands on the stock record, where GET /inventory/{sku} shows it with its inputs and the
 * stock watcher judges the SKU against the new point.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { orderHarness, type OrderHarness } from '../workflows/order-harness';

let cloud: TestCloud;
let orders: OrderHarness;

beforeAll(async () => {
  cloud = await sharedTestCloud();
  orders = orderHarness(cloud);
});

describe('the sales history', () => {
  it('counts a shipped order on its day, units and value, once per order', async () => {
    const sku = await orders.stockedSku(20);
    const first = await orders.placed([{ sku, quantity: 3 }]);
    const second = await orders.placed([{ sku, quantity: 2 }]);
    for (const orderId of [first, second]) {
      await orders.awaitingPacking(orderId);
      expect((await orders.pack(orderId)).status).toBe(202);
      await orders.waitForStatus(orderId, 'SHIPPED');
    }
    const unitPrice = (await orders.readOrder(first))!.price.lines[0].unitPrice.amount as number;
    const day = new Date().toISOString().slice(0, 10);
    const counter = await cloud.waitFor(
      async () => {
        const row = await orders.readRow(`SKU#${sku}`, `SALES#${day}`);
        return row?.units === 5 ? row : undefined;
      },
      { timeoutMs: 30_000, message: `the sales counter of ${sku} for ${day} to reach 5` },
    );
    expect(counter).toMatchObject({ entity: 'DailySales', sku, day, units: 5, valueMinor: 5 * unitPrice });
    expect(await orders.readRow(`ORDER#${first}`, 'SALES_RECORDED')).toMatchObject({ orderId: first, day });

    // The nightly job, for this SKU only (the whole run would touch every test's SKUs): listed today, it has no
    // full day of history yet, so the default demand stands (docs/inventory.md's worked example): Nordwind's
    // 21 days and 100 minimum give a safety stock of 8, a reorder point of 29 and an order of 100.
    const recompute = cloud.model.functions.find((fn) => fn.entry.endsWith('functions/inventory/recompute-reorder-policy.ts'))!;
    expect(await cloud.invoke(recompute.name, { skus: [sku] })).toEqual({ skus: 1, failed: 0 });
    const operator = await cloud.tokenFor('operator');
    const stock = (await cloud.api('GET', `/inventory/${sku}`, { token: operator })).body;
    expect(stock).toMatchObject({ available: 15, reorderPoint: 29, safetyStock: 8 });
    expect(stock.policy).toMatchObject({
      reorderPoint: 29,
      reorderQuantity: 100,
      safetyStock: 8,
      serviceLevel: 0.95,
      forecast: { method: 'DEFAULT', dailyDemand: 1, sigmaDaily: 1, historyDays: 0 },
      leadTime: { leadTimeDays: 21, basis: 'TERMS' },
      minimumOrderQuantity: 100,
    });
    // 15 available ≤ 29: low against its new point.
    await cloud.waitFor(async () => ((await cloud.api('GET', `/inventory/${sku}`, { token: operator })).body.lowSince ? true : undefined), {
      timeoutMs: 30_000,
      message: `${sku} to be low against its new reorder point`,
    });
  });
});
