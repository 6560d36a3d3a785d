/**
 * Compensations that cannot leak, on THE TEMPLATE'S ASL (issue 8): faults injected at the Lambda boundary
 * on every compensation step, once and always. Once: the step's own retries ride it out. Always: the
 * order is parked in NEEDS_ATTENTION with exactly what is left and an ops alert naming it, and the order
 * sweeper (the `order-sweeper` schedule) finishes the job. An order whose checkout died in a transient
 * status (POST /orders never finished it) is found by the same sweeper.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LambdaInvocationError } from '../../infra/local/model';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { orderHarness, type OrderHarness } from './order-harness';

let cloud: TestCloud;
let orders: OrderHarness;

beforeAll(async () => {
  cloud = await sharedTestCloud();
  orders = orderHarness(cloud);
});
afterAll(async () => {
  await cloud?.stop();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Fails the task functions built from `entries` (`times` invocations each, or always) with `error`; the rest run for real. */
function inject(faults: Record<string, number>, error = 'Lambda.TooManyRequestsException') {
  const left = new Map(Object.entries(faults).map(([entry, times]) => [orders.functionFor(`functions/orders/${entry}.ts`), times]));
  const realInvoke = cloud.lambda.invoke.bind(cloud.lambda);
  vi.spyOn(cloud.lambda, 'invoke').mockImplementation(async (functionNameOrArn, event) => {
    for (const [target, times] of left) {
      if ((functionNameOrArn === target.arn || functionNameOrArn === target.name) && times > 0) {
        left.set(target, times - 1);
        throw new LambdaInvocationError(error, 'injected by the test');
      }
    }
    return realInvoke(functionNameOrArn, event);
  });
}
const ALWAYS = Number.POSITIVE_INFINITY;

/** An order that reaches the failure path holding 3 units and an authorization (its checkout took them): its packing step breaks. */
async function failingOrder(faults: Record<string, number>) {
  const sku = await orders.stockedSku(5);
  inject({ 'request-packing': ALWAYS, ...faults });
  const orderId = await orders.placed([{ sku, quantity: 3 }]);
  const executionArn = await orders.executionOf(orderId);
  const finished = await orders.finished(executionArn);
  return { sku, orderId, executionArn, finished };
}

/** Fires the `order-sweeper` schedule (as `npm run invoke -- order-sweeper` does) and returns what its run reported. */
async function sweep() {
  vi.restoreAllMocks();
  const sweeper = orders.functionFor('functions/orders/sweep-orders.ts');
  const realInvoke = cloud.lambda.invoke.bind(cloud.lambda);
  const reports: unknown[] = [];
  vi.spyOn(cloud.lambda, 'invoke').mockImplementation(async (functionNameOrArn, event) => {
    const result = await realInvoke(functionNameOrArn, event).catch((error: unknown) => ({ error: String(error) }));
    if (functionNameOrArn === sweeper.arn || functionNameOrArn === sweeper.name) reports.push(result);
    return result;
  });
  // A schedule invokes its function asynchronously, as EventBridge does: wait for the run to finish.
  await cloud.fireSchedule('order-sweeper');
  await cloud.waitFor(() => (reports.length > 0 ? reports : undefined), { timeoutMs: 30_000, intervalMs: 100, message: 'the sweeper run' });
  vi.restoreAllMocks();
  expect(reports, 'the schedule invoked the sweeper once').toHaveLength(1);
  expect(reports[0]).toMatchObject({ failed: 0 });
  return reports[0];
}

describe('a step after the parcel is booked losing its write to other writers', () => {
  it('is tried again, never compensated: MarkShipped refused twice (OrderChangedConcurrently) still ships the order', async () => {
    const sku = await orders.stockedSku(5);
    inject({ 'mark-shipped': 2 }, 'OrderChangedConcurrently');
    const orderId = await orders.placed([{ sku, quantity: 2 }]);
    await orders.awaitingPacking(orderId);
    expect((await orders.pack(orderId)).status).toBe(202);
    await orders.waitForStatus(orderId, 'SHIPPED');
    expect(await orders.readOrder(orderId)).toMatchObject({ status: 'SHIPPED', payment: { status: 'CAPTURED' } });
    expect(await orders.expectStockInvariant(sku)).toMatchObject({ holds: true, onHand: 3, reserved: 0 });
  });
});

describe('a compensation step failing once', () => {
  it.each(['release-stock', 'void-payment', 'mark-order-failed'])('%s: its retries ride it out, the order ends FAILED with nothing held', async (task) => {
    const { sku, orderId, finished } = await failingOrder({ [task]: 2 });
    expect(finished).toMatchObject({ status: 'FAILED', error: 'OrderFulfilmentFailed' });
    const order = await orders.readOrder(orderId);
    expect(order).toMatchObject({ status: 'FAILED', stockHold: 'RELEASED', payment: { status: 'VOIDED' } });
    expect(await orders.expectStockInvariant(sku)).toMatchObject({ holds: true, reserved: 0, available: 5 });
  });
});

