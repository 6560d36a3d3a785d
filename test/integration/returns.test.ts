/**
 * Returns end to end over real HTTP with real JWTs on the local cloud: a delivered order (the order harness and
 * signed carrier webhooks), a return that waits for an operator and gets its label once approved, a short receipt that restocks (audited),
 * the workflow refunding only what arrived, a second return approved by the rules with the way back deducted, the customer told
 * in the SNS outbox, and bad input that writes nothing. One order, seeded here: lean on the shared cloud.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { expectProblem, refusals } from '../support/refusals';
import { orderHarness, type OrderHarness } from '../workflows/order-harness';
import { deliveredOrder } from '../workflows/returns-harness';
import { WORKFLOW_WAIT } from '../support/workflow-probe';

let cloud: TestCloud;
let orders: OrderHarness;
let guard: ReturnType<typeof refusals>;

beforeAll(async () => {
  cloud = await sharedTestCloud();
  orders = orderHarness(cloud);
  guard = refusals(cloud);
});
afterAll(async () => {
  await cloud?.stop();
});

const key = () => ({ 'idempotency-key': ulid() });

/** The return once the return-lifecycle workflow's refund step has paid it (GET as `token`). */
const refunded = (returnId: string, token: string) =>
  cloud.waitFor(
    async () => {
      const view = await cloud.api('GET', `/returns/${returnId}`, { token });
      return view.body.status === 'REFUNDED' ? view.body : undefined;
    },
    { ...WORKFLOW_WAIT, message: `return ${returnId} to be refunded` },
  );

