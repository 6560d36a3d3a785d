import { describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { cancelledWith, serveRows } from '../orders/support';
import { handler as createPurchaseOrder } from '../../../functions/inventory/create-purchase-order';
import { handler as submitForApproval } from '../../../functions/inventory/submit-purchase-order';
import { handler as requestApproval } from '../../../functions/inventory/request-po-approval';
import { handler as cancelPurchaseOrder } from '../../../functions/inventory/cancel-purchase-order';
import { handler as raiseOverdue } from '../../../functions/inventory/raise-po-overdue';
import { mockedAws } from '../mocked-aws';
import { EXECUTION, NOW, PO_ID, purchaseOrderIn, purchaseOrderRow, SKU, SUPPLIER_ID } from './support';

const { ddb, sfn } = mockedAws(NOW);

const ref = { sku: SKU, correlationId: 'corr-1', executionName: EXECUTION };
const guardRow = { pk: `RESTOCK#${EXECUTION}`, sk: 'RESTOCK', entity: 'RestockGuard', purchaseOrderId: PO_ID };
const writes = () => ddb.calls().filter((call) => !(call.args[0] instanceof GetCommand) && !(call.args[0] instanceof QueryCommand));
const transactionItems = () => ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;

describe('restock workflow tasks', () => {
  const supplier = { supplierId: SUPPLIER_ID, standing: 'APPROVED', unitCost: { amount: 3500, currency: 'EUR' }, leadTimeDays: 21, aql: 'AQL 2.5 General Inspection Level II', chosen: true };

  it('CreatePurchaseOrder: a DRAFT, its guard, the stock record marked open and PurchaseOrderCreated, together', async () => {
    serveRows(ddb);
    ddb.on(TransactWriteCommand).resolves({});
    const created = await createPurchaseOrder({ ...ref, quantity: 100, supplier });
    expect(created).toMatchObject({ purchaseOrderId: expect.stringMatching(/^[0-9A-Z]{26}$/), total: { amount: 350_000, currency: 'EUR' } });
    const items = transactionItems();
    expect(items[0]!.Put).toMatchObject({ Item: { pk: `RESTOCK#${EXECUTION}`, purchaseOrderId: created.purchaseOrderId }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(items[1]!.Put!.Item).toMatchObject({ status: 'DRAFT', gsi1pk: 'PURCHASE_ORDERS#DRAFT', aql: '2.5', executionName: EXECUTION, version: 1 });
    expect(items[2]!.Update).toMatchObject({ Key: { pk: `SKU#${SKU}`, sk: 'STOCK' }, ExpressionAttributeValues: { ':purchaseOrderId': created.purchaseOrderId } });
    expect(items[3]!.Put!.Item).toMatchObject({ detailType: 'PurchaseOrderCreated' });
  });

  it('CreatePurchaseOrder run again answers the order the first run created, writing nothing', async () => {
    serveRows(ddb, guardRow, purchaseOrderRow(purchaseOrderIn('DRAFT')));
    expect(await createPurchaseOrder({ ...ref, quantity: 100, supplier })).toMatchObject({ purchaseOrderId: PO_ID });
    expect(writes()).toHaveLength(0);
  });

  it('CreatePurchaseOrder raises none while the SKU has an order open (a restock asked for twice)', async () => {
    serveRows(ddb, { pk: `SKU#${SKU}`, sk: 'STOCK', sku: SKU, openPurchaseOrderId: 'OTHER-PO' });
    ddb.on(TransactWriteCommand).rejects(cancelledWith('None', 'None', 'ConditionalCheckFailed', 'None'));
    expect(await createPurchaseOrder({ ...ref, quantity: 100, supplier })).toEqual({ alreadyOnOrder: true, purchaseOrderId: 'OTHER-PO' });
    expect(transactionItems()[2]!.Update!.ConditionExpression).toBe('attribute_exists(pk) AND attribute_not_exists(openPurchaseOrderId)');
  });

  it('SubmitForApproval approves within the limit (5,000.00 EUR by default) and answers the approval wait timing', async () => {
    serveRows(ddb, guardRow, purchaseOrderRow(purchaseOrderIn('DRAFT')));
    ddb.on(TransactWriteCommand).resolves({});
    const submitted = await submitForApproval(ref);
    expect(submitted).toMatchObject({ status: 'APPROVED', route: 'AUTO', timing: { reminderAfterSeconds: 24 * 3600, expireAfterReminderSeconds: 24 * 3600 } });
    expect(transactionItems()[1]!.Put!.Item).toMatchObject({ detailType: 'PurchaseOrderApproved' });
  });

  it('SubmitForApproval on an order already submitted changes nothing', async () => {
    serveRows(ddb, guardRow, purchaseOrderRow(purchaseOrderIn('PENDING_APPROVAL')));
    expect(await submitForApproval(ref)).toMatchObject({ status: 'PENDING_APPROVAL' });
    expect(writes()).toHaveLength(0);
  });

  it('the approval wait stores its token while the order awaits a decision', async () => {
    serveRows(ddb, guardRow, purchaseOrderRow(purchaseOrderIn('PENDING_APPROVAL')));
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(GetCommand, { Key: { pk: `PURCHASE_ORDER#${PO_ID}`, sk: 'PURCHASE_ORDER' } }).resolves({ Item: purchaseOrderRow(purchaseOrderIn('PENDING_APPROVAL')) });
    expect(await requestApproval({ ...ref, taskToken: 'token-2' })).toEqual({ waiting: true });
    expect(writes()).toHaveLength(1);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('the approval wait hands a decision taken while nobody listened back at once', async () => {
    serveRows(ddb, guardRow, purchaseOrderRow(purchaseOrderIn('APPROVED')));
    sfn.on(SendTaskSuccessCommand).resolves({});
    expect(await requestApproval({ ...ref, taskToken: 'token-2' })).toEqual({ waiting: false });
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input).toEqual({ taskToken: 'token-2', output: JSON.stringify({ approved: true, expired: false }) });
    expect(writes()).toHaveLength(0);
  });

  it('CancelPurchaseOrder undoes nothing when the restock never created an order, nor a sent one', async () => {
    serveRows(ddb);
    expect(await cancelPurchaseOrder(ref)).toEqual({ cancelled: false });
    serveRows(ddb, guardRow, purchaseOrderRow(purchaseOrderIn('SENT')));
    expect(await cancelPurchaseOrder(ref)).toEqual({ cancelled: false });
    expect(writes()).toHaveLength(0);
  });

  it('CancelPurchaseOrder cancels an order not yet sent (RESTOCK_FAILED) and frees the SKU for another restock', async () => {
    serveRows(ddb, guardRow, purchaseOrderRow(purchaseOrderIn('PENDING_APPROVAL', { approvalToken: 'token-1' })));
    ddb.on(TransactWriteCommand).resolves({});
    expect(await cancelPurchaseOrder(ref)).toEqual({ cancelled: true });
    const items = transactionItems();
    expect(items[0]!.Put!.Item).toMatchObject({ status: 'CANCELLED', cancelReason: 'RESTOCK_FAILED' });
    expect(items[0]!.Put!.Item).not.toHaveProperty('approvalToken');
    expect(items.some((item) => item.Update?.UpdateExpression?.startsWith('REMOVE openPurchaseOrderId'))).toBe(true);
  });

  it('AlertPurchaseOrderOverdue marks the sent order overdue once, with PurchaseOrderOverdue', async () => {
    serveRows(ddb, guardRow, purchaseOrderRow(purchaseOrderIn('SENT')));
    ddb.on(TransactWriteCommand).resolves({});
    expect(await raiseOverdue(ref)).toEqual({ overdue: true });
    expect(transactionItems()[1]!.Put!.Item).toMatchObject({ detailType: 'PurchaseOrderOverdue' });

    ddb.reset();
    serveRows(ddb, guardRow, purchaseOrderRow(purchaseOrderIn('SENT', { overdueAt: NOW.toISOString() })));
    expect(await raiseOverdue(ref)).toEqual({ overdue: true });
    expect(writes()).toHaveLength(0);
  });
});
