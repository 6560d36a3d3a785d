import { describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { context, httpEvent, parse, type Caller } from '../suppliers/support';
import { serveRows, stockRow } from '../orders/support';
import { handler as decide } from '../../../functions/inventory/decide-purchase-order';
import { handler as receive } from '../../../functions/inventory/receive-goods';
import { handler as list } from '../../../functions/inventory/list-purchase-orders';
import { handler as get } from '../../../functions/inventory/get-purchase-order';
import { mockedAws } from '../mocked-aws';
import { APPROVAL_TOKEN, buyer, NOW, PO_ID, picker, purchaseOrderIn, purchaseOrderKey, purchaseOrderRow, RECEIPT_TOKEN, SKU } from './support';

const { ddb, sfn } = mockedAws(NOW);

const writes = () => ddb.calls().filter((call) => !(call.args[0] instanceof GetCommand) && !(call.args[0] instanceof QueryCommand));

const decideAs = (caller: Caller, body: unknown) =>
  decide(httpEvent(caller, { method: 'POST', path: `/purchase-orders/${PO_ID}/decision`, pathParameters: { id: PO_ID }, body }), context).then(parse);
const receiveAs = (caller: Caller, lines: unknown, extra: object = {}) =>
  receive(httpEvent(caller, { method: 'POST', path: `/purchase-orders/${PO_ID}/receipts`, pathParameters: { id: PO_ID }, body: { lines, ...extra } }), context).then(parse);

describe('POST /purchase-orders/{id}/decision', () => {
  it('approves an order awaiting approval (version+1, token spent), then resumes the waiting step', async () => {
    serveRows(ddb, purchaseOrderRow(purchaseOrderIn('PENDING_APPROVAL', { approvalToken: APPROVAL_TOKEN })));
    ddb.on(TransactWriteCommand).resolves({});
    sfn.on(SendTaskSuccessCommand).resolves({});

    const { status, body } = await decideAs(buyer, { approve: true, note: 'Autumn range' });

    expect(status).toBe(202);
    expect(body).toMatchObject({ purchaseOrderId: PO_ID, status: 'APPROVED', approval: { route: 'OPERATOR', decidedBy: buyer.sub, note: 'Autumn range' } });
    expect(JSON.stringify(body)).not.toContain(APPROVAL_TOKEN);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Put).toMatchObject({ ExpressionAttributeValues: { ':version': 3, ':status': 'PENDING_APPROVAL' }, Item: { gsi1pk: 'PURCHASE_ORDERS#APPROVED', version: 4 } });
    expect(items[0]!.Put!.Item).not.toHaveProperty('approvalToken');
    expect(items[1]!.Put!.Item).toMatchObject({ detailType: 'PurchaseOrderApproved' });
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input).toEqual({ taskToken: APPROVAL_TOKEN, output: JSON.stringify({ approved: true, expired: false }) });
  });

  it.each(['DRAFT', 'APPROVED', 'SENT'] as const)('answers 409 PurchaseOrderNotAwaitingDecision for a %s order and writes nothing', async (current) => {
    serveRows(ddb, purchaseOrderRow(purchaseOrderIn(current)));
    const { status, body } = await decideAs(buyer, { approve: true });
    expect(status).toBe(409);
    expect(body.code).toBe('PurchaseOrderNotAwaitingDecision');
    expect(writes()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('is for operators: the warehouse gets 403, nothing read or written', async () => {
    const { status } = await decideAs(picker, { approve: true });
    expect(status).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers 404 for an unknown order', async () => {
    serveRows(ddb);
    expect((await decideAs(buyer, { approve: false })).status).toBe(404);
    expect(writes()).toHaveLength(0);
  });
});

describe('POST /purchase-orders/{id}/receipts', () => {
  it("records an accepted lot: the order, its stock at the default warehouse (with the audit row) and GoodsReceived in one transaction, then wakes the wait", async () => {
    serveRows(ddb, purchaseOrderRow(purchaseOrderIn('SENT', { receiptToken: RECEIPT_TOKEN })), { ...stockRow(SKU, PO_ID, { onHand: 5, reserved: 0, available: 5 }), placed: true });
    ddb.on(TransactWriteCommand).resolves({});
    sfn.on(SendTaskSuccessCommand).resolves({});

    const { status, body } = await receiveAs(picker, [{ sku: SKU, quantity: 40, defectsFound: 0 }]);

    expect(status).toBe(201);
    expect(body).toMatchObject({ status: 'PARTIALLY_RECEIVED', lines: [{ quantityAccepted: 40, quantityRejected: 0 }] });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Put!.Item).toMatchObject({ ...purchaseOrderKey, status: 'PARTIALLY_RECEIVED', version: 4 });
    expect(items[1]!.Update).toMatchObject({ Key: { pk: `SKU#${SKU}`, sk: 'STOCK' }, ExpressionAttributeValues: { ':onHand': 40, ':available': 40 } });
    expect(items[1]!.Update!.UpdateExpression).toContain('onHand = onHand + :onHand');
    // The demo's default warehouse is the first in id order: wh-berlin, which had none of it yet.
    expect(items[2]!.Put).toMatchObject({ Item: { pk: `SKU#${SKU}`, sk: 'STOCK#wh-berlin', onHand: 40, reserved: 0, available: 40 }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(items[3]!.Put!.Item).toMatchObject({ kind: 'RECEIVE', actor: picker.sub, warehouseId: 'wh-berlin', before: { onHand: 0, reserved: 0 }, after: { onHand: 40, reserved: 0 } });
    expect(items[4]!.Put!.Item).toMatchObject({ detailType: 'GoodsReceived' });
    const output = JSON.parse(sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input.output!);
    expect(output).toMatchObject({ complete: false, overdue: false });
  });

  it('puts the goods on hand at the warehouse that received them, which the receipt keeps', async () => {
    serveRows(ddb, purchaseOrderRow(purchaseOrderIn('SENT', { receiptToken: RECEIPT_TOKEN })), { ...stockRow(SKU, PO_ID, { onHand: 5, reserved: 0, available: 5 }), placed: true });
    ddb.on(TransactWriteCommand).resolves({});
    sfn.on(SendTaskSuccessCommand).resolves({});

    const { status, body } = await receiveAs(picker, [{ sku: SKU, quantity: 40, defectsFound: 0 }], { warehouseId: 'wh-lisbon' });

    expect(status).toBe(201);
    expect((body.receipts as unknown[])[0]).toMatchObject({ receivedBy: picker.sub, warehouseId: 'wh-lisbon' });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[2]!.Put).toMatchObject({ Item: { pk: `SKU#${SKU}`, sk: 'STOCK#wh-lisbon', onHand: 40, available: 40 } });
    expect(items[3]!.Put!.Item).toMatchObject({ kind: 'RECEIVE', warehouseId: 'wh-lisbon', after: { onHand: 40, reserved: 0 } });
  });

  it('refuses a warehouse that does not exist (400) and writes nothing', async () => {
    serveRows(ddb, purchaseOrderRow(purchaseOrderIn('SENT', { receiptToken: RECEIPT_TOKEN })));
    const { status, body } = await receiveAs(picker, [{ sku: SKU, quantity: 40, defectsFound: 0 }], { warehouseId: 'wh-atlantis' });
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ field: 'warehouseId', message: 'unknown warehouse wh-atlantis' }]);
    expect(writes()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('records a rejected lot as a quality incident with LotRejected, and nothing on hand', async () => {
    serveRows(ddb, purchaseOrderRow(purchaseOrderIn('SENT')));
    ddb.on(TransactWriteCommand).resolves({});

    const { status, body } = await receiveAs(picker, [{ sku: SKU, quantity: 100, defectsFound: 2 }]);

    expect(status).toBe(201);
    expect(body).toMatchObject({ status: 'PARTIALLY_RECEIVED', lines: [{ quantityAccepted: 0, quantityRejected: 100 }] });
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.some((item) => item.Update)).toBe(false);
    expect(items.map((item) => item.Put?.Item?.detailType ?? item.Put?.Item?.entity)).toEqual(['PurchaseOrder', 'LotRejected', 'QualityIncident']);
    expect(sfn.calls()).toHaveLength(0);
  });

  it.each([
    ['more than ordered', [{ sku: SKU, quantity: 101, defectsFound: 0 }], 422],
    ['a negative quantity', [{ sku: SKU, quantity: -5, defectsFound: 0 }], 400],
    ['negative defects', [{ sku: SKU, quantity: 5, defectsFound: -1 }], 400],
    ['a SKU not on the order', [{ sku: 'NW-UNKNOWN-1', quantity: 5, defectsFound: 0 }], 400],
  ])('refuses %s (%s) and writes nothing', async (_what, lines, expected) => {
    serveRows(ddb, purchaseOrderRow(purchaseOrderIn('SENT', { receiptToken: RECEIPT_TOKEN })));
    const { status, body } = await receiveAs(picker, lines);
    expect(status).toBe(expected);
    expect(body.type).toBeDefined();
    expect(writes()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('refuses goods on a closed order with 409 and writes nothing', async () => {
    serveRows(ddb, purchaseOrderRow({ ...purchaseOrderIn('SENT'), status: 'CLOSED' }));
    const { status, body } = await receiveAs(picker, [{ sku: SKU, quantity: 1, defectsFound: 0 }]);
    expect(status).toBe(409);
    expect(body.code).toBe('PurchaseOrderClosed');
    expect(writes()).toHaveLength(0);
  });

  it('is for the warehouse: an operator gets 403', async () => {
    expect((await receiveAs(buyer, [{ sku: SKU, quantity: 1, defectsFound: 0 }])).status).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('GET /purchase-orders and /purchase-orders/{id}', () => {
  it('lists by a Query of the status index (PENDING_APPROVAL by default for operators), newest first', async () => {
    ddb.on(QueryCommand).resolves({ Items: [purchaseOrderRow(purchaseOrderIn('PENDING_APPROVAL'))] });
    const { status, body } = await list(httpEvent(buyer, { method: 'GET', path: '/purchase-orders' }), context).then(parse);
    expect(status).toBe(200);
    expect(body.items).toEqual([expect.objectContaining({ purchaseOrderId: PO_ID, status: 'PENDING_APPROVAL', skus: [SKU] })]);
    const query = ddb.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(query).toMatchObject({ IndexName: 'GSI1', ExpressionAttributeValues: { ':partition': 'PURCHASE_ORDERS#PENDING_APPROVAL' }, ScanIndexForward: false });
  });

  it('lists what the warehouse expects (SENT) by default, or the status asked for', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    await list(httpEvent(picker, { method: 'GET', path: '/purchase-orders' }), context);
    await list(httpEvent(picker, { method: 'GET', path: '/purchase-orders', query: { status: 'CLOSED' } }), context);
    expect(ddb.commandCalls(QueryCommand).map((call) => call.args[0].input.ExpressionAttributeValues?.[':partition'])).toEqual(['PURCHASE_ORDERS#SENT', 'PURCHASE_ORDERS#CLOSED']);
  });

  it('reads one order without its task tokens; 404 for an unknown one', async () => {
    serveRows(ddb, purchaseOrderRow(purchaseOrderIn('SENT', { receiptToken: RECEIPT_TOKEN })));
    const found = await get(httpEvent(picker, { method: 'GET', path: `/purchase-orders/${PO_ID}`, pathParameters: { id: PO_ID } }), context).then(parse);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ purchaseOrderId: PO_ID, status: 'SENT', expectedBy: '2030-07-23T08:00:00.000Z' });
    expect(JSON.stringify(found.body)).not.toContain(RECEIPT_TOKEN);
    expect(found.body).not.toHaveProperty('version');
    const other = '01J00000000000000000000P0B';
    expect((await get(httpEvent(picker, { method: 'GET', path: `/purchase-orders/${other}`, pathParameters: { id: other } }), context).then(parse)).status).toBe(404);
  });
});
