/**
 * Workflows survive the local cloud's death. The cloud runs as a process of its own; the test kills
 * its whole process group (SIGKILL, DynamoDB Local's JVM included) while each state machine waits at
 * each of its waiting states (the first waits, and the waits after a reminder or an alert, reached by
 * advancing their deadlines) and while a task is running, stops it cleanly once (Ctrl-C), and after
 * every restart on the same data drives the executions to their normal end: the supplier approved, the
 * listing live, the orders shipped and delivered, with stock and payments intact and one history per
 * execution spanning every run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetExecutionHistoryCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processCloud, type ProcessCloud } from '../support/process-cloud';
import { listingHarness, COSTA, kitchenBody } from '../workflows/listing-harness';
import { onboardingHarness, strongForm, approvalTerms } from '../workflows/onboarding-harness';
import { orderHarness } from '../workflows/order-harness';

const dataDir = mkdtempSync(join(tmpdir(), 'commerce-ops-restart-'));
let local: ProcessCloud;

beforeAll(async () => {
  local = await processCloud(dataDir);
  await local.start();
}, 180_000);

afterAll(async () => {
  await local?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

type Snapshot = Record<string, string>;

describe('the local cloud after kill -9 and Ctrl-C', () => {
  it('resumes every workflow where it stood and carries it to its normal end', async () => {
    const { cloud } = local;
    const onboarding = onboardingHarness(cloud);
    const listing = listingHarness(cloud);
    const orders = orderHarness(cloud);

    /**
     * executionArn → status, for every Standard machine, as ListExecutions shows them. Express executions (the
     * order's shipping child) are not kept across a restart, as AWS keeps none (their parent starts them again).
     */
    const snapshot = async (): Promise<Snapshot> => {
      const all: Snapshot = {};
      for (const machine of cloud.model.stateMachines.filter((candidate) => candidate.type === 'STANDARD')) {
        const { executions = [] } = await orders.sfn.send(new ListExecutionsCommand({ stateMachineArn: machine.arn, maxResults: 1000 }));
        for (const execution of executions) all[execution.executionArn!] = execution.status!;
      }
      return all;
    };
    const restartAfter = async (kill: 'crash' | 'stop') => {
      const before = await snapshot();
      await local[kill]();
      await local.start();
      expect(await snapshot()).toEqual(before);
    };

    // Waiting for a decision, for a review, for packing.
    const application = await onboarding.submit(strongForm());
    await onboarding.waitForStatus(application.applicationId, 'AWAITING_DECISION');
    const { productId } = await listing.list(COSTA, kitchenBody());
    await listing.awaitingReview(productId, 1);
    const sku = await orders.stockedSku(20);
    const awaitingPacking = await orders.placed([{ sku, quantity: 2 }]);
    await orders.awaitingPacking(awaitingPacking);
    // Shipped: its workflow has ended; the carrier's scans follow the parcel after the restarts.
    const shipped = await orders.placed([{ sku, quantity: 1 }]);
    await orders.awaitingPacking(shipped);
    expect((await orders.pack(shipped)).status).toBe(202);
    await orders.waitForStatus(shipped, 'SHIPPED');

    // The second waits: after a reminder (decision, review), after an alert (packing).
    const remindedApplication = await onboarding.submit(strongForm());
    await onboarding.waitForStatus(remindedApplication.applicationId, 'AWAITING_DECISION');
    const remindedProduct = (await listing.list(COSTA, kitchenBody())).productId;
    await listing.awaitingReview(remindedProduct, 1);
    const latePacking = await orders.placed([{ sku, quantity: 1 }]);
    await orders.awaitingPacking(latePacking);
    const lateDelivery = await orders.placed([{ sku, quantity: 1 }]);
    await orders.awaitingPacking(lateDelivery);
    expect((await orders.pack(lateDelivery)).status).toBe(202);
    await orders.waitForStatus(lateDelivery, 'SHIPPED');
    // The first wait's deadline comes now (as `npm run advance` does); each then waits a second time.
    await onboarding.advance(remindedApplication.applicationId, 'AwaitOperatorDecision');
    await listing.advance(remindedProduct, 'AwaitOperatorReview');
    await orders.advance(latePacking, 'AwaitPacking');
    await reaches(await onboarding.executionOf(remindedApplication.applicationId), 'AwaitOperatorDecisionAfterReminder');
    await reaches(await listing.executionOf(remindedProduct, 1), 'AwaitReviewAfterReminder');
    await reaches(await orders.executionOf(latePacking), 'AwaitPackingAfterAlert');

    // And one order whose workflow is inside a task when the cloud dies: shipping it (ShipOrder waits seconds for its Express child).
    const inFlight: string[] = [];
    let caughtMidTask = false;
    for (let attempt = 0; attempt < 8 && !caughtMidTask; attempt += 1) {
      const orderId = await orders.placed([{ sku, quantity: 1 }]);
      inFlight.push(orderId);
      await orders.awaitingPacking(orderId);
      const executionArn = await orders.executionOf(orderId);
      expect((await orders.pack(orderId)).status).toBe(202);
      caughtMidTask = await killWhenATaskRuns(orders.sfn, executionArn, 4_000);
      if (!caughtMidTask) await orders.waitForStatus(orderId, 'SHIPPED');
    }
    expect(caughtMidTask).toBe(true);
    await local.start();

    // After kill -9: the operator decides, the listing is reviewed, the in-flight orders carry on.
    expect((await onboarding.decide(application.applicationId, { decision: 'APPROVE', terms: approvalTerms() })).status).toBe(202);
    await onboarding.waitForStatus(application.applicationId, 'APPROVED');
    expect((await onboarding.decide(remindedApplication.applicationId, { decision: 'APPROVE', terms: approvalTerms() })).status).toBe(202);
    await onboarding.waitForStatus(remindedApplication.applicationId, 'APPROVED');
    for (const id of [productId, remindedProduct]) {
      expect((await listing.review(id, { decision: 'APPROVE' })).status).toBe(202);
      await listing.waitForRevision(id, 1, 'PUBLISHED');
      // Publishing values the stock after its write (the unit cost): the execution ends a moment after PUBLISHED.
      expect((await listing.finished(await listing.executionOf(id, 1))).status).toBe('SUCCEEDED');
    }
    for (const orderId of inFlight) await orders.waitForStatus(orderId, 'SHIPPED');

    // After Ctrl-C: packing is accepted by the same waits.
    await restartAfter('stop');
    for (const orderId of [awaitingPacking, latePacking]) {
      expect((await orders.pack(orderId)).status).toBe(202);
      await orders.waitForStatus(orderId, 'SHIPPED');
    }

    // After another kill -9: the carrier's scans deliver the shipped orders.
    await restartAfter('crash');
    const parcel = (await orders.readOrder(shipped))!.shipments[0] as { trackingNumber: string; carrierId: string };
    expect((await orders.track(parcel.carrierId, { trackingNumber: parcel.trackingNumber, status: 'DELIVERED' })).status).toBe(200);
    await orders.waitForStatus(shipped, 'DELIVERED');
    const lateParcel = (await orders.readOrder(lateDelivery))!.shipments[0] as { trackingNumber: string; carrierId: string };
    expect((await orders.track(lateParcel.carrierId, { trackingNumber: lateParcel.trackingNumber, status: 'DELIVERED' })).status).toBe(200);
    await orders.waitForStatus(lateDelivery, 'DELIVERED');

    // Every execution reached its normal end, and each has one history across all runs.
    const ended = [
      await onboarding.executionOf(application.applicationId),
      await onboarding.executionOf(remindedApplication.applicationId),
      await listing.executionOf(productId, 1),
      await listing.executionOf(remindedProduct, 1),
      await orders.executionOf(shipped),
      await orders.executionOf(lateDelivery),
    ];
    for (const executionArn of ended) {
      expect((await orders.finished(executionArn)).status).toBe('SUCCEEDED');
      const events = await orders.history(executionArn);
      expect(events.filter((event) => event.type === 'ExecutionStarted')).toHaveLength(1);
      expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    }

    // Stock and payments: every unit shipped once, nothing left reserved, every payment captured.
    const shippedUnits = 2 + 1 + 1 + 1 + inFlight.length;
    expect(await orders.expectStockInvariant(sku)).toEqual({ onHand: 20 - shippedUnits, available: 20 - shippedUnits, reserved: 0, holds: true });
    for (const orderId of [awaitingPacking, shipped, latePacking, lateDelivery, ...inFlight]) {
      expect((await orders.readOrder(orderId))?.payment).toMatchObject({ status: 'CAPTURED' });
    }
  }, 600_000);
});

