/**
 * An accepted order to a shipped parcel, as a saga: wait for the warehouse to pack → ship it (book the
 * shipment → capture the payment → shipped, an Express child: shipping.ts). The checkout before it runs inside
 * `POST /orders` (functions/orders/place-order.ts): the customer learns at once whether the order is taken, and
 * an execution starts only for an order that holds its stock and its payment authorization — two Standard
 * transitions on the happy path (docs/orders.md, "What an order costs"). The execution ends at shipment: the
 * parcel is followed by the carrier's webhooks, and the order sweeper alerts ops about a parcel past its
 * promised date. A cancellation before packing undoes what the order holds and ends; a wait that runs out (after
 * one reminder) undoes it, marks the order FAILED and alerts ops. Every compensation retries any error for
 * minutes; one that still fails parks the order in NEEDS_ATTENTION (what is left, an alert naming the order)
 * for the order sweeper to finish.
 *
 * Execution input: `{ orderId, correlationId }` (the rule on `OrderPlaced`). JSONPath only; every task
 * keeps the input and writes its result under its own key.
 */
import type { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ORDER_FULFILMENT_ERRORS as ERRORS } from '../../shared/domain/workflow-errors';
import { lambdaSteps } from '../lambda-steps';
import { compensateWith, createSaga } from '../saga';
import { runChild } from '../child-workflow';

/** The one map of task → entry the stack builds the functions from (test/unit/workflows checks every entry). */
export const orderFulfilmentTaskEntries = {
  requestPacking: 'functions/orders/request-packing.ts',
  raiseOrderAlert: 'functions/orders/raise-order-alert.ts',
  createShipment: 'functions/orders/create-shipment.ts',
  capturePayment: 'functions/orders/capture-payment.ts',
  markShipped: 'functions/orders/mark-shipped.ts',
  releaseStock: 'functions/orders/release-stock.ts',
  voidPayment: 'functions/orders/void-payment.ts',
  markOrderFailed: 'functions/orders/mark-order-failed.ts',
  markNeedsAttention: 'functions/orders/mark-needs-attention.ts',
} as const;

export type OrderFulfilmentTask = keyof typeof orderFulfilmentTaskEntries;

export const orderRef = {
  orderId: sfn.JsonPath.stringAt('$.orderId'),
  correlationId: sfn.JsonPath.stringAt('$.correlationId'),
};

const TIMEOUTS = [sfn.Errors.TIMEOUT, sfn.Errors.HEARTBEAT_TIMEOUT];

/**
 * Stages of the saga, for its failure wiring: until packing the customer may cancel and a failure is
 * compensated; once packed, nothing is undone (the units are in a box, the label may be booked, the payment
 * captured): a shipping stretch that still fails fails the execution at ShipOrder, the order stays PACKED with
 * everything held, ops hears of it and redrives the execution once the cause is fixed (docs/runbook.md).
 */
type Stage = 'CANCELLABLE' | 'PACKED';

/** The Express child the workflow starts: `shipping` (shipping.ts). */
export type OrderFulfilmentChildren = Readonly<Record<string, sfn.IStateMachine>>;

/** How long the warehouse has: to pack before ops is reminded, and after the reminder before the order is given up. */
export interface PackingTimes {
  readonly deadline: Duration;
  readonly grace: Duration;
}

/** The definition for these packing times (the stack's settings: `-c packingDeadlineHours`, `-c packingGraceHours`). */
export const orderFulfilmentDefinition = (packing: PackingTimes) =>
  function orderFulfilment(scope: Construct, fns: Record<OrderFulfilmentTask, lambda.IFunction>, children: OrderFulfilmentChildren): sfn.IChainable {
    return orderFulfilmentStates(scope, fns, children, packing);
  };

