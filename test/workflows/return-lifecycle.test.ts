/**
 * The return-lifecycle workflow on the template's ASL (the local cloud): a return over the auto-approval limit
 * waits for an operator; nobody deciding brings a reminder to ops, then the return EXPIRES (its units can be
 * asked for again, the customer is told); an operator's decision wakes the wait, which then waits for the parcel
 * until the warehouse's receipt, then refunds what arrived; an approved return whose parcel never comes expires and
 * its label is voided; a refund the provider keeps failing is retried, then left REFUND_FAILED for ops, whose retry
 * pays it once; a parcel the carrier scanned (the same webhook as orders') does not expire and is refunded on
 * arrival. Deadlines come forward through the probe's advance. Delivered orders, seeded here.
 */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { workflowProbe, type WorkflowProbe } from '../support/workflow-probe';
import { orderHarness, type OrderHarness } from './order-harness';
import { deliveredOrder } from './returns-harness';

let cloud: TestCloud;
let orders: OrderHarness;
let lifecycle: WorkflowProbe;

beforeAll(async () => {
  cloud = await sharedTestCloud();
  orders = orderHarness(cloud);
  lifecycle = workflowProbe(cloud, 'return-lifecycle');
});
afterAll(async () => {
  await cloud?.stop();
});

/** The execution working on the return. */
const executionOf = (returnId: string): Promise<string> => lifecycle.executionWhere('returnId', returnId);

describe('a return waiting for an operator', () => {
  it('is reminded, then expires when nobody decides; asked again and approved, it waits for the parcel until the receipt; a parcel that never comes expires', async () => {
    const token = await orders.customerToken();
    const { sku, orderId } = await deliveredOrder(orders, 3, token);
    const ask = (quantity = 3) => cloud.api('POST', `/orders/${orderId}/returns`, { token, body: { lines: [{ sku, quantity }], reason: 'NOT_AS_DESCRIBED' }, headers: { 'idempotency-key': ulid() } });

    // 267.00 is over the auto-approval limit: it waits. Nobody decides.
    const first = await ask();
    expect(first.body.status, first.text).toBe('PENDING_APPROVAL');
    const expiring = await executionOf(first.body.returnId);
    await lifecycle.advance(expiring, 'AwaitReturnDecision');
    await orders.notification('ops-alerts', 'ReturnApprovalReminderDue', 'returnId', first.body.returnId);
    await lifecycle.advance(expiring, 'AwaitReturnDecisionAfterReminder');
    expect((await lifecycle.finished(expiring)).status).toBe('SUCCEEDED');
    expect((await lifecycle.statePath(expiring)).slice(-5)).toEqual(['RemindApprovers', 'AwaitReturnDecisionAfterReminder', 'ExpireUndecidedReturn', 'HowWasItDecided', 'Expired']);
    expect((await cloud.api('GET', `/returns/${first.body.returnId}`, { token })).body).toMatchObject({ status: 'EXPIRED', nextStep: expect.stringContaining('expired') });
    await orders.notification('customer-notifications', 'ReturnExpired', 'returnId', first.body.returnId);

    // The expired return let its units go: asked again, an operator approves, and the wait ends.
    const second = await ask();
    expect(second.body.status, second.text).toBe('PENDING_APPROVAL');
    const deciding = await executionOf(second.body.returnId);
    await lifecycle.waitingIn(deciding, 'AwaitReturnDecision');
    const operator = await cloud.tokenFor('operator', { sub: 'op-olga' });
    const decided = await cloud.api('POST', `/returns/${second.body.returnId}/decision`, { token: operator, body: { decision: 'APPROVE' }, headers: { 'idempotency-key': ulid() } });
    expect(decided.body).toMatchObject({ status: 'APPROVED', label: { trackingNumber: expect.any(String) } });
    await lifecycle.waitingIn(deciding, 'AwaitReturnParcel');
    const received = await cloud.api('POST', `/returns/${second.body.returnId}/receipt`, { token: await orders.warehouseToken(), body: { lines: [{ sku, quantity: 2, disposition: 'RESTOCK' }] }, headers: { 'idempotency-key': ulid() } });
    expect(received.body).toMatchObject({ status: 'RECEIVED', receipt: { short: true } });
    expect((await lifecycle.finished(deciding)).status).toBe('SUCCEEDED');
    expect((await lifecycle.statePath(deciding)).slice(-8)).toEqual(['AwaitReturnDecision', 'HowWasItDecided', 'ParcelTiming', 'BookReturnLabel', 'AwaitReturnParcel', 'DidTheParcelArrive', 'RefundReturn', 'Refunded']);
    expect((await cloud.api('GET', `/returns/${second.body.returnId}`, { token })).body).toMatchObject({ status: 'REFUNDED', refund: { status: 'REFUNDED', attempts: 1 } });
    await orders.notification('customer-notifications', 'ReturnRefunded', 'returnId', second.body.returnId);

    // The unit that did not arrive, asked for again: inside the rules, approved at once; it never comes.
    const third = await ask(1);
    expect(third.body.status, third.text).toBe('APPROVED');
    const unsent = await executionOf(third.body.returnId);
    await lifecycle.advance(unsent, 'AwaitReturnParcel');
    expect((await lifecycle.finished(unsent)).status).toBe('SUCCEEDED');
    expect((await lifecycle.statePath(unsent)).slice(-5)).toEqual(['AwaitReturnParcel', 'ExpireUnsentReturn', 'DidTheParcelArrive', 'VoidReturnLabelOnExpiry', 'ParcelNeverArrived']);
    // Its label, booked at approval, was voided at the carrier: the compensation of booking it.
    expect((await cloud.api('GET', `/returns/${third.body.returnId}`, { token })).body).toMatchObject({
      status: 'EXPIRED',
      nextStep: expect.stringContaining('did not arrive in time'),
      label: { trackingNumber: third.body.label.trackingNumber, voidedAt: expect.any(String) },
    });
    await orders.notification('customer-notifications', 'ReturnExpired', 'returnId', third.body.returnId);
  });
});