describe('a delivered order comes back', () => {
  it('waits for an operator, books the label once approved, refunds only what arrived, restocks with an audit row, records the defect against the supplier, then auto-approves the rest', async () => {
    const token = await orders.customerToken();
    const { sku, orderId } = await deliveredOrder(orders, 3, token);
    const operator = await cloud.tokenFor('operator', { sub: 'op-olga' });
    const warehouse = await orders.warehouseToken();

    // Bad input writes nothing.
    const tooMany = await guard.refusedWithoutWriting('POST', `/orders/${orderId}/returns`, { token, body: { lines: [{ sku, quantity: 4 }], reason: 'DEFECTIVE' }, headers: key() });
    expectProblem(tooMany, 422, 'MoreThanDelivered');
    expect(tooMany.body.errors?.[0]?.field).toBe('lines.0.quantity');
    const stranger = await orders.customerToken();
    expectProblem(await guard.refusedWithoutWriting('POST', `/orders/${orderId}/returns`, { token: stranger, body: { lines: [{ sku, quantity: 1 }], reason: 'DEFECTIVE' }, headers: key() }), 404, 'OrderNotFound');

    // 3 × 89.00 is over the auto-approval limit (200.00): an operator decides.
    const asked = await cloud.api('POST', `/orders/${orderId}/returns`, { token, body: { lines: [{ sku, quantity: 3 }], reason: 'DEFECTIVE', comment: 'Seams open' }, headers: key() });
    expect(asked.status, asked.text).toBe(201);
    expect(asked.body).toMatchObject({ status: 'PENDING_APPROVAL', value: { amount: 26700 }, returnShippingPaidBy: 'SELLER', nextStep: expect.stringContaining('An operator reviews') });
    const returnId: string = asked.body.returnId;
    expect(asked.headers.get('location')).toBe(`/returns/${returnId}`);
    await orders.notification('ops-alerts', 'ReturnAwaitingApproval', 'returnId', returnId);
    expect((await cloud.api('GET', `/returns/${returnId}`, { token: stranger })).status).toBe(404);
    expect((await cloud.api('GET', '/returns?status=PENDING_APPROVAL&limit=100', { token: operator })).body.items).toEqual(expect.arrayContaining([expect.objectContaining({ returnId })]));

    const approved = await cloud.api('POST', `/returns/${returnId}/decision`, { token: operator, body: { decision: 'APPROVE' }, headers: key() });
    expect(approved.body).toMatchObject({ status: 'APPROVED', approval: { auto: false, by: 'op-olga' }, label: { trackingNumber: expect.any(String), labelUrl: expect.stringMatching(/^https:/) } });
    expect(approved.body.nextStep).toContain(approved.body.label.trackingNumber);
    await orders.notification('customer-notifications', 'ReturnLabelIssued', 'returnId', returnId);

    // Two of three arrive: one back to stock, one scrapped. Only those two are refunded, and the answer says so.
    const stockBefore = await orders.readStock(sku);
    const received = await cloud.api('POST', `/returns/${returnId}/receipt`, {
      token: warehouse,
      body: { lines: [{ sku, quantity: 2, disposition: 'RESTOCK' }] },
      headers: key(),
    });
    expect(received.status, received.text).toBe(200);
    expect(received.body).toMatchObject({ status: 'RECEIVED', receipt: { short: true }, refund: { goods: { amount: 17800 }, shipping: { amount: 0 }, total: { amount: 17800 }, status: 'PENDING' }, nextStep: expect.stringContaining('on its way') });
    // The return-lifecycle workflow's refund step pays it.
    expect(await refunded(returnId, token)).toMatchObject({ refund: { total: { amount: 17800 }, status: 'REFUNDED', attempts: 1 } });
    expect(await orders.readStock(sku)).toMatchObject({ onHand: stockBefore!.onHand + 2, available: stockBefore!.available + 2 });
    const audits = await orders.documents.send(new QueryCommand({ TableName: orders.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)', ExpressionAttributeValues: { ':pk': `SKU#${sku}`, ':audit': 'AUDIT#' } }));
    const audit = audits.Items?.find((row) => row.kind === 'RETURN');
    expect(audit).toMatchObject({ ref: returnId, actor: 'picker-pia', delta: { onHand: 2 }, after: { onHand: (audit?.before?.onHand ?? 0) + 2 } });
    expect(await orders.readRow(`RETURN#${returnId}`, `QUALITY_INCIDENT#${sku}`)).toMatchObject({ source: 'RETURN', quantity: 2, reason: 'DEFECTIVE', gsi2pk: expect.stringMatching(/^SUPPLIER_QUALITY_INCIDENTS#/) });
    const told = await orders.notification('customer-notifications', 'ReturnReceived', 'returnId', returnId);
    expect(told.summary).toContain('only those that arrived are refunded');
    await orders.notification('customer-notifications', 'ReturnRefunded', 'returnId', returnId);

    // A closed return takes no second receipt.
    expectProblem(await guard.refusedWithoutWriting('POST', `/returns/${returnId}/receipt`, { token: warehouse, body: { lines: [] }, headers: key() }), 409, 'ReturnNotAwaitingReceipt');

    // The unit that never arrived can be asked for again: inside the rules, approved at once; a changed mind pays its way back.
    const again = await cloud.api('POST', `/orders/${orderId}/returns`, { token, body: { lines: [{ sku, quantity: 1 }], reason: 'CHANGED_MIND' }, headers: key() });
    expect(again.body).toMatchObject({ status: 'APPROVED', returnShippingPaidBy: 'CUSTOMER', label: { trackingNumber: expect.any(String) } });
    expect(again.body.label.trackingNumber).not.toBe(approved.body.label.trackingNumber);
    const second = await cloud.api('POST', `/returns/${again.body.returnId}/receipt`, { token: warehouse, body: { lines: [{ sku, quantity: 1, disposition: 'REFURBISH' }] }, headers: key() });
    expect(second.body).toMatchObject({ status: 'RECEIVED', refund: { goods: { amount: 8900 }, deduction: { amount: 495 }, total: { amount: 8405 } } });
    await refunded(again.body.returnId, token);

    const mine = await cloud.api('GET', '/returns', { token });
    expect(mine.body.items.map((item: { returnId: string; status: string }) => [item.returnId, item.status])).toEqual([[again.body.returnId, 'REFUNDED'], [returnId, 'REFUNDED']]);
  });

  it('an after-sales complaint opens a return in one step, linked to its ticket; a question before the sale cannot', async () => {
    const token = await orders.customerToken();
    const { sku, orderId } = await deliveredOrder(orders, 1, token);
    const ticket = async (category: string) =>
      (await cloud.api('POST', '/tickets', { token, body: { channel: 'web', category, subject: 'The bowl', message: 'It arrived chipped', orderId }, headers: key() })).body.ticketId as string;
    const complaint = await ticket('after-sales-complaint');
    const question = await ticket('pre-sale');
    const body = { lines: [{ sku, quantity: 1 }], reason: 'DAMAGED_IN_TRANSIT' };

    expectProblem(await guard.refusedWithoutWriting('POST', `/tickets/${question}/return`, { token, body, headers: key() }), 409, 'NotAnAfterSalesComplaint');
    const opened = await cloud.api('POST', `/tickets/${complaint}/return`, { token, body, headers: key() });
    expect(opened.status, opened.text).toBe(201);
    expect(opened.body).toMatchObject({ returnStatus: 'APPROVED', nextStep: expect.any(String), ticket: { ticketId: complaint, returnId: opened.body.returnId } });
    expect(opened.headers.get('location')).toBe(`/returns/${opened.body.returnId}`);
    expect((await cloud.api('GET', `/returns/${opened.body.returnId}`, { token })).body).toMatchObject({ orderId, status: 'APPROVED', reason: 'DAMAGED_IN_TRANSIT' });
    // The return's workflow settles first (it stores the token it waits for the parcel with), then:
    // one return per complaint: another key is refused and writes nothing.
    await cloud.waitFor(async () => (await orders.readRow(`RETURN#${opened.body.returnId}`, 'RETURN'))?.waitToken, { ...WORKFLOW_WAIT, message: 'the return waiting for its parcel' });
    expectProblem(await guard.refusedWithoutWriting('POST', `/tickets/${complaint}/return`, { token, body, headers: key() }), 409, 'ReturnAlreadyOpened');
  });
});
