/**
 * Restock on THE TEMPLATE'S ASL: the `restock` machine the local cloud reads from the synthesized CDK app,
 * started by RestockRequested published through the outbox, with the real task handlers on DynamoDB Local.
 * Operators decide and the warehouse receives over HTTP; deadlines come forward through the probe's advance.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LambdaInvocationError } from '../../infra/local/model';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { restockHarness, type RestockHarness } from './restock-harness';

const TO_ORDER = ['ComputeQuantity', 'IsReorderDue', 'ChooseSupplier', 'HasEligibleSupplier', 'CreatePurchaseOrder', 'IsAlreadyOnOrder', 'SubmitForApproval', 'NeedsOperatorApproval'];
const TO_CLOSE = ['ClosePurchaseOrder', 'Restocked'];

describe('restock', () => {
  let cloud: TestCloud;
  let restock: RestockHarness;

  beforeAll(async () => {
    cloud = await sharedTestCloud();
    restock = restockHarness(cloud);
  });
  afterAll(async () => {
    await cloud?.stop();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Fails every invocation of the task function built from `entry` (Lambda throttling, after its retries); the rest run for real. */
  function breakTask(entry: string) {
    const target = restock.functionFor(entry);
    const realInvoke = cloud.lambda.invoke.bind(cloud.lambda);
    vi.spyOn(cloud.lambda, 'invoke').mockImplementation(async (functionNameOrArn, event) => {
      if (functionNameOrArn === target.arn || functionNameOrArn === target.name) throw new LambdaInvocationError('Lambda.TooManyRequestsException', 'injected by the test');
      return realInvoke(functionNameOrArn, event);
    });
  }

  it('auto-approves an order within the limit, sends it, puts the received goods on hand and closes it', async () => {
    const sku = await restock.lowSku();
    await restock.requestRestock(sku);

    const sent = await restock.purchaseOrderOf(sku, 'SENT', 'receiptToken');
    expect(sent).toMatchObject({
      supplierId: '01JDEM0SVPP11ER00000000001',
      lines: [{ sku, quantityOrdered: 100, unitCost: { amount: 3500, currency: 'EUR' } }],
      total: { amount: 350_000, currency: 'EUR' },
      approval: { route: 'AUTO', reason: 'WITHIN_LIMIT' },
      aql: '2.5',
    });
    await restock.notification('customer-notifications', 'PurchaseOrderSent', 'purchaseOrderId', sent.purchaseOrderId);
    // The low-stock job asks for no second restock while this order is open.
    expect(await restock.readStock(sku)).toMatchObject({ openPurchaseOrderId: sent.purchaseOrderId });

    const received = await restock.receive(sent.purchaseOrderId, [{ sku, quantity: 100, defectsFound: 1 }]);
    expect(received.status).toBe(201);
    expect(received.body.receipts[0].lines[0].inspection).toMatchObject({ codeLetter: 'F', sampleSize: 20, acceptNumber: 1, verdict: 'ACCEPTED' });

    const executionArn = await restock.executionOf(sku);
    const { status, path } = await restock.finishedAs(executionArn);
    expect(status).toBe('SUCCEEDED');
    expect(path).toEqual([...TO_ORDER, 'SendToSupplier', 'AwaitGoodsReceipt', 'IsFullyReceived', ...TO_CLOSE]);
    expect(await restock.readStock(sku)).toMatchObject({ onHand: 100, available: 100, reserved: 0 });
    const closed = await restock.readPurchaseOrder(sent.purchaseOrderId);
    expect(closed).toMatchObject({ status: 'CLOSED', performance: { unitsOrdered: 100, unitsAccepted: 100, fillRate: 1, onTime: true } });
    expect(closed).not.toHaveProperty('receiptToken');
    expect(await restock.readStock(sku)).not.toHaveProperty('openPurchaseOrderId');
    // The delivered lead time is kept for the supplier's next reorder points, from the receipt's own write.
    expect(await restock.readRow(`SUPPLIER_LEAD_TIMES#${sent.supplierId}`, `${closed!.receipts[0].receivedAt}#${sent.purchaseOrderId}`)).toMatchObject({ promisedDays: 21, days: expect.any(Number) });
  });

  it('raises one order when the restock is asked for twice: the second run counts the open order as on order and ends', async () => {
    const sku = await restock.lowSku();
    await restock.requestRestock(sku);
    const sent = await restock.purchaseOrderOf(sku, 'SENT', 'receiptToken');
    await restock.requestRestock(sku);

    const second = await cloud.waitFor(async () => {
      for (const executionArn of await restock.executionsOf(sku)) {
        const path = await restock.statePath(executionArn);
        if (path.at(-1) === 'NothingToReorder') return { executionArn, path };
      }
      return undefined;
    }, { timeoutMs: 30_000, intervalMs: 200, message: `a second restock of ${sku} to end` });
    // Nothing available, but the open order's 100 are on order: the position is above the reorder point of 10.
    expect(second.path).toEqual(['ComputeQuantity', 'IsReorderDue', 'NothingToReorder']);
    const described = await restock.finished(second.executionArn);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output ?? '{}').quantity).toMatchObject({ onOrder: 100, inventoryPosition: 100, reorderQuantity: 0 });
    expect(await restock.readRow(`RESTOCK#${second.executionArn.split(':').at(-1)}`, 'RESTOCK')).toBeUndefined();
    expect(await restock.readStock(sku)).toMatchObject({ openPurchaseOrderId: sent.purchaseOrderId });
  });

  it('waits for an operator over the limit: approved, it goes to the supplier; a second decision is 409', async () => {
    const sku = await restock.lowSku(200);
    await restock.requestRestock(sku);

    const pending = await restock.purchaseOrderOf(sku, 'PENDING_APPROVAL', 'approvalToken');
    expect(pending).toMatchObject({ total: { amount: 1_001_000, currency: 'EUR' }, approval: { route: 'OPERATOR', reason: 'OVER_LIMIT' } });
    await restock.notification('ops-alerts', 'PurchaseOrderAwaitingApproval', 'purchaseOrderId', pending.purchaseOrderId);

    const listed = await cloud.api('GET', '/purchase-orders', { token: await restock.operatorToken() });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((item: { purchaseOrderId: string }) => item.purchaseOrderId)).toContain(pending.purchaseOrderId);

    const approved = await restock.decide(pending.purchaseOrderId, true, 'Autumn range');
    expect(approved.status).toBe(202);
    expect(approved.body).toMatchObject({ status: 'APPROVED', approval: { decidedBy: 'buyer-bea', note: 'Autumn range' } });
    await restock.purchaseOrderOf(sku, 'SENT', 'receiptToken');

    const again = await restock.decide(pending.purchaseOrderId, false);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PurchaseOrderNotAwaitingDecision');
    expect((await restock.readPurchaseOrder(pending.purchaseOrderId))?.status).toBe('SENT');

    const executionArn = await restock.executionOf(sku);
    expect(await restock.statePath(executionArn)).toEqual([...TO_ORDER, 'AwaitApprovalDecision', 'IsApproved', 'SendToSupplier', 'AwaitGoodsReceipt']);
  });

  it('ends without sending when the operator rejects the order', async () => {
    const sku = await restock.lowSku(200);
    await restock.requestRestock(sku);
    const pending = await restock.purchaseOrderOf(sku, 'PENDING_APPROVAL', 'approvalToken');

    const rejected = await restock.decide(pending.purchaseOrderId, false, 'Range discontinued');
    expect(rejected.status).toBe(202);
    const { status, path } = await restock.finishedAs(await restock.executionOf(sku));
    expect(status).toBe('SUCCEEDED');
    expect(path.slice(-3)).toEqual(['AwaitApprovalDecision', 'IsApproved', 'RejectedByOperator']);
    expect(await restock.readPurchaseOrder(pending.purchaseOrderId)).toMatchObject({ status: 'REJECTED', approval: { note: 'Range discontinued' } });
    expect(await restock.readStock(sku)).not.toHaveProperty('openPurchaseOrderId');
  });

  it('never buys from a SUSPENDED supplier: no order, an alert to ops', async () => {
    const sku = await restock.suspendedSupplierSku();
    await restock.requestRestock(sku);

    const { status, path } = await restock.finishedAs(await restock.executionOf(sku));
    expect(status).toBe('SUCCEEDED');
    expect(path).toEqual(['ComputeQuantity', 'IsReorderDue', 'ChooseSupplier', 'HasEligibleSupplier', 'AlertNoEligibleSupplier', 'NoEligibleSupplier']);
    const alert = await restock.notification('ops-alerts', 'RestockNotPossible', 'sku', sku);
    expect(alert.detail.reason).toBe('NO_ELIGIBLE_SUPPLIER');
    expect(alert.summary).toContain('SUSPENDED');
    expect(await restock.readStock(sku)).not.toHaveProperty('openPurchaseOrderId');
  });

  it('cancels the order (APPROVAL_TIMED_OUT) and alerts ops when nobody decides after the reminder', async () => {
    const sku = await restock.lowSku(200);
    await restock.requestRestock(sku);
    const pending = await restock.purchaseOrderOf(sku, 'PENDING_APPROVAL', 'approvalToken');

    await restock.advance(sku, 'AwaitApprovalDecision');
    await restock.notification('ops-alerts', 'PurchaseOrderApprovalReminderDue', 'purchaseOrderId', pending.purchaseOrderId);
    await restock.advance(sku, 'AwaitApprovalDecisionAfterReminder');

    const executionArn = await restock.executionOf(sku);
    const { status, path } = await restock.finishedAs(executionArn);
    expect(status).toBe('SUCCEEDED');
    expect(path.slice(-6)).toEqual(['AwaitApprovalDecision', 'RemindApprovers', 'AwaitApprovalDecisionAfterReminder', 'ExpireApproval', 'IsApproved', 'ApprovalTimedOut']);
    expect(await restock.readPurchaseOrder(pending.purchaseOrderId)).toMatchObject({ status: 'CANCELLED', cancelReason: 'APPROVAL_TIMED_OUT' });
    expect(await restock.readStock(sku)).not.toHaveProperty('openPurchaseOrderId');
    const alert = await restock.notification('ops-alerts', 'PurchaseOrderCancelled', 'purchaseOrderId', pending.purchaseOrderId);
    expect(alert.detail.reason).toBe('APPROVAL_TIMED_OUT');

    const late = await restock.decide(pending.purchaseOrderId, true);
    expect(late.status).toBe(409);
  });

  it('keeps the order open after a partial receipt and closes it when the rest comes', async () => {
    const sku = await restock.lowSku();
    await restock.requestRestock(sku);
    const sent = await restock.purchaseOrderOf(sku, 'SENT', 'receiptToken');

    const first = await restock.receive(sent.purchaseOrderId, [{ sku, quantity: 40, defectsFound: 0 }]);
    expect(first.status).toBe(201);
    expect(first.body.status).toBe('PARTIALLY_RECEIVED');
    expect(await restock.readStock(sku)).toMatchObject({ onHand: 40, available: 40 });
    await restock.purchaseOrderOf(sku, 'PARTIALLY_RECEIVED', 'receiptToken');

    const tooMany = await restock.receive(sent.purchaseOrderId, [{ sku, quantity: 61, defectsFound: 0 }]);
    expect(tooMany.status).toBe(422);
    expect(await restock.readStock(sku)).toMatchObject({ onHand: 40 });

    const rest = await restock.receive(sent.purchaseOrderId, [{ sku, quantity: 60, defectsFound: 0 }]);
    expect(rest.body.status).toBe('RECEIVED');

    const { status, path } = await restock.finishedAs(await restock.executionOf(sku));
    expect(status).toBe('SUCCEEDED');
    expect(path.slice(-7)).toEqual(['SendToSupplier', 'AwaitGoodsReceipt', 'IsFullyReceived', 'AwaitGoodsReceipt', 'IsFullyReceived', ...TO_CLOSE]);
    expect(await restock.readStock(sku)).toMatchObject({ onHand: 100, available: 100 });
    const closed = await cloud.api('POST', `/purchase-orders/${sent.purchaseOrderId}/receipts`, {
      token: await restock.warehouseToken(),
      body: { lines: [{ sku, quantity: 1, defectsFound: 0 }] },
      headers: { 'idempotency-key': `closed-${sent.purchaseOrderId}` },
    });
    expect(closed.status).toBe(409);
  });

  it('rejects a lot on its QC sample: nothing goes on hand, an incident and an alert; a good lot then completes it', async () => {
    const sku = await restock.lowSku();
    await restock.requestRestock(sku);
    const sent = await restock.purchaseOrderOf(sku, 'SENT', 'receiptToken');

    const bad = await restock.receive(sent.purchaseOrderId, [{ sku, quantity: 100, defectsFound: 2 }]);
    expect(bad.status).toBe(201);
    expect(bad.body).toMatchObject({ status: 'PARTIALLY_RECEIVED', lines: [{ quantityAccepted: 0, quantityRejected: 100 }] });
    expect(bad.body.receipts[0].lines[0].inspection).toMatchObject({ sampleSize: 20, rejectNumber: 2, defectsFound: 2, verdict: 'REJECTED' });
    expect(await restock.readStock(sku)).toMatchObject({ onHand: 0 });
    const alert = await restock.notification('ops-alerts', 'LotRejected', 'purchaseOrderId', sent.purchaseOrderId);
    expect(alert.detail).toMatchObject({ sku, quantity: 100 });
    const receiptId = bad.body.receipts[0].receiptId as string;
    expect(await restock.readRow(`PURCHASE_ORDER#${sent.purchaseOrderId}`, `QUALITY_INCIDENT#${receiptId}#${sku}`)).toMatchObject({ supplierId: sent.supplierId, defectsFound: 2 });

    await restock.purchaseOrderOf(sku, 'PARTIALLY_RECEIVED', 'receiptToken');
    const good = await restock.receive(sent.purchaseOrderId, [{ sku, quantity: 100, defectsFound: 0 }]);
    expect(good.body.status).toBe('RECEIVED');
    expect((await restock.finishedAs(await restock.executionOf(sku))).status).toBe('SUCCEEDED');
    expect(await restock.readPurchaseOrder(sent.purchaseOrderId)).toMatchObject({ status: 'CLOSED', performance: { unitsAccepted: 100, fillRate: 1 } });
  });

  it('alerts ops once when the goods are overdue and keeps waiting for them', async () => {
    const sku = await restock.lowSku();
    await restock.requestRestock(sku);
    const sent = await restock.purchaseOrderOf(sku, 'SENT', 'receiptToken');

    await restock.advance(sku, 'AwaitGoodsReceipt');
    await restock.notification('ops-alerts', 'PurchaseOrderOverdue', 'purchaseOrderId', sent.purchaseOrderId);
    const overdue = await cloud.waitFor(async () => {
      const order = await restock.readPurchaseOrder(sent.purchaseOrderId);
      return order?.overdueAt && order.receiptToken !== sent.receiptToken ? order : undefined;
    }, { timeoutMs: 30_000, intervalMs: 100, message: 'the overdue order to wait again' });
    expect(overdue.status).toBe('SENT');

    const received = await restock.receive(sent.purchaseOrderId, [{ sku, quantity: 100, defectsFound: 0 }]);
    expect(received.status).toBe(201);
    const { status, path } = await restock.finishedAs(await restock.executionOf(sku));
    expect(status).toBe('SUCCEEDED');
    expect(path.slice(-6)).toEqual(['AwaitGoodsReceipt', 'AlertPurchaseOrderOverdue', 'AwaitGoodsReceiptAfterOverdue', 'IsFullyReceived', ...TO_CLOSE]);
    expect(restock.notificationsNow('ops-alerts', 'PurchaseOrderOverdue', 'purchaseOrderId', sent.purchaseOrderId)).toHaveLength(1);
    // Reported overdue, so late for the supplier's on-time rate (the expected date itself is 21 days out: the timer only came forward).
    expect(await restock.readPurchaseOrder(sent.purchaseOrderId)).toMatchObject({ status: 'CLOSED', overdueAt: overdue.overdueAt, performance: { onTime: false } });
  });

  it('cancels the unsent order (RESTOCK_FAILED) and alerts ops when sending keeps failing', async () => {
    const sku = await restock.lowSku();
    breakTask('functions/inventory/send-purchase-order.ts');
    await restock.requestRestock(sku);

    const { status, path } = await restock.finishedAs(await restock.executionOf(sku));
    vi.restoreAllMocks();
    expect(status).toBe('FAILED');
    expect(path.slice(-4)).toEqual(['SendToSupplier', 'CancelPurchaseOrderOnFailure', 'AlertRestockFailedOnFailure', 'RestockFailed']);
    const cancelled = await restock.purchaseOrderOf(sku, 'CANCELLED');
    expect(cancelled.cancelReason).toBe('RESTOCK_FAILED');
    expect(await restock.readStock(sku)).not.toHaveProperty('openPurchaseOrderId');
    const alert = await restock.notification('ops-alerts', 'RestockFailed', 'sku', sku);
    expect(alert.detail.purchaseOrderId).toBe(cancelled.purchaseOrderId);
  });

  it('an operator closes short an order received in part: CLOSED with its performance, the SKU free, the workflow ends', async () => {
    const sku = await restock.lowSku();
    await restock.requestRestock(sku);
    const sent = await restock.purchaseOrderOf(sku, 'SENT', 'receiptToken');
    expect((await restock.receive(sent.purchaseOrderId, [{ sku, quantity: 40, defectsFound: 0 }])).status).toBe(201);
    await restock.purchaseOrderOf(sku, 'PARTIALLY_RECEIVED', 'receiptToken');

    const closed = await restock.close(sent.purchaseOrderId, 'The rest is discontinued');
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'CLOSED', closeReason: 'The rest is discontinued', performance: { unitsOrdered: 100, unitsAccepted: 40, fillRate: 0.4 } });

    const { status, path } = await restock.finishedAs(await restock.executionOf(sku));
    expect(status).toBe('SUCCEEDED');
    expect(path.slice(-5)).toEqual(['AwaitGoodsReceipt', 'IsFullyReceived', 'AwaitGoodsReceipt', 'IsFullyReceived', 'EndedByOperator']);
    expect(await restock.readStock(sku)).toMatchObject({ onHand: 40, available: 40 });
    expect(await restock.readStock(sku)).not.toHaveProperty('openPurchaseOrderId');
    const again = await restock.close(sent.purchaseOrderId, 'Twice');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PurchaseOrderNotOpen');
  });

  it('an operator cancels an overdue order nothing came for: CANCELLED, the SKU free for a new restock, the workflow ends', async () => {
    const sku = await restock.lowSku();
    await restock.requestRestock(sku);
    const sent = await restock.purchaseOrderOf(sku, 'SENT', 'receiptToken');
    await restock.advance(sku, 'AwaitGoodsReceipt');
    await cloud.waitFor(async () => {
      const order = await restock.readPurchaseOrder(sent.purchaseOrderId);
      return order?.overdueAt && order.receiptToken && order.receiptToken !== sent.receiptToken ? order : undefined;
    }, { timeoutMs: 30_000, intervalMs: 100, message: 'the overdue order to wait again' });

    const cancelled = await restock.close(sent.purchaseOrderId, 'Supplier cannot deliver this season');
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', cancelReason: 'Supplier cannot deliver this season' });

    const { status, path } = await restock.finishedAs(await restock.executionOf(sku));
    expect(status).toBe('SUCCEEDED');
    expect(path.slice(-4)).toEqual(['AlertPurchaseOrderOverdue', 'AwaitGoodsReceiptAfterOverdue', 'IsFullyReceived', 'EndedByOperator']);
    expect(await restock.readStock(sku)).not.toHaveProperty('openPurchaseOrderId');
    await restock.notification('ops-alerts', 'PurchaseOrderCancelled', 'purchaseOrderId', sent.purchaseOrderId);
    const goods = await restock.receive(sent.purchaseOrderId, [{ sku, quantity: 100, defectsFound: 0 }]);
    expect(goods.status).toBe(409);
  });
});
