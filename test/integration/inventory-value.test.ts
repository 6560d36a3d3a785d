/**
 * The inventory's value at cost end to end on the local cloud: a product published by the catalog gives its stock
 * record the SKU's unit cost, a stock movement (`POST /inventory/{sku}/adjustments`) moves the write-sharded value
 * by exactly Δ × cost, and the nightly KPI job records each day's closing value and computes inventory turnover from
 * the day's cost of goods sold and the average of the day's opening and closing values — kept on a recompute. Stock
 * from before costs were kept is valued by the weekly unit-cost sync (`inventory-unit-costs`), the backfill.
 */
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { workflowProbe } from '../support/workflow-probe';
import { COSTA, kitchenBody, listingHarness } from '../workflows/listing-harness';

let cloud: TestCloud;
let probe: ReturnType<typeof workflowProbe>;

beforeAll(async () => {
  cloud = await sharedTestCloud();
  probe = workflowProbe(cloud, 'order-fulfilment');
});

const functionNamed = (entry: string) => cloud.model.functions.find((fn) => fn.entry.endsWith(entry))!.name;
/** The value now: the shards summed, as the job reads them. */
const inventoryValue = async () => {
  const shards = await Promise.all(Array.from({ length: 16 }, (_, shard) => probe.readRow(`INVENTORY_VALUE#${shard}`, 'EUR')));
  return shards.reduce((sum, shard) => sum + Number(shard?.valueMinor ?? 0), 0);
};
/** A past day no other test computes: its counters and card are this test's alone. */
const pastDay = () => new Date(Date.parse('2021-01-01T00:00:00Z') + Math.floor(Math.random() * 1500) * 86_400_000).toISOString().slice(0, 10);
const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** A SKU published by the catalog (unit cost 20.00), its stock valued. */
async function publishedSku(): Promise<string> {
  const listing = listingHarness(cloud);
  const body = kitchenBody();
  const sku = body.skus[0]!.sku;
  const { productId } = await listing.list(COSTA, body);
  await listing.awaitingReview(productId, 1);
  expect((await listing.review(productId, { decision: 'APPROVE' })).status).toBe(202);
  await listing.waitForRevision(productId, 1, 'PUBLISHED');
  return sku;
}

/** An order placed on `day` whose 3 units cost 4.00 each (COGS 12.00), counted by the analytics consumer as the bus would deliver it. */
async function placedOrderOn(day: string) {
  const [orderId, productId, sku] = [ulid(), ulid(), `TURN-${ulid()}`];
  const lines = [{ lineIndex: 0, sku, quantity: 3, unitPrice: { amount: 1000, currency: 'EUR' }, lineTotal: { amount: 3000, currency: 'EUR' } }];
  const put = (Item: Record<string, unknown>) => probe.documents.send(new PutCommand({ TableName: probe.tableName, Item }));
  await put({ pk: `ORDER#${orderId}`, sk: 'ORDER', orderId, customerId: `turn-${orderId}`, status: 'PLACED', shippingAddress: { country: 'DE' }, price: { currency: 'EUR', lines, total: { amount: 3000, currency: 'EUR' } } });
  await put({ pk: `SKU#${sku}`, sk: 'STOCK', sku, productId, available: 0 });
  await put({ pk: `PRODUCT#${productId}`, sk: 'PRODUCT', productId, categoryId: 'kitchen', live: { skus: [{ sku, unitCost: { amount: 400, currency: 'EUR' } }] }, latest: { skus: [] } });
  const placed = { 'detail-type': 'OrderPlaced', source: 'commerce.orders', detail: { eventId: ulid(), orderId, occurredAt: `${day}T10:00:00.000Z`, correlationId: `turn-${orderId}` } };
  expect(await cloud.invoke(functionNamed('functions/analytics/record-order-events.ts'), placed)).toEqual({ outcome: 'recorded' });
}

