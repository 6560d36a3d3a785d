import { afterEach, describe, expect, it, vi } from 'vitest';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { context, httpEvent, parse, type Caller } from '../suppliers/support';
import { customer, NOW, orderRow, picker, serveRows, SKU_M, stockRow, storedOrder } from '../orders/support';
import { handler as recordReceipt } from '../../../functions/returns/record-receipt';
import { handler as retryRefund } from '../../../functions/returns/retry-refund';
import { sandboxPayments } from '../../../shared/adapters/payments';
import { requestReturn } from '../../../shared/domain/returns/request';
import { recordReturnReceipt, recordRefundOutcome } from '../../../shared/domain/returns/receipt';
import { DEFAULT_RETURN_RULES } from '../../../shared/domain/returns/rules';
import { emptyTally } from '../../../shared/domain/returns/tally';
import type { Return } from '../../../shared/domain/returns/return';
import { handler as refundReturn } from '../../../functions/returns/refund-return';
import { handler as recordRefundFailed } from '../../../functions/returns/record-refund-failed';
import { mockedAws } from '../mocked-aws';

const { ddb } = mockedAws(NOW);
afterEach(() => vi.restoreAllMocks());

const RETURN_ID = '01J0000000000000000000000T';
const operator: Caller = { sub: 'op-olga', role: 'operator' };
const delivered = (paymentToken = 'tok_approve') =>
  storedOrder('DELIVERED', {
    paymentToken,
    timeline: [{ at: '2030-07-01T08:00:00.000Z', status: 'PENDING' }, { at: '2030-07-01T18:00:00.000Z', status: 'DELIVERED' }],
    payment: { status: 'CAPTURED', method: '•••• 4242', amount: { amount: 27250, currency: 'EUR' }, idempotencyKey: 'payment-1', captureId: 'capt_1' },
  });
const approvedReturn = (order = delivered()) =>
  requestReturn(order, { returnId: RETURN_ID, lines: [{ sku: SKU_M, quantity: 2 }], reason: 'DEFECTIVE', resolution: { type: 'REFUND' }, requestedBy: customer.sub, now: NOW }, { skus: new Map([[SKU_M, { categoryId: 'apparel', productId: 'prod-1', supplierId: 'sup-1' }]]), tally: emptyTally(order.orderId), customerReturnCount: 0, rules: DEFAULT_RETURN_RULES });
const returnRow = (ret: Return, version = 1) => ({ pk: `RETURN#${RETURN_ID}`, sk: 'RETURN', entity: 'Return', ...ret, version });
const receivedReturn = (order = delivered()) => {
  const { next, tally } = approvedReturn(order);
  return recordReturnReceipt(next, order, tally, [{ sku: SKU_M, quantity: 1, disposition: 'RESTOCK' }], picker.sub, NOW, DEFAULT_RETURN_RULES).next!;
};
const failedRefund = (order = delivered()) => recordRefundOutcome(receivedReturn(order), { outcome: 'FAILED', failure: 'PROCESSOR_ERROR: down' }, NOW).next!;
const task = { returnId: RETURN_ID, correlationId: 'corr-1' };

/** The return as the handler reads it: approved twice (the route, then the receipt's read), then as the receipt wrote it. */
const serveReceipt = (order: ReturnType<typeof delivered>, lines: Parameters<typeof recordReturnReceipt>[3]) => {
  const { next, tally } = approvedReturn(order);
  serveRows(ddb, orderRow(order), stockRow(SKU_M), { pk: `ORDER_RETURNS#${order.orderId}`, sk: 'TALLY', ...tally, version: 1 });
  const received = recordReturnReceipt(next, order, tally, lines, picker.sub, NOW, DEFAULT_RETURN_RULES).next!;
  ddb.on(GetCommand, { Key: { pk: `RETURN#${RETURN_ID}`, sk: 'RETURN' } }).resolvesOnce({ Item: returnRow(next) }).resolvesOnce({ Item: returnRow(next) }).resolves({ Item: returnRow(received, 2) });
};

const receive = (body: unknown) => recordReceipt(httpEvent(picker, { method: 'POST', path: `/returns/${RETURN_ID}/receipt`, pathParameters: { id: RETURN_ID }, body }), context).then(parse);
const retry = (caller: Caller = operator) => retryRefund(httpEvent(caller, { method: 'POST', path: `/returns/${RETURN_ID}/refund`, pathParameters: { id: RETURN_ID } }), context).then(parse);
const transactions = () => ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);

