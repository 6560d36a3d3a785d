/**
 * POST /purchase-orders/{id}/close against mocked AWS: an operator cancels an order nothing came for, or closes
 * short one received in part; the SKU's open-order mark goes in the same transaction and the restock
 * workflow's wait for goods is woken to end. Any other order, an unknown one, or a body without a reason is
 * refused as problem+json and writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { context, httpEvent, parse, type Caller } from '../suppliers/support';
import { serveRows } from '../orders/support';
import { handler as closeRoute } from '../../../functions/inventory/end-purchase-order';
import { receiptChange } from '../../../shared/domain/inventory/restock';
import type { StoredPurchaseOrder } from '../../../shared/adapters/purchase-orders-repository';
import { mockedAws } from '../mocked-aws';
import { buyer, NOW, PO_ID, picker, purchaseOrderIn, purchaseOrderKey, purchaseOrderRow, RECEIPT_TOKEN, SKU } from './support';

const { ddb, sfn } = mockedAws(NOW);

const writes = () => ddb.calls().filter((call) => !(call.args[0] instanceof GetCommand) && !(call.args[0] instanceof QueryCommand));
const closeAs = (caller: Caller, body: unknown, id = PO_ID) =>
  closeRoute(httpEvent(caller, { method: 'POST', path: `/purchase-orders/${id}/close`, pathParameters: { id }, body }), context).then(parse);
const transactionItems = () => ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
const partlyReceived = (extra: Partial<StoredPurchaseOrder> = {}): StoredPurchaseOrder => ({
  ...receiptChange(purchaseOrderIn('SENT'), { receiptId: 'R1', receivedBy: picker.sub, lines: [{ sku: SKU, quantity: 40, defectsFound: 0 }] }, NOW).next,
  executionName: 'restock-exec-1',
  version: 4,
  ...extra,
});

describe('POST /purchase-orders/{id}/close', () => {
  it('cancels a sent order nothing came for: the order, the SKU freed and PurchaseOrderCancelled together, then ends the wait', async () => {
    serveRows(ddb, purchaseOrderRow(purchaseOrderIn('SENT', { receiptToken: RECEIPT_TOKEN })));
    ddb.on(TransactWriteCommand).resolves({});
    sfn.on(SendTaskSuccessCommand).resolves({});

    const { status, body } = await closeAs(buyer, { reason: 'Supplier cannot deliver this season' });

    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'CANCELLED', cancelReason: 'Supplier cannot deliver this season' });
    expect(JSON.stringify(body)).not.toContain(RECEIPT_TOKEN);
    const items = transactionItems();
    expect(items[0]!.Put).toMatchObject({ ExpressionAttributeValues: { ':version': 3, ':status': 'SENT' }, Item: { ...purchaseOrderKey, status: 'CANCELLED', gsi1pk: 'PURCHASE_ORDERS#CANCELLED', version: 4 } });
    expect(items[0]!.Put!.Item).not.toHaveProperty('receiptToken');
    expect(items.map((item) => item.Put?.Item?.detailType).filter(Boolean)).toEqual(['PurchaseOrderCancelled']);
    expect(items.find((item) => item.Update?.UpdateExpression?.startsWith('REMOVE openPurchaseOrderId'))!.Update!.Key).toEqual({ pk: `SKU#${SKU}`, sk: 'STOCK' });
    const output = JSON.parse(sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input.output!);
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input.taskToken).toBe(RECEIPT_TOKEN);
    expect(output).toMatchObject({ endedByOperator: true, complete: false });
  });

  it('closes short an order received in part, with its delivery performance for the scorecard', async () => {
    serveRows(ddb, purchaseOrderRow(partlyReceived({ receiptToken: RECEIPT_TOKEN })));
    ddb.on(TransactWriteCommand).resolves({});
    sfn.on(SendTaskSuccessCommand).resolves({});

    const { status, body } = await closeAs(buyer, { reason: 'The rest is discontinued' });

    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'CLOSED', closeReason: 'The rest is discontinued', performance: { unitsOrdered: 100, unitsAccepted: 40, fillRate: 0.4, onTime: true, leadTimeDays: 0 } });
    const items = transactionItems();
    expect(items[0]!.Put!.Item).toMatchObject({ status: 'CLOSED', performance: { fillRate: 0.4 } });
    expect(items.map((item) => item.Put?.Item?.detailType).filter(Boolean)).toEqual(['PurchaseOrderClosed']);
    expect(items.some((item) => item.Update?.UpdateExpression?.startsWith('REMOVE openPurchaseOrderId'))).toBe(true);
    // Closed short is no delivered lead time: nothing is added to the supplier's.
    expect(items.some((item) => item.Put?.Item?.entity === 'LeadTimeObservation')).toBe(false);
    expect(JSON.parse(sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input.output!)).toMatchObject({ endedByOperator: true, complete: true });
  });

  it('writes and resumes nothing more when the wait has no token (the workflow is between steps; its next wait finds the order ended)', async () => {
    serveRows(ddb, purchaseOrderRow(purchaseOrderIn('SENT')));
    ddb.on(TransactWriteCommand).resolves({});
    expect((await closeAs(buyer, { reason: 'Duplicate order' })).status).toBe(200);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(sfn.calls()).toHaveLength(0);
  });

  it.each([
    ['DRAFT', purchaseOrderIn('DRAFT')],
    ['PENDING_APPROVAL', purchaseOrderIn('PENDING_APPROVAL')],
    ['APPROVED', purchaseOrderIn('APPROVED')],
    ['RECEIVED', { ...purchaseOrderIn('SENT'), status: 'RECEIVED' as const }],
    ['CLOSED', { ...purchaseOrderIn('SENT'), status: 'CLOSED' as const }],
    ['CANCELLED', { ...purchaseOrderIn('SENT'), status: 'CANCELLED' as const }],
  ])('answers 409 PurchaseOrderNotOpen for a %s order and writes nothing', async (_status, order) => {
    serveRows(ddb, purchaseOrderRow({ ...order, receiptToken: RECEIPT_TOKEN }));
    const { status, body } = await closeAs(buyer, { reason: 'Changed our mind' });
    expect(status).toBe(409);
    expect(body).toMatchObject({ code: 'PurchaseOrderNotOpen', status: 409 });
    expect(writes()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('answers 404 for an unknown order and writes nothing', async () => {
    serveRows(ddb);
    const { status, body } = await closeAs(buyer, { reason: 'Changed our mind' }, '01J00000000000000000000P0B');
    expect(status).toBe(404);
    expect(body.type).toBeDefined();
    expect(writes()).toHaveLength(0);
  });

  it.each([
    ['no reason', {}],
    ['a blank reason', { reason: '   ' }],
    ['an unknown field', { reason: 'x', status: 'CLOSED' }],
  ])('answers 400 for %s, reading and writing nothing', async (_what, body) => {
    const response = await closeRoute(httpEvent(buyer, { method: 'POST', path: `/purchase-orders/${PO_ID}/close`, pathParameters: { id: PO_ID }, body }), context);
    expect(response.statusCode).toBe(400);
    expect(String(response.headers?.['content-type'] ?? response.headers?.['Content-Type'])).toContain('application/problem+json');
    expect(ddb.calls()).toHaveLength(0);
  });

  it('is for operators: the warehouse gets 403, nothing read or written', async () => {
    expect((await closeAs(picker, { reason: 'x' })).status).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });
});