describe('a refund the payment provider fails', () => {
  it('is retried by the workflow, then left REFUND_FAILED with an alert to ops, whose retry with the same key pays it once', async () => {
    const token = await orders.customerToken();
    // The sandbox card whose refunds fail for their first 3 attempts (the provider counts them per key).
    const { sku, orderId } = await deliveredOrder(orders, 1, token, 'tok_refund_outage');
    const asked = await cloud.api('POST', `/orders/${orderId}/returns`, { token, body: { lines: [{ sku, quantity: 1 }], reason: 'DEFECTIVE' }, headers: { 'idempotency-key': ulid() } });
    expect(asked.body.status, asked.text).toBe('APPROVED');
    const returnId = asked.body.returnId as string;
    const execution = await executionOf(returnId);
    await lifecycle.waitingIn(execution, 'AwaitReturnParcel');

    const received = await cloud.api('POST', `/returns/${returnId}/receipt`, { token: await orders.warehouseToken(), body: { lines: [{ sku, quantity: 1, disposition: 'WRITE_OFF' }] }, headers: { 'idempotency-key': ulid() } });
    expect(received.body, received.text).toMatchObject({ status: 'RECEIVED' });

    expect((await lifecycle.finished(execution)).status).toBe('SUCCEEDED');
    expect((await lifecycle.statePath(execution)).slice(-4)).toEqual(['DidTheParcelArrive', 'RefundReturn', 'RecordRefundFailed', 'RefundLeftToOps']);
    // The step and its two retries: three attempts at the provider, all under the return's one key.
    expect(await lifecycle.readRow(`PAYMENT_SANDBOX#refund-${returnId}`, 'REFUND_ATTEMPTS')).toMatchObject({ attempts: 3 });
    const failed = await cloud.api('GET', `/returns/${returnId}`, { token });
    expect(failed.body).toMatchObject({ status: 'REFUND_FAILED', refund: { status: 'FAILED', failure: expect.stringContaining('unavailable (attempt 3)') }, nextStep: expect.stringContaining('operations retries') });
    await orders.notification('ops-alerts', 'ReturnRefundFailed', 'returnId', returnId);

    // Ops retry: the fourth attempt pays; a second retry finds nothing owed.
    const operator = await cloud.tokenFor('operator', { sub: 'op-olga' });
    const retried = await cloud.api('POST', `/returns/${returnId}/refund`, { token: operator, headers: { 'idempotency-key': ulid() } });
    expect(retried.body, retried.text).toMatchObject({ status: 'REFUNDED', refund: { status: 'REFUNDED', attempts: 2 } });
    const again = await cloud.api('POST', `/returns/${returnId}/refund`, { token: operator, headers: { 'idempotency-key': ulid() } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('NoRefundOwed');
    expect(await lifecycle.readRow(`PAYMENT_SANDBOX#refund-${returnId}`, 'REFUND_ATTEMPTS')).toMatchObject({ attempts: 4 });
    await orders.notification('customer-notifications', 'ReturnRefunded', 'returnId', returnId);
    expect(lifecycle.notificationsNow('customer-notifications', 'ReturnRefunded', 'returnId', returnId)).toHaveLength(1);
  });
});

describe('a return parcel the carrier scanned', () => {
  it('is tracked through the carrier webhook, does not expire at the parcel deadline, and is refunded once it arrives', async () => {
    const token = await orders.customerToken();
    const { sku, orderId } = await deliveredOrder(orders, 1, token);
    const asked = await cloud.api('POST', `/orders/${orderId}/returns`, { token, body: { lines: [{ sku, quantity: 1 }], reason: 'WRONG_ITEM' }, headers: { 'idempotency-key': ulid() } });
    expect(asked.body, asked.text).toMatchObject({ status: 'APPROVED', label: { trackingNumber: expect.any(String) } });
    const { returnId, label } = asked.body as { returnId: string; label: { carrierId: string; trackingNumber: string } };
    const execution = await executionOf(returnId);
    await lifecycle.waitingIn(execution, 'AwaitReturnParcel');

    // The customer hands it in: the label's scans reach the return through the same signed webhook as orders'.
    const scanned = await orders.track(label.carrierId, { eventId: `${returnId}-1`, trackingNumber: label.trackingNumber, status: 'IN_TRANSIT' });
    expect(scanned.body, scanned.text).toEqual({ returnId, effect: 'UPDATED', status: 'APPROVED' });
    expect((await orders.track(label.carrierId, { eventId: `${returnId}-1`, trackingNumber: label.trackingNumber, status: 'IN_TRANSIT' })).body).toMatchObject({ effect: 'DUPLICATE' });
    await orders.track(label.carrierId, { trackingNumber: label.trackingNumber, status: 'EXCEPTION', description: 'Address label torn' });
    await orders.notification('ops-alerts', 'ReturnParcelException', 'returnId', returnId);
    expect((await cloud.api('GET', `/returns/${returnId}`, { token })).body).toMatchObject({ status: 'APPROVED', parcel: { status: 'EXCEPTION', description: 'Address label torn' }, nextStep: expect.stringContaining('on its way back') });

    // Its 14 days pass while it is on its way: sent in time, it does not expire; the workflow waits on.
    await lifecycle.advance(execution, 'AwaitReturnParcel');
    await lifecycle.waitingIn(execution, 'AwaitReturnParcelInTransit');
    expect((await cloud.api('GET', `/returns/${returnId}`, { token })).body.status).toBe('APPROVED');

    const received = await cloud.api('POST', `/returns/${returnId}/receipt`, { token: await orders.warehouseToken(), body: { lines: [{ sku, quantity: 1, disposition: 'RESTOCK' }] }, headers: { 'idempotency-key': ulid() } });
    expect(received.body, received.text).toMatchObject({ status: 'RECEIVED' });
    expect((await lifecycle.finished(execution)).status).toBe('SUCCEEDED');
    expect((await lifecycle.statePath(execution)).slice(-7)).toEqual(['AwaitReturnParcel', 'ExpireUnsentReturn', 'DidTheParcelArrive', 'AwaitReturnParcelInTransit', 'DidTheParcelArrive', 'RefundReturn', 'Refunded']);
    // A scan after the receipt changes nothing.
    expect((await orders.track(label.carrierId, { trackingNumber: label.trackingNumber, status: 'DELIVERED' })).body).toMatchObject({ returnId, effect: 'NOT_AWAITED', status: 'REFUNDED' });
  });
});

describe('a return received before its workflow first read it', () => {
  it('is still refunded by the workflow (WhereIsTheReturn RECEIVED → RefundReturn)', async () => {
    const token = await orders.customerToken();
    const { sku, orderId } = await deliveredOrder(orders, 1, token);
    const asked = await cloud.api('POST', `/orders/${orderId}/returns`, { token, body: { lines: [{ sku, quantity: 1 }], reason: 'WRONG_ITEM' }, headers: { 'idempotency-key': ulid() } });
    await lifecycle.waitingIn(await executionOf(asked.body.returnId), 'AwaitReturnParcel');
    await cloud.api('POST', `/returns/${asked.body.returnId}/receipt`, { token: await orders.warehouseToken(), body: { lines: [{ sku, quantity: 1, disposition: 'REFURBISH' }] }, headers: { 'idempotency-key': ulid() } });
    const received = await lifecycle.readRow(`RETURN#${asked.body.returnId}`, 'RETURN');
    // The same return as the receipt left it, under a new id, with no execution of its own yet: as if the receipt
    // had come before the workflow's first step read the return.
    const returnId = ulid();
    const { refund } = received as unknown as { refund: Record<string, unknown> };
    await lifecycle.documents.send(new PutCommand({ TableName: lifecycle.tableName, Item: { ...received, pk: `RETURN#${returnId}`, returnId, status: 'RECEIVED', version: 1, refund: { ...refund, idempotencyKey: `refund-${returnId}`, status: 'PENDING', attempts: 0 } } }));
    const { executionArn } = await lifecycle.sfn.send(new StartExecutionCommand({ stateMachineArn: lifecycle.machine.arn, input: JSON.stringify({ returnId, correlationId: `test-${returnId}` }) }));
    expect((await lifecycle.finished(executionArn!)).status).toBe('SUCCEEDED');
    expect(await lifecycle.statePath(executionArn!)).toEqual(['ReturnTiming', 'WhereIsTheReturn', 'RefundReturn', 'Refunded']);
    expect(await lifecycle.readRow(`RETURN#${returnId}`, 'RETURN')).toMatchObject({ status: 'REFUNDED', refund: { status: 'REFUNDED', attempts: 1 } });
  });
});

describe('a return an operator rejects', () => {
  it('ends the wait for the decision at RejectedByOperator: no label, nothing to refund', async () => {
    const token = await orders.customerToken();
    const { sku, orderId } = await deliveredOrder(orders, 3, token);
    // 267.00 is over the auto-approval limit: it waits for an operator.
    const asked = await cloud.api('POST', `/orders/${orderId}/returns`, { token, body: { lines: [{ sku, quantity: 3 }], reason: 'CHANGED_MIND' }, headers: { 'idempotency-key': ulid() } });
    expect(asked.body.status, asked.text).toBe('PENDING_APPROVAL');
    const execution = await executionOf(asked.body.returnId);
    await lifecycle.waitingIn(execution, 'AwaitReturnDecision');
    const operator = await cloud.tokenFor('operator', { sub: 'op-olga' });
    const rejected = await cloud.api('POST', `/returns/${asked.body.returnId}/decision`, { token: operator, body: { decision: 'REJECT', reason: 'Worn, outside the return policy' }, headers: { 'idempotency-key': ulid() } });
    expect(rejected.body, rejected.text).toMatchObject({ status: 'REJECTED' });
    expect(rejected.body.label).toBeUndefined();
    expect((await lifecycle.finished(execution)).status).toBe('SUCCEEDED');
    expect((await lifecycle.statePath(execution)).slice(-3)).toEqual(['AwaitReturnDecision', 'HowWasItDecided', 'RejectedByOperator']);
    await orders.notification('customer-notifications', 'ReturnRejected', 'returnId', asked.body.returnId);
  });
});
