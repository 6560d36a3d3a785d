/**
 * The sales history on the local cloud: an order that ships is counted on its SKU's counter for the day
 * (the `OrderShipped` rule → the sales recorder), at the price it sold for, once; and the reorder policy
 * recomputed from it lands on the stock record, where GET /inventory/{sku} shows it with its inputs (the lead
 * time promised, the deliveries observed and the one used) and the stock watcher judges the SKU against the new point.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { reorderPolicyRequested } from '../../shared/domain/inventory/events';
import { NORDWIND } from '../workflows/listing-harness';
import { orderHarness, type OrderHarness } from '../workflows/order-harness';

let cloud: TestCloud;
let orders: OrderHarness;

beforeAll(async () => {
  cloud = await sharedTestCloud();
  orders = orderHarness(cloud);
});

/** Moves `sku` to a new APPROVED copy of Nordwind (same terms, its own id and owner, the SKU among its stock): a supplier with no deliveries yet. */
async function freshCopyOfNordwind(sku: string): Promise<string> {
  const nordwind = await orders.readRow(`SUPPLIER#${NORDWIND.supplierId}`, 'PROFILE');
  const supplierId = ulid();
  const ownerSub = `copy-${supplierId}`;
  await orders.documents.send(new PutCommand({ TableName: orders.tableName, Item: { ...nordwind, pk: `SUPPLIER#${supplierId}`, gsi2pk: `SUPPLIER_OWNER#${ownerSub}`, ownerSub, supplierId } }));
  await orders.documents.send(
    new UpdateCommand({ TableName: orders.tableName, Key: { pk: `SKU#${sku}`, sk: 'STOCK' }, UpdateExpression: 'SET supplierId = :s, gsi2pk = :p', ExpressionAttributeValues: { ':s': supplierId, ':p': `SUPPLIER_STOCK#${supplierId}` } }),
  );
  return supplierId;
}

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
    // 21 days and 100 minimum give a safety stock of 8, a reorder point of 29 and an order of 100. The SKU is
    // moved to a copy of Nordwind with no deliveries yet (other tests' restocks deliver Nordwind's goods at once).
    const supplierId = await freshCopyOfNordwind(sku);
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
      leadTime: { leadTimeDays: 21, basis: 'TERMS', termsLeadTimeDays: 21, observedLeadTimesDays: [] },
      minimumOrderQuantity: 100,
      packSize: 1,
      available: 15,
      onOrder: 0,
      inventoryPosition: 15,
    });

    // Five orders delivered in 31 days (as their receipts record them) weigh half: 0.5 · 21 + 0.5 · 31 = 26 days,
    // safety stock ⌈1.645 · √26⌉ = 9, reorder point ⌈26 + 9⌉ = 35.
    for (const [index, days] of [31, 31, 31, 31, 31].entries()) {
      const receivedAt = new Date(Date.now() - (10 - index) * 86_400_000).toISOString();
      await orders.documents.send(
        new PutCommand({ TableName: orders.tableName, Item: { pk: `SUPPLIER_LEAD_TIMES#${supplierId}`, sk: `${receivedAt}#PO${index}`, entity: 'LeadTimeObservation', supplierId, receivedAt, days, promisedDays: 21 } }),
      );
    }
    expect(await cloud.invoke(recompute.name, { skus: [sku] })).toEqual({ skus: 1, failed: 0 });
    const corrected = (await cloud.api('GET', `/inventory/${sku}`, { token: operator })).body;
    expect(corrected).toMatchObject({ reorderPoint: 35, safetyStock: 9 });
    expect(corrected.policy.leadTime).toMatchObject({ leadTimeDays: 26, basis: 'BLENDED', termsLeadTimeDays: 21, observedLeadTimesDays: [31, 31, 31, 31, 31], observedWeight: 0.5 });

    // The nightly run's unit of work, as its fan-out publishes it for each live supplier: ReorderPolicyRequested
    // through the outbox → the per-supplier consumer recomputes the supplier's SKUs. Five more deliveries of 31
    // days (ten: full weight) make it plan for 31 days: safety ⌈1.645 · √31⌉ = 10, reorder point 41.
    for (const index of [5, 6, 7, 8, 9]) {
      const receivedAt = new Date(Date.now() - (10 - index) * 86_400_000 + 1000).toISOString();
      await orders.documents.send(
        new PutCommand({ TableName: orders.tableName, Item: { pk: `SUPPLIER_LEAD_TIMES#${supplierId}`, sk: `${receivedAt}#PO${index}`, entity: 'LeadTimeObservation', supplierId, receivedAt, days: 31, promisedDays: 21 } }),
      );
    }
    const event = reorderPolicyRequested(supplierId, new Date().toISOString());
    const eventId = ulid();
    await orders.documents.send(
      new PutCommand({
        TableName: orders.tableName,
        Item: { pk: `OUTBOX#${eventId}`, sk: 'OUTBOX', entity: 'OutboxEvent', source: event.source, detailType: event.detailType, detail: { ...event.detail, eventId, occurredAt: new Date().toISOString(), correlationId: `policy-${eventId}` } },
      }),
    );
    const fannedOut = await cloud.waitFor(
      async () => {
        const body = (await cloud.api('GET', `/inventory/${sku}`, { token: operator })).body;
        return body.policy?.leadTime?.basis === 'OBSERVED' ? body : undefined;
      },
      { timeoutMs: 30_000, message: `the per-supplier reorder policy of ${sku}` },
    );
    expect(fannedOut).toMatchObject({ reorderPoint: 41, safetyStock: 10, policy: { leadTime: { leadTimeDays: 31, observedWeight: 1 } } });
    // 15 available ≤ 29: low against its new point.
    await cloud.waitFor(async () => ((await cloud.api('GET', `/inventory/${sku}`, { token: operator })).body.lowSince ? true : undefined), {
      timeoutMs: 30_000,
      message: `${sku} to be low against its new reorder point`,
    });
  });
});