describe('POST /returns/{id}/receipt', () => {
  it('writes the return, its tally, the restock (audited, RETURN) and the quality incident in one transaction, and leaves the refund to the workflow', async () => {
    serveReceipt(delivered(), [{ sku: SKU_M, quantity: 1, disposition: 'RESTOCK' }]);
    ddb.on(TransactWriteCommand).resolves({});
    const refund = vi.spyOn(sandboxPayments, 'refund');

    const { status, body } = await receive({ lines: [{ sku: SKU_M, quantity: 1, disposition: 'RESTOCK' }] });

    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'RECEIVED', receipt: { short: true }, refund: { total: { amount: 8900 }, status: 'PENDING', attempts: 0 }, nextStep: expect.stringContaining('on its way') });
    expect(transactions()).toHaveLength(1);
    const [receipt] = transactions();
    const items = receipt!.map((item) => item.Put?.Item ?? item.Update?.Key ?? item.Delete?.Key);
    expect(items).toEqual(expect.arrayContaining([
      expect.objectContaining({ sk: 'RETURN', status: 'RECEIVED', version: 2 }),
      expect.objectContaining({ pk: `ORDER_RETURNS#${delivered().orderId}`, sk: 'TALLY', refundedUnits: { [SKU_M]: 1 }, heldUnits: { [SKU_M]: 1 } }),
      expect.objectContaining({ pk: `SKU#${SKU_M}`, sk: 'STOCK' }),
      expect.objectContaining({ entity: 'StockMovementAudit', kind: 'RETURN', actor: picker.sub, ref: RETURN_ID, before: { onHand: 20, reserved: 0 }, after: { onHand: 21, reserved: 0 } }),
      expect.objectContaining({ entity: 'QualityIncident', source: 'RETURN', sku: SKU_M, supplierId: 'sup-1', gsi2pk: 'SUPPLIER_QUALITY_INCIDENTS#sup-1' }),
      expect.objectContaining({ detailType: 'ReturnReceived' }),
    ]));
    expect(refund).not.toHaveBeenCalled();
  });

  it('debits the supplier for units sent back to it, in the receipt\'s transaction', async () => {
    serveReceipt(delivered(), [{ sku: SKU_M, quantity: 2, disposition: 'RETURN_TO_VENDOR' }]);
    ddb.on(TransactWriteCommand).resolves({});
    const { status } = await receive({ lines: [{ sku: SKU_M, quantity: 2, disposition: 'RETURN_TO_VENDOR' }] });
    expect(status).toBe(200);
    const written = transactions()[0]!.map((item) => item.Put?.Item);
    // No unit cost listed for it here: debited at what the customer paid, 89.00 a unit.
    expect(written).toEqual(expect.arrayContaining([
      expect.objectContaining({ pk: 'SUPPLIER#sup-1', sk: `DEBIT#${NOW.toISOString()}#${RETURN_ID}#${SKU_M}`, entity: 'SupplierDebit', quantity: 2, amount: { amount: 17800, currency: 'EUR' }, basis: 'PAID', reason: 'RETURN_TO_VENDOR' }),
      expect.objectContaining({ detailType: 'ReturnToVendorDebited' }),
    ]));
  });

  it('refuses more than requested (422) and writes nothing', async () => {
    serveRows(ddb, orderRow(delivered()), returnRow(approvedReturn().next), stockRow(SKU_M));
    const { status, body } = await receive({ lines: [{ sku: SKU_M, quantity: 3, disposition: 'RESTOCK' }] });
    expect(status).toBe(422);
    expect(body).toMatchObject({ code: 'MoreThanRequested', errors: [{ field: 'lines.0.quantity' }] });
    // Reads only (the return, the order, the stock, the ledger's rows for the lots): nothing written.
    expect(ddb.calls().filter((call) => !(call.args[0] instanceof GetCommand) && !(call.args[0] instanceof QueryCommand))).toHaveLength(0);
  });

});