describe("the inventory's value at cost, and inventory turnover on the KPI card", () => {
  it('values stock at the catalog cost as it moves, and computes the day’s turnover from known numbers', async () => {
    // Published by the catalog: the stock record carries the SKU's unit cost (20.00).
    const sku = await publishedSku();
    const stock = await cloud.waitFor(async () => {
      const row = await probe.readRow(`SKU#${sku}`, 'STOCK');
      return row?.unitCost ? row : undefined;
    }, { timeoutMs: 20_000, message: `${sku}'s stock valued at its unit cost` });
    expect(stock.unitCost).toEqual({ amount: 2000, currency: 'EUR' });

    // The day before closes at whatever the shared cloud's stock is worth: the job records it.
    const day = pastDay();
    const job = functionNamed('functions/analytics/nightly-kpi.ts');
    await cloud.invoke(job, { detail: { date: dayBefore(day), backfill: true } });
    const opening = (await probe.readRow(`KPI#${dayBefore(day)}`, 'CARD'))!.products as { inventoryAtCostMinor: number };

    // 10 units received: the value rises by exactly 10 × 20.00, in the movement's own transaction.
    const before = await inventoryValue();
    const token = await cloud.tokenFor('warehouse', { sub: 'picker-pia' });
    const received = await cloud.api('POST', `/inventory/${sku}/adjustments`, { token, body: { quantity: 10, reason: 'RECEIVED' }, headers: { 'idempotency-key': ulid() } });
    expect(received.status, received.text).toBe(200);
    expect((await inventoryValue()) - before).toBe(20_000);

    // The day: an order whose goods cost 12.00, then the job.
    await placedOrderOn(day);
    expect(await cloud.invoke(job, { detail: { date: day, backfill: true } })).toMatchObject({ date: day, orders: 1 });
    const card = await cloud.api('GET', `/kpis/${day}`, { token: await cloud.tokenFor('operator') });
    expect(card.status, card.text).toBe(200);
    const closing = card.body.products.inventoryAtCostMinor as number;
    expect(closing - opening.inventoryAtCostMinor).toBe(20_000); // nothing else moved in between
    // Turnover = COGS × 365 / the average of opening and closing; days of inventory = 365 / turnover.
    const average = Math.round((opening.inventoryAtCostMinor + closing) / 2);
    const turnover = (1200 / average) * 365;
    expect(card.body.sales).toMatchObject({ grossMarginMinor: 1800 });
    expect(card.body.products).toMatchObject({ inventoryTurnover: Math.round(turnover * 100) / 100, daysOfInventory: Math.round((365 / turnover) * 10) / 10 });
    expect(card.body.products.inventoryTurnover).toBeGreaterThan(0);

    // Stock moves on (3 written off: −60.00); a recompute of the day keeps the value it recorded.
    const writtenOff = await cloud.api('POST', `/inventory/${sku}/adjustments`, { token, body: { quantity: -3, reason: 'DAMAGED' }, headers: { 'idempotency-key': ulid() } });
    expect(writtenOff.status, writtenOff.text).toBe(200);
    expect((await inventoryValue()) - before).toBe(14_000);
    await cloud.invoke(job, { detail: { date: day, backfill: true } });
    expect((await cloud.api('GET', `/kpis/${day}`, { token: await cloud.tokenFor('operator') })).body.products).toEqual(card.body.products);
  });

  it('values stock written before costs were kept once the unit-cost sync runs (the backfill), exactly once', async () => {
    const sku = await publishedSku();
    await cloud.waitFor(async () => ((await probe.readRow(`SKU#${sku}`, 'STOCK'))?.unitCost ? true : undefined), { timeoutMs: 20_000, message: `${sku} valued` });
    const token = await cloud.tokenFor('warehouse', { sub: 'picker-pia' });
    const received = await cloud.api('POST', `/inventory/${sku}/adjustments`, { token, body: { quantity: 6, reason: 'RECEIVED' }, headers: { 'idempotency-key': ulid() } });
    expect(received.status, received.text).toBe(200);
    // As if written before this was kept: no unit cost on the record, its 6 units counted nowhere.
    await probe.documents.send(new TransactWriteCommand({ TransactItems: [
      { Update: { TableName: probe.tableName, Key: { pk: `SKU#${sku}`, sk: 'STOCK' }, UpdateExpression: 'REMOVE unitCost' } },
      { Update: { TableName: probe.tableName, Key: { pk: 'INVENTORY_VALUE#0', sk: 'EUR' }, UpdateExpression: 'ADD valueMinor :change', ExpressionAttributeValues: { ':change': -12_000 } } },
    ] }));
    const before = await inventoryValue();
    await cloud.fireSchedule('inventory-unit-costs');
    await cloud.waitFor(async () => ((await probe.readRow(`SKU#${sku}`, 'STOCK'))?.unitCost ? true : undefined), { timeoutMs: 20_000, message: `${sku} valued by the sync` });
    expect((await inventoryValue()) - before).toBe(12_000); // 6 × 20.00
    // Run again (to its end): nothing twice.
    expect(await cloud.invoke(functionNamed('functions/inventory/sync-unit-costs.ts'), {})).toMatchObject({ contention: 0 });
    expect((await inventoryValue()) - before).toBe(12_000);
  });
});
