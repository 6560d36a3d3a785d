/**
 * The sales history on the local cloud: an order that ships is counted on its SKU's counter for the day
 * (the `OrderShipped` rule → the sales recorder), at the price it sold for, once.
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
  });
});
