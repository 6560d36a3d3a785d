/**
 * What a reorder quantity is computed from, against mocked DynamoDB: the supplier's terms for the SKU (MOQ,
 * pack), the lead times its completed orders took (a key Query of its lead-time partition, written in the
 * receipt's own transaction) and what the SKU's open order still owes (a GetItem of the order the stock record
 * names) — in the restock workflow's ComputeQuantity and in the nightly reorder policy alike, which fans out one
 * unit of work per live supplier.
 */
import { describe, expect, it } from 'vitest';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { serveRows } from '../orders/support';
import { context, httpEvent, parse } from '../suppliers/support';
import { handler as computeQuantity } from '../../../functions/inventory/compute-restock-quantity';
import { handler as recomputePolicies } from '../../../functions/inventory/recompute-reorder-policy';
import { handler as recomputeSupplier } from '../../../functions/inventory/recompute-supplier-reorder-policy';
import { handler as receive } from '../../../functions/inventory/receive-goods';
import { receiptChange } from '../../../shared/domain/inventory/restock';
import { mockedAws } from '../mocked-aws';
import { EXECUTION, NOW, PO_ID, picker, purchaseOrderIn, purchaseOrderRow, RECEIPT_TOKEN, SKU, SUPPLIER_ID } from './support';

const { ddb, sfn } = mockedAws(NOW);

const DAY = 86_400_000;
const terms = { paymentTermsDays: 30, leadTimeDays: 21, minimumOrderQuantity: 100, qualityStandard: 'AQL 2.5', returnPolicy: { returnWindowDays: 30, defectHandling: 'REPLACE' } };
const supplierRow = (extraTerms: object = {}) => ({
  pk: `SUPPLIER#${SUPPLIER_ID}`, sk: 'PROFILE', supplierId: SUPPLIER_ID, name: 'Nordwind', status: 'APPROVED', terms: { ...terms, ...extraTerms },
});
/** The listing supplier's offer for the SKU: where its MOQ and pack for it come from. */
const offerRow = (terms: object) => ({
  pk: `SKU#${SKU}`, sk: `OFFER#${SUPPLIER_ID}`, gsi2pk: `SUPPLIER_OFFERS#${SUPPLIER_ID}`, gsi2sk: SKU, sku: SKU, supplierId: SUPPLIER_ID,
  unitCost: { amount: 3500, currency: 'EUR' }, updatedAt: NOW.toISOString(), updatedBy: 'buyer-bea', ...terms,
});
const stockRow = (available: number, extra: object = {}) => ({
  pk: `SKU#${SKU}`, sk: 'STOCK', sku: SKU, productId: '01J0PRODUCT0000000000000000', supplierId: SUPPLIER_ID,
  onHand: available, reserved: 0, available, safetyStock: 10, createdAt: '2030-01-01T00:00:00.000Z', updatedAt: NOW.toISOString(), ...extra,
});
/** A completed order's lead time as the receipt stores it. */
const leadTimeRow = (days: number, index: number) => {
  const receivedAt = new Date(NOW.getTime() - (60 - index) * DAY).toISOString();
  return { pk: `SUPPLIER_LEAD_TIMES#${SUPPLIER_ID}`, sk: `${receivedAt}#PO${index}`, supplierId: SUPPLIER_ID, purchaseOrderId: `PO${index}`, receivedAt, days, promisedDays: 21 };
};
const serveLeadTimes = (...days: number[]) =>
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `SUPPLIER_LEAD_TIMES#${SUPPLIER_ID}` } }).resolves({ Items: days.map(leadTimeRow) });
/** The open order: 100 ordered, 40 of them received and accepted. */
const partlyReceived = () =>
  receiptChange(purchaseOrderIn('SENT'), { receiptId: 'R1', receivedBy: picker.sub, lines: [{ sku: SKU, quantity: 40, defectsFound: 0 }] }, NOW).next;
const ref = { sku: SKU, correlationId: 'corr-1', executionName: EXECUTION };
const forecast = { dailyDemand: 10, trendPerDay: 0, sigmaDaily: 0 };