/** Waits until the execution has entered `state`. */
async function reaches(executionArn: string, state: string): Promise<void> {
  const { cloud } = local;
  const probe = orderHarness(cloud);
  await cloud.waitFor(async () => (await probe.statePath(executionArn)).includes(state), { timeoutMs: 30_000, message: `${executionArn} to reach ${state}` });
}

/** The last history event of an execution inside a task: a Lambda task, or a task running an Express child (the order's shipping). */
const IN_A_TASK = ['LambdaFunctionScheduled', 'LambdaFunctionStarted', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted'];

/** Kills the cloud while `executionArn` is inside a task other than a wait for a token; false when it never was (or it ended first). */
async function killWhenATaskRuns(sfn: ReturnType<typeof orderHarness>['sfn'], executionArn: string, withinMs: number): Promise<boolean> {
  const giveUpAt = Date.now() + withinMs;
  while (Date.now() < giveUpAt) {
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }));
    const last = events[0];
    if (last?.type === 'ExecutionSucceeded' || last?.type === 'ExecutionFailed') return false;
    // Still parked at AwaitPacking (a task too, waiting for a token): not yet.
    if (IN_A_TASK.includes(last?.type ?? '') && !JSON.stringify(last).includes('waitForTaskToken')) {
      await local.crash();
      return true;
    }
  }
  return false;
}
