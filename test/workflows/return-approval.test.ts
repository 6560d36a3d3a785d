/**
 * The return-approval workflow on the template's ASL (the local cloud): a return over the auto-approval limit
 * waits for an operator; nobody deciding brings a reminder to ops, then the return EXPIRES (its units can be
 * asked for again, the customer is told); an operator's decision wakes the wait. Deadlines come forward through
 * the probe's advance. One delivered order, seeded here.
 */
import { DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { WORKFLOW_WAIT, workflowProbe, type WorkflowProbe } from '../support/workflow-probe';
import { orderHarness, type OrderHarness } from './order-harness';

let cloud: TestCloud;
let orders: OrderHarness;
let approvals: WorkflowProbe;

beforeAll(async () => {
  cloud = await sharedTestCloud();
  orders = orderHarness(cloud);
  approvals = workflowProbe(cloud, 'return-approval');
});
afterAll(async () => {
  await cloud?.stop();
});

/** The execution working on the return (found by its input). */
const executionOf = (returnId: string): Promise<string> =>
  cloud.waitFor(
    async () => {
      const { executions = [] } = await approvals.sfn.send(new ListExecutionsCommand({ stateMachineArn: approvals.machine.arn, maxResults: 1000 }));
      for (const { executionArn } of executions) {
        const described = await approvals.sfn.send(new DescribeExecutionCommand({ executionArn }));
        if (JSON.parse(described.input ?? '{}').returnId === returnId) return executionArn;
      }
      return undefined;
    },
    { ...WORKFLOW_WAIT, message: `the return-approval execution of ${returnId}` },
  );

const waitingWithToken = (returnId: string) =>
  cloud.waitFor(async () => ((await approvals.readRow(`RETURN#${returnId}`, 'RETURN'))?.approvalToken ? true : undefined), { ...WORKFLOW_WAIT, message: `return ${returnId} to wait for its decision` });

describe('a return waiting for an operator', () => {
  it('is reminded, then expires when nobody decides; asked again and approved, the decision wakes the wait', async () => {
    const sku = await orders.stockedSku(5);
    const token = await orders.customerToken();
    const orderId = await orders.placed([{ sku, quantity: 3 }], { token });
    await orders.awaitingPacking(orderId);
    await orders.pack(orderId);
    const { shipments } = await orders.waitForStatus(orderId, 'SHIPPED');
    await orders.track(shipments[0].carrierId, { trackingNumber: shipments[0].trackingNumber, status: 'DELIVERED' });
    await orders.waitForStatus(orderId, 'DELIVERED');
    const ask = () => cloud.api('POST', `/orders/${orderId}/returns`, { token, body: { lines: [{ sku, quantity: 3 }], reason: 'NOT_AS_DESCRIBED' }, headers: { 'idempotency-key': ulid() } });

    // 267.00 is over the auto-approval limit: it waits. Nobody decides.
    const first = await ask();
    expect(first.body.status, first.text).toBe('PENDING_APPROVAL');
    const expiring = await executionOf(first.body.returnId);
    await waitingWithToken(first.body.returnId);
    await approvals.advance(expiring, 'AwaitReturnDecision');
    await orders.notification('ops-alerts', 'ReturnApprovalReminderDue', 'returnId', first.body.returnId);
    await approvals.advance(expiring, 'AwaitReturnDecisionAfterReminder');
    expect((await approvals.finished(expiring)).status).toBe('SUCCEEDED');
    expect((await approvals.statePath(expiring)).slice(-5)).toEqual(['RemindApprovers', 'AwaitReturnDecisionAfterReminder', 'ExpireReturn', 'HowWasItDecided', 'Expired']);
    expect((await cloud.api('GET', `/returns/${first.body.returnId}`, { token })).body).toMatchObject({ status: 'EXPIRED', nextStep: expect.stringContaining('expired') });
    await orders.notification('customer-notifications', 'ReturnExpired', 'returnId', first.body.returnId);

    // The expired return let its units go: asked again, an operator approves, and the wait ends.
    const second = await ask();
    expect(second.body.status, second.text).toBe('PENDING_APPROVAL');
    const deciding = await executionOf(second.body.returnId);
    await waitingWithToken(second.body.returnId);
    const operator = await cloud.tokenFor('operator', { sub: 'op-olga' });
    const decided = await cloud.api('POST', `/returns/${second.body.returnId}/decision`, { token: operator, body: { decision: 'APPROVE' }, headers: { 'idempotency-key': ulid() } });
    expect(decided.body).toMatchObject({ status: 'APPROVED', label: { trackingNumber: expect.any(String) } });
    expect((await approvals.finished(deciding)).status).toBe('SUCCEEDED');
    expect((await approvals.statePath(deciding)).slice(-3)).toEqual(['AwaitReturnDecision', 'HowWasItDecided', 'Decided']);
  });
});