describe('POST /returns/{id}/refund', () => {
  it('retries a failed refund with the same key: the provider answers the same refund, so it pays once', async () => {
    serveRows(ddb, orderRow(delivered()), returnRow(failedRefund(), 3));
    ddb.on(TransactWriteCommand).resolves({});
    const refund = vi.spyOn(sandboxPayments, 'refund');

    const first = await retry();
    const again = await retry();

    expect(first.body).toMatchObject({ status: 'REFUNDED', refund: { attempts: 2 } });
    const keys = refund.mock.calls.map(([request]) => request.idempotencyKey);
    expect(keys).toEqual([`refund-${RETURN_ID}`, `refund-${RETURN_ID}`]);
    const ids = await Promise.all(refund.mock.results.map((result) => result.value as Promise<{ refundId: string }>));
    expect(new Set(ids.map((answer) => answer.refundId)).size).toBe(1);
    expect(again.status).toBe(200);
  });

  it('answers 409 NoRefundOwed for a refunded return, without asking the provider', async () => {
    const done = recordRefundOutcome(failedRefund(), { outcome: 'REFUNDED', refundId: 'rfnd_1', refundedAt: NOW.toISOString() }, NOW).next!;
    serveRows(ddb, orderRow(delivered()), returnRow(done, 4));
    const refund = vi.spyOn(sandboxPayments, 'refund');
    const { status, body } = await retry();
    expect(status).toBe(409);
    expect(body.code).toBe('NoRefundOwed');
    expect(refund).not.toHaveBeenCalled();
  });

  it('is for operators only (403)', async () => {
    expect((await retry(customer)).status).toBe(403);
  });
});

describe('the return-lifecycle refund steps', () => {
  it('RefundReturn pays what the receipt owes with the return key and records REFUNDED with ReturnRefunded', async () => {
    serveRows(ddb, orderRow(delivered()), returnRow(receivedReturn(), 2));
    ddb.on(TransactWriteCommand).resolves({});
    const refund = vi.spyOn(sandboxPayments, 'refund');
    expect(await refundReturn(task)).toEqual({ status: 'REFUNDED' });
    expect(refund).toHaveBeenCalledWith(expect.objectContaining({ idempotencyKey: `refund-${RETURN_ID}`, captureId: 'capt_1', amount: { amount: 8900, currency: 'EUR' } }));
    expect(transactions()[0]!.map((item) => item.Put?.Item)).toEqual(expect.arrayContaining([expect.objectContaining({ sk: 'RETURN', status: 'REFUNDED' }), expect.objectContaining({ detailType: 'ReturnRefunded' })]));
  });

  it('RefundReturn throws PaymentProviderUnavailable and writes nothing when the provider fails, so the workflow retries it', async () => {
    serveRows(ddb, orderRow(delivered('tok_refund_error')), returnRow(receivedReturn(delivered('tok_refund_error')), 2));
    await expect(refundReturn(task)).rejects.toMatchObject({ name: 'PaymentProviderUnavailable', message: expect.stringContaining('PROCESSOR_ERROR') });
    expect(transactions()).toHaveLength(0);
  });

  it('RefundReturn on a return refunded meanwhile answers REFUNDED without asking the provider', async () => {
    const done = recordRefundOutcome(failedRefund(), { outcome: 'REFUNDED', refundId: 'rfnd_1', refundedAt: NOW.toISOString() }, NOW).next!;
    serveRows(ddb, orderRow(delivered()), returnRow(done, 4));
    const refund = vi.spyOn(sandboxPayments, 'refund');
    expect(await refundReturn(task)).toEqual({ status: 'REFUNDED' });
    expect(refund).not.toHaveBeenCalled();
  });

  it('RecordRefundFailed leaves REFUND_FAILED with ReturnRefundFailed for ops, the failure read from the caught cause', async () => {
    serveRows(ddb, orderRow(delivered()), returnRow(receivedReturn(), 2));
    ddb.on(TransactWriteCommand).resolves({});
    const cause = JSON.stringify({ errorType: 'PaymentProviderUnavailable', errorMessage: 'TIMEOUT: The payment provider is unavailable (attempt 3)' });
    expect(await recordRefundFailed({ ...task, failure: cause })).toEqual({ status: 'REFUND_FAILED' });
    const written = transactions()[0]!.map((item) => item.Put?.Item);
    expect(written).toEqual(expect.arrayContaining([expect.objectContaining({ sk: 'RETURN', status: 'REFUND_FAILED', refund: expect.objectContaining({ status: 'FAILED', attempts: 1, failure: 'TIMEOUT: The payment provider is unavailable (attempt 3)' }) }), expect.objectContaining({ detailType: 'ReturnRefundFailed' })]));
  });
});
