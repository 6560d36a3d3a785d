/**
 * Lots on returns end to end on the local cloud (docs/returns.md, "Quality loop"; docs/inventory.md, "Lots of a
 * shipment"): a SKU received from its purchase order in two lots (goods receipts), sold FIFO; a defective unit
 * coming back names the lot its order shipped from, or every lot when the order took from two; the quality hold
 * that three defects bring names the lots to ops. Seeded here: a new Nordwind SKU restocked through the restock
 * workflow, delivered orders.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { WORKFLOW_WAIT } from '../support/workflow-probe';
import { orderHarness, type OrderHarness } from '../workflows/order-harness';
import { restockHarness, type RestockHarness } from '../workflows/restock-harness';
import { deliveredOrderOf } from '../workflows/returns-harness';

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

const key = () => ({ 'idempotency-key': ulid() });

/** One unit back, defective, written off: its quality incident as stored. */
async function defectiveReturn(orderId: string, sku: string, token: string) {
  const asked = await cloud.api('POST', `/orders/${orderId}/returns`, { token, body: { lines: [{ sku, quantity: 1 }], reason: 'DEFECTIVE' }, headers: key() });
  expect(asked.body.status, asked.text).toBe('APPROVED');
  const received = await cloud.api('POST', `/returns/${asked.body.returnId}/receipt`, { token: await orders.warehouseToken(), body: { lines: [{ sku, quantity: 1, disposition: 'WRITE_OFF' }] }, headers: key() });
  expect(received.status, received.text).toBe(200);
  return orders.readRow(`RETURN#${asked.body.returnId}`, `QUALITY_INCIDENT#${sku}`);
}

describe('a defective unit of a SKU received in lots', () => {
  it('names the lot its order shipped from (FIFO), every lot when the order took from two, and the quality hold names them to ops', async () => {
    const sku = await restock.lowSku();
    await restock.requestRestock(sku);
    const sent = await restock.purchaseOrderOf(sku, 'SENT', 'receiptToken');
    // Two goods receipts: lot 1 of 3 units, then lot 2 of 50. The order stays open: a receipt that completed it would
    // record the demo supplier's delivered lead time, which later restock quantities of other files depend on.
    expect((await restock.receive(sent.purchaseOrderId, [{ sku, quantity: 3, defectsFound: 0 }])).status).toBe(201);
    await restock.purchaseOrderOf(sku, 'PARTIALLY_RECEIVED', 'receiptToken');
    const second = await restock.receive(sent.purchaseOrderId, [{ sku, quantity: 50, defectsFound: 0 }]);
    expect(second.body, second.text).toMatchObject({ status: 'PARTIALLY_RECEIVED' });
    const [lot1, lot2] = (second.body.receipts as { receiptId: string }[]).map((receipt) => `${sent.purchaseOrderId}/${receipt.receiptId}`);
    // The incidents count against a supplier of this test's own (no profile: no probation review), not against the
    // demo supplier, whose incident count the other files' defective returns share (ten put it on probation).
    await restock.documents.send(new UpdateCommand({ TableName: restock.tableName, Key: { pk: `SKU#${sku}`, sk: 'STOCK' }, UpdateExpression: 'SET supplierId = :s', ExpressionAttributeValues: { ':s': `lots-test-${ulid()}` } }));

    const token = await orders.customerToken();
    // First in, first out: 4 units take lot 1's 3 and one of lot 2; the next order takes lot 2 alone.
    const both = await deliveredOrderOf(orders, sku, 4, token);
    const fromLot2 = await deliveredOrderOf(orders, sku, 2, token);

    const fromBoth = await defectiveReturn(both, sku, token);
    expect(fromBoth).toMatchObject({ source: 'RETURN', lots: [lot1, lot2].sort() });
    expect(fromBoth!.lotId).toBeUndefined();
    expect(await defectiveReturn(fromLot2, sku, token)).toMatchObject({ lotId: lot2, lots: [lot2] });
    expect(await defectiveReturn(fromLot2, sku, token)).toMatchObject({ lotId: lot2 });

    // Three incidents: the SKU on hold, and ops told which lots to look at.
    const alert = await orders.notification('ops-alerts', 'SkuQualityHoldPlaced', 'sku', sku);
    expect(alert.summary).toContain(`lots ${[lot1, lot2].sort().join(', ')}`);
    const operator = await cloud.tokenFor('operator', { sub: 'op-olga' });
    const held = await cloud.waitFor(async () => (await cloud.api('GET', `/inventory/${sku}`, { token: operator })).body.qualityHold, { ...WORKFLOW_WAIT, message: `${sku} on hold` });
    expect(held.lots).toEqual([lot1, lot2].sort());
  });
});