function orderFulfilmentStates(scope: Construct, fns: Record<OrderFulfilmentTask, lambda.IFunction>, children: OrderFulfilmentChildren, packing: PackingTimes): sfn.IChainable {
  const states = new Construct(scope, 'OrderFulfilmentStates');
  const steps = lambdaSteps(states, fns, orderRef);
  const { step, compensation, awaitTaskToken } = steps;
  const saga = createSaga<OrderFulfilmentTask, Stage>(steps);
  const done = (name: string) => new sfn.Succeed(states, name);

  /* ---------- the process: each step that changes the world declares what undoes it ---------- */
  // The order comes holding its stock and a payment authorization (the checkout in POST /orders took them):
  // a cancellation or a failure from here until packing gives them back. VoidPayment voids by the idempotency key.
  // The warehouse is reminded once (an ops alert), then the saga fails over to compensation (wired below).
  const awaitPacking = saga.step(
    'CANCELLABLE',
    awaitTaskToken('AwaitPacking', 'requestPacking', { heartbeat: packing.deadline }, '$.packing'),
    compensateWith('ReleaseStock', 'releaseStock'),
    compensateWith('VoidPayment', 'voidPayment'),
  );
  const alertPackingOverdue = saga.step(
    'CANCELLABLE',
    step('AlertPackingOverdue', 'raiseOrderAlert', sfn.JsonPath.DISCARD, { alert: 'PACKING_OVERDUE', waitedSeconds: packing.deadline.toSeconds() }),
  );
  const awaitPackingAfterAlert = saga.step('CANCELLABLE', awaitTaskToken('AwaitPackingAfterAlert', 'requestPacking', { heartbeat: packing.grace }, '$.packing'));
  awaitPacking.addCatch(alertPackingOverdue, { errors: TIMEOUTS, resultPath: '$.timeout' });
  alertPackingOverdue.next(awaitPackingAfterAlert);
  // Book the shipment → capture the payment → shipped, as an Express child (shipping.ts): seconds, no waits,
  // one Standard transition. Nothing to undo here, and no catch: see Stage.
  const shipOrder = saga.step('PACKED', runChild(states, 'ShipOrder', children.shipping, orderRef, { resultPath: sfn.JsonPath.DISCARD }));

  const process = awaitPacking.next(shipOrder);
  awaitPackingAfterAlert.next(shipOrder);

  /* ---------- a compensation that still fails: NEEDS_ATTENTION, alert, the sweeper finishes ---------- */
  const needsAttention = new sfn.Fail(states, 'OrderNeedsAttention', {
    error: 'OrderNeedsAttention',
    cause: 'A compensation still failed after its retries; the order is NEEDS_ATTENTION with what is left, and the order sweeper finishes it',
  });
  const markNeedsAttention = compensation('MarkNeedsAttention', 'markNeedsAttention', sfn.JsonPath.DISCARD, { failure: sfn.JsonPath.objectAt('$.compensationFailure') });
  // Even this failing leaves no silent leak: the order stays in a transient status and the sweeper finds it stalled.
  markNeedsAttention.addCatch(new sfn.Fail(states, 'OrderNeedsAttentionUnrecorded', { error: 'OrderNeedsAttention', cause: 'The order could not be marked; the order sweeper finds it stalled' }), { resultPath: '$.attentionFailure' });
  markNeedsAttention.next(needsAttention);

  /* ---------- failure: undo what was done (the declared compensations), mark FAILED, alert ---------- */
  const onFailure = saga.compensationChain('OnFailure');
  const markOrderFailed = compensation('MarkOrderFailed', 'markOrderFailed', sfn.JsonPath.DISCARD, { failure: sfn.JsonPath.objectAt('$.failure') });
  for (const state of [...onFailure.states, markOrderFailed]) state.addCatch(markNeedsAttention, { resultPath: '$.compensationFailure' });
  onFailure.end.next(markOrderFailed).next(new sfn.Fail(states, 'OrderFailed', { error: 'OrderFulfilmentFailed', cause: 'A step failed after its retries; the OrderFailed alert says what was compensated' }));

  /* ---------- cancellation: undo, then end ---------- */
  const onCancel = saga.compensationChain('OnCancel');
  onCancel.end.next(done('OrderCancelled'));

  /* ---------- which failure goes where, by stage ---------- */
  // The warehouse never answered after the reminder: compensate like any failure.
  awaitPackingAfterAlert.addCatch(onFailure.start, { errors: TIMEOUTS, resultPath: '$.failure' });
  // Until packing, a cancellation stops the saga; after it the order cannot be cancelled any more.
  saga.catchIn(['CANCELLABLE'], [ERRORS.OrderCancelled], onCancel.start, '$.cancellation');
  saga.catchIn(['CANCELLABLE'], [sfn.Errors.ALL], onFailure.start, '$.failure');
  // A cancellation whose compensation fails after its retries fails over like any step.
  for (const state of onCancel.states) state.addCatch(onFailure.start, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });

  return process;
}