describe('a compensation step failing always', () => {
  it('ReleaseStock: NEEDS_ATTENTION with 3 units reserved and the authorization open, an alert naming the order; the sweeper finishes it', async () => {
    const { sku, orderId, executionArn, finished } = await failingOrder({ 'release-stock': ALWAYS });
    expect(finished).toMatchObject({ status: 'FAILED', error: 'OrderNeedsAttention' });
    expect((await orders.statePath(executionArn)).slice(-3)).toEqual(['ReleaseStockOnFailure', 'MarkNeedsAttention', 'OrderNeedsAttention']);
    expect(await orders.readOrder(orderId)).toMatchObject({
      status: 'NEEDS_ATTENTION',
      stockHold: 'RESERVED',
      attention: { reason: 'COMPENSATION_FAILED', reservedUnits: 3, authorizationOpen: true, resolveTo: 'FAILED' },
    });
    const alert = await orders.notification('ops-alerts', 'OrderNeedsAttention', 'orderId', orderId);
    expect(alert.detail).toMatchObject({ reservedUnits: 3, authorizationOpen: true });
    expect(alert.detail.summary).toContain(orderId);
    expect(await orders.readStock(sku)).toMatchObject({ reserved: 3 });

    await orders.listedAs(orderId, 'NEEDS_ATTENTION');
    await sweep();
    expect(await orders.readOrder(orderId)).toMatchObject({
      status: 'FAILED',
      stockHold: 'RELEASED',
      payment: { status: 'VOIDED' },
      attention: { reservedUnits: 0, authorizationOpen: false, resolvedAt: expect.any(String) },
    });
    expect(await orders.expectStockInvariant(sku)).toMatchObject({ holds: true, reserved: 0, available: 5 });
    await orders.notification('ops-alerts', 'OrderAttentionResolved', 'orderId', orderId);
  });

  it('VoidPayment: NEEDS_ATTENTION with the stock released and the authorization open; the sweeper voids it', async () => {
    const { sku, orderId, finished } = await failingOrder({ 'void-payment': ALWAYS });
    expect(finished).toMatchObject({ status: 'FAILED', error: 'OrderNeedsAttention' });
    expect(await orders.readOrder(orderId)).toMatchObject({ status: 'NEEDS_ATTENTION', attention: { reservedUnits: 0, authorizationOpen: true } });
    expect((await orders.notification('ops-alerts', 'OrderNeedsAttention', 'orderId', orderId)).detail).toMatchObject({ reservedUnits: 0, authorizationOpen: true });
    await orders.listedAs(orderId, 'NEEDS_ATTENTION');
    await sweep();
    expect(await orders.readOrder(orderId)).toMatchObject({ status: 'FAILED', payment: { status: 'VOIDED' } });
    expect(await orders.expectStockInvariant(sku)).toMatchObject({ holds: true, reserved: 0 });
  });

  it('MarkOrderFailed: NEEDS_ATTENTION with nothing left (not left PENDING); the sweeper ends it FAILED', async () => {
    const { orderId, finished } = await failingOrder({ 'mark-order-failed': ALWAYS });
    expect(finished).toMatchObject({ status: 'FAILED', error: 'OrderNeedsAttention' });
    expect(await orders.readOrder(orderId)).toMatchObject({ status: 'NEEDS_ATTENTION', attention: { reservedUnits: 0, authorizationOpen: false } });
    await orders.listedAs(orderId, 'NEEDS_ATTENTION');
    await sweep();
    expect((await orders.readOrder(orderId))?.status).toBe('FAILED');
  });
});

describe('orders whose checkout died', () => {
  it('are found by the sweeper on the status index: a stalled STOCK_RESERVED order is released and FAILED, a PENDING one FAILED', async () => {
    const sku = await orders.stockedSku(4);
    const template = await orders.readOrder(await orders.placed([{ sku, quantity: 1 }]));
    await orders.awaitingPacking(template!.orderId as string);
    const longAgo = new Date(Date.now() - 60 * 60_000).toISOString();
    const ghost = async (status: string, stockHold: string) => {
      const orderId = ulid();
      const row = {
        ...template,
        pk: `ORDER#${orderId}`,
        orderId,
        status,
        stockHold,
        payment: { ...template!.payment, status: 'PENDING', authorizationRequestedAt: undefined, idempotencyKey: `payment-${orderId}` },
        timeline: [{ at: longAgo, status: 'PENDING' }],
        createdAt: longAgo,
        updatedAt: longAgo,
        version: 1,
      };
      for (const field of ['packingToken', 'carrierId', 'executionArn']) delete (row as Record<string, unknown>)[field];
      await orders.documents.send(new PutCommand({ TableName: orders.tableName, Item: JSON.parse(JSON.stringify(row)) }));
      return orderId;
    };
    const neverStarted = await ghost('PENDING', 'NONE');
    const died = await ghost('STOCK_RESERVED', 'RESERVED');
    await orders.documents.send(
      new UpdateCommand({ TableName: orders.tableName, Key: { pk: `SKU#${sku}`, sk: 'STOCK' }, UpdateExpression: 'SET reserved = reserved + :one, available = available - :one', ExpressionAttributeValues: { ':one': 1 } }),
    );

    await orders.listedAs(neverStarted, 'PENDING');
    await orders.listedAs(died, 'STOCK_RESERVED');
    await sweep();
    expect(await orders.readOrder(neverStarted)).toMatchObject({ status: 'FAILED', attention: { reason: 'WORKFLOW_STALLED' } });
    expect(await orders.readOrder(died)).toMatchObject({ status: 'FAILED', stockHold: 'RELEASED', attention: { reason: 'WORKFLOW_STALLED', resolvedAt: expect.any(String) } });
    expect(await orders.expectStockInvariant(sku)).toMatchObject({ holds: true, reserved: 1, available: 3 });
    await orders.notification('ops-alerts', 'OrderNeedsAttention', 'orderId', died);
    // The live order, waiting for the warehouse, is not the sweeper's business.
    expect((await orders.readOrder(template!.orderId as string))?.status).toBe('AWAITING_PACKING');
  });
});