describe('ComputeQuantity (restock workflow)', () => {
  it('counts what the open order still owes: 20 available + 60 on order against a reorder point of 210 → 300 + 0 − 80 = 220 → 10 packs of 24 = 240', async () => {
    serveRows(ddb, supplierRow(), offerRow({ packSize: 24 }), stockRow(20, { forecast, openPurchaseOrderId: PO_ID }), purchaseOrderRow({ ...partlyReceived(), executionName: EXECUTION, version: 4 }));
    const quantity = await computeQuantity(ref);
    expect(quantity).toMatchObject({ onOrder: 60, inventoryPosition: 80, reorderPoint: 210, reorderQuantity: 240, packSize: 24, minimumOrderQuantity: 100, leadTimeDays: 21 });
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).toContainEqual({ pk: `PURCHASE_ORDER#${PO_ID}`, sk: 'PURCHASE_ORDER' });
  });

  it("takes the SKU's own MOQ and pack from the supplier's offer for it", async () => {
    serveRows(ddb, supplierRow(), offerRow({ minimumOrderQuantity: 500, packSize: 50 }), stockRow(0, { forecast }));
    expect(await computeQuantity(ref)).toMatchObject({ onOrder: 0, minimumOrderQuantity: 500, packSize: 50, reorderQuantity: 500 });
  });

  it('plans for the lead time the supplier delivered in: five orders of 31 days against 21 promised → 26 days, reorder point 260', async () => {
    serveRows(ddb, supplierRow(), stockRow(0, { forecast }));
    serveLeadTimes(31, 31, 31, 31, 31);
    expect(await computeQuantity(ref)).toMatchObject({ leadTimeDays: 26, reorderPoint: 260, reorderQuantity: 300 });
    const query = ddb.commandCalls(QueryCommand).find((call) => call.args[0].input.ExpressionAttributeValues?.[':pk'] === `SUPPLIER_LEAD_TIMES#${SUPPLIER_ID}`)!.args[0].input;
    expect(query).toMatchObject({ KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to' });
    expect(query.IndexName).toBeUndefined();
  });

  it('is 0 when what is on order covers the reorder point (a restock asked for while one is open)', async () => {
    serveRows(ddb, supplierRow(), stockRow(0, { openPurchaseOrderId: PO_ID }), purchaseOrderRow(purchaseOrderIn('SENT')));
    expect(await computeQuantity(ref)).toMatchObject({ onOrder: 100, reorderPoint: 10, reorderQuantity: 0 });
  });
});

describe('the nightly reorder policy', () => {
  const serveSupplierStock = (stock: object) => {
    ddb.on(QueryCommand, { IndexName: 'GSI2', ExpressionAttributeValues: { ':partition': `SUPPLIER_STOCK#${SUPPLIER_ID}` } }).resolves({ Items: [stock] });
  };
  const requested = (supplierId = SUPPLIER_ID) => ({ 'detail-type': 'ReorderPolicyRequested', source: 'commerce.inventory', detail: { supplierId, runId: NOW.toISOString(), correlationId: 'corr-1' } });
  const policiesWritten = () => ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input.ExpressionAttributeValues![':policy']);

  it('fans out: one ReorderPolicyRequested per live supplier through the outbox, and reads no SKU', async () => {
    ddb.on(QueryCommand, { IndexName: 'GSI1' }).resolves({ Items: [] });
    ddb.on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':partition': 'SUPPLIERS#APPROVED' } }).resolves({ Items: [supplierRow(), { ...supplierRow(), supplierId: 'S2' }] });
    ddb.on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':partition': 'SUPPLIERS#PROBATION' } }).resolves({ Items: [{ ...supplierRow(), supplierId: 'S3', status: 'PROBATION' }] });
    ddb.on(PutCommand).resolves({});

    expect(await recomputePolicies({})).toEqual({ suppliers: 3 });

    const events = ddb.commandCalls(PutCommand).map((call) => call.args[0].input.Item!);
    expect(events.map((event) => [event.detailType, event.detail.supplierId])).toEqual([
      ['ReorderPolicyRequested', SUPPLIER_ID],
      ['ReorderPolicyRequested', 'S2'],
      ['ReorderPolicyRequested', 'S3'],
    ]);
    expect(events.every((event) => String(event.pk).startsWith('OUTBOX#'))).toBe(true);
    expect(ddb.commandCalls(QueryCommand).map((call) => call.args[0].input.IndexName)).toEqual(['GSI1', 'GSI1']);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it("per supplier, writes each SKU's policy with its inputs: the promised, observed and used lead time, the supplier's MOQ and pack, what is on order", async () => {
    serveRows(ddb, supplierRow(), purchaseOrderRow({ ...partlyReceived(), executionName: EXECUTION, version: 4 }));
    serveSupplierStock(stockRow(5, { openPurchaseOrderId: PO_ID }));
    ddb.on(QueryCommand, { IndexName: 'GSI2', ExpressionAttributeValues: { ':partition': `SUPPLIER_OFFERS#${SUPPLIER_ID}` } }).resolves({ Items: [offerRow({ packSize: 12 })] });
    serveLeadTimes(26, 26, 26, 26, 24);
    ddb.on(UpdateCommand).resolves({});

    expect(await recomputeSupplier(requested())).toEqual({ skus: 1, failed: 0 });

    const [policy] = policiesWritten();
    // Newest first: the partition is read oldest first and its last ten kept. 5 observations, mean 25.6: half weight, 0.5 · 21 + 0.5 · 25.6.
    expect(policy.leadTime).toEqual({ leadTimeDays: expect.closeTo(23.3, 9), basis: 'BLENDED', termsLeadTimeDays: 21, observedLeadTimesDays: [24, 26, 26, 26, 26], observedMeanDays: expect.closeTo(25.6, 9), observedWeight: 0.5 });
    expect(policy).toMatchObject({ minimumOrderQuantity: 100, packSize: 12, available: 5, onOrder: 60, inventoryPosition: 65 });
    // No sales since January: 0 a day, so nothing is due.
    expect(policy).toMatchObject({ reorderPoint: 0, reorderQuantity: 0 });
    // One lead-time Query for the supplier, whatever its number of SKUs.
    expect(ddb.commandCalls(QueryCommand).filter((call) => call.args[0].input.ExpressionAttributeValues?.[':pk'] === `SUPPLIER_LEAD_TIMES#${SUPPLIER_ID}`)).toHaveLength(1);
  });

  it('per supplier, reads no purchase order for a SKU with none open', async () => {
    serveRows(ddb, supplierRow());
    serveSupplierStock(stockRow(5));
    ddb.on(UpdateCommand).resolves({});
    await recomputeSupplier(requested());
    // The supplier, and analytics' demand forecast of the SKU (the forecast port: none here, so inventory's own).
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input.Key!.pk)).toEqual([`SUPPLIER#${SUPPLIER_ID}`, `DEMAND_FORECAST#${SKU}`]);
    expect(policiesWritten()[0]).toMatchObject({ onOrder: 0, leadTime: { basis: 'TERMS', observedLeadTimesDays: [] } });
  });

  it('per supplier, skips a retired SKU (its product archived): no forecast read, no policy written', async () => {
    serveRows(ddb, supplierRow());
    serveSupplierStock(stockRow(5, { retiredAt: '2030-06-30T09:00:00.000Z' }));
    ddb.on(UpdateCommand).resolves({});
    expect(await recomputeSupplier(requested())).toEqual({ skus: 0, failed: 0 });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input.Key!.pk)).toEqual([`SUPPLIER#${SUPPLIER_ID}`]);
  });

  it('per supplier, an unknown supplier writes nothing', async () => {
    serveRows(ddb);
    expect(await recomputeSupplier(requested('UNKNOWN'))).toEqual({ skus: 0, failed: 0 });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('{ skus } recomputes just those SKUs, in the job itself', async () => {
    serveRows(ddb, supplierRow(), stockRow(5));
    ddb.on(UpdateCommand).resolves({});
    expect(await recomputePolicies({ skus: [SKU, 'NO-SUCH-SKU'] })).toEqual({ skus: 1, failed: 0 });
    expect(ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input.Key)).toEqual([{ pk: `SKU#${SKU}`, sk: 'STOCK' }]);
  });
});

