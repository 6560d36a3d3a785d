/**
 * Low stock end to end on the local cloud: orders sell a SKU down to its reorder point, the stock watcher
 * marks it at that write (the table stream), GET /inventory/alerts lists it, the inventory-alerts job tells
 * ops once in one consolidated message (SNS ops-alerts) and asks for a restock, a second run says nothing
 * more, and receiving goods closes the episode.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { orderHarness, type OrderHarness } from '../workflows/order-harness';

let cloud: TestCloud;
let orders: OrderHarness;
let operator: string;

beforeAll(async () => {
  cloud = await sharedTestCloud();
  orders = orderHarness(cloud);
  operator = await cloud.tokenFor('operator');
});

const stockOf = async (sku: string) => (await cloud.api('GET', `/inventory/${sku}`, { token: operator })).body;
const openAlert = async (sku: string) => {
  let nextToken: string | undefined;
  do {
    const page = await cloud.api('GET', `/inventory/alerts?limit=100${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`, { token: operator });
    expect(page.status, page.text).toBe(200);
    const found = (page.body.items as { sku: string }[]).find((alert) => alert.sku === sku);
    if (found) return found as Record<string, unknown>;
    nextToken = page.body.nextToken;
  } while (nextToken);
  return undefined;
};

describe('a SKU sold down to its reorder point', () => {
  it('is marked at the write, listed, alerted once in one message with a restock asked for, and closed when goods arrive', async () => {
    const sku = await orders.stockedSku(30);
    expect(await stockOf(sku)).toMatchObject({ available: 30, reorderPoint: 10 });
    expect(await openAlert(sku)).toBeUndefined();

    // 20 reserved: 10 available, at the reorder point (the safety stock stands in until the nightly policy).
    await orders.placed([{ sku, quantity: 20 }]);
    const low = await cloud.waitFor(async () => {
      const stock = await stockOf(sku);
      return stock.lowSince ? stock : undefined;
    }, { timeoutMs: 30_000, message: `${sku} to be marked low` });
    expect(low).toMatchObject({ available: 10, reorderPoint: 10 });
    expect(await openAlert(sku)).toMatchObject({ sku, lowSince: low.lowSince, availableAtOpening: 10, reorderPoint: 10, available: 10 });
    expect((await openAlert(sku))?.alertedAt).toBeUndefined();

    await cloud.fireSchedule('inventory-alerts');
    const alert = await cloud.waitFor(
      () => findAlert(sku),
      { timeoutMs: 30_000, message: `LowStockAlert naming ${sku} on ops-alerts` },
    );
    expect(alert.summary).toContain(`${sku} (10 available)`);
    // The alert goes out before the job stamps the marks (a run that dies in between alerts again): wait for the stamp.
    const alerted = await cloud.waitFor(async () => {
      const open = await openAlert(sku);
      return open?.alertedAt ? open : undefined;
    }, { timeoutMs: 30_000, message: `${sku} to be stamped alerted` });
    expect(alerted).toMatchObject({ alertedAt: expect.any(String), restockRequestedAt: alerted.alertedAt });

    // Once per episode: the next run names it no more.
    const before = lowStockAlertsNaming(sku).length;
    await cloud.fireSchedule('inventory-alerts');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(lowStockAlertsNaming(sku)).toHaveLength(before);

    // Goods arrive: above the reorder point again, the episode closes.
    const received = await cloud.api('POST', `/inventory/${sku}/adjustments`, {
      token: await orders.warehouseToken(),
      body: { quantity: 40, reason: 'RECEIVED' },
      headers: { 'idempotency-key': ulid() },
    });
    expect(received.status, received.text).toBe(200);
    await cloud.waitFor(async () => ((await stockOf(sku)).lowSince === undefined ? true : undefined), { timeoutMs: 30_000, message: `${sku} to be restored` });
    expect(await openAlert(sku)).toBeUndefined();
  });
});

/** The LowStockAlert messages on ops-alerts whose list names `sku`. */
function lowStockAlertsNaming(sku: string): { summary: string }[] {
  return cloud
    .snsMessages('ops-alerts')
    .map((record) => JSON.parse(record.message) as { type: string; detail: { skus?: { sku: string }[]; summary: string } })
    .filter((message) => message.type === 'LowStockAlert' && (message.detail.skus ?? []).some((line) => line.sku === sku))
    .map((message) => message.detail);
}

function findAlert(sku: string) {
  return lowStockAlertsNaming(sku)[0];
}