describe('a delivered lead time is recorded with the receipt that completes the order', () => {
  const receiveAll = (quantity: number) =>
    receive(httpEvent(picker, { method: 'POST', path: `/purchase-orders/${PO_ID}/receipts`, pathParameters: { id: PO_ID }, body: { lines: [{ sku: SKU, quantity, defectsFound: 0 }] } }), context).then(parse);
  const leadTimeItems = () =>
    ddb.commandCalls(TransactWriteCommand).flatMap((call) => call.args[0].input.TransactItems!).filter((item) => item.Put?.Item?.entity === 'LeadTimeObservation');

  it('in the same transaction as the order and its stock: the days from sending, and the promise', async () => {
    serveRows(ddb, purchaseOrderRow(purchaseOrderIn('SENT', { receiptToken: RECEIPT_TOKEN })), stockRow(0));
    ddb.on(TransactWriteCommand).resolves({});
    sfn.on(SendTaskSuccessCommand).resolves({});
    expect((await receiveAll(100)).body.status).toBe('RECEIVED');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(leadTimeItems().map((item) => item.Put!.Item)).toEqual([
      expect.objectContaining({ pk: `SUPPLIER_LEAD_TIMES#${SUPPLIER_ID}`, sk: `${NOW.toISOString()}#${PO_ID}`, days: 0, promisedDays: 21, sentAt: NOW.toISOString() }),
    ]);
  });

  it('not for a partial receipt: the delivery is not complete', async () => {
    serveRows(ddb, purchaseOrderRow(purchaseOrderIn('SENT', { receiptToken: RECEIPT_TOKEN })), stockRow(0));
    ddb.on(TransactWriteCommand).resolves({});
    sfn.on(SendTaskSuccessCommand).resolves({});
    expect((await receiveAll(40)).body.status).toBe('PARTIALLY_RECEIVED');
    expect(leadTimeItems()).toHaveLength(0);
  });
});
