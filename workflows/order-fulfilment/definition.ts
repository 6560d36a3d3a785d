/**
 * Order to shipped parcel, as a saga: reserve the stock → authorize the payment → allocate a carrier →
 * wait for the warehouse to pack → ship it (book the shipment → capture the payment → shipped, an Express
 * child: shipping.ts). The execution ends
 * at shipment: the parcel is followed by the carrier's webhooks, and the order sweeper alerts ops about a
 * parcel past its promised date (docs/orders.md, "Why the workflow ends at shipment"). A business "no" (out of stock, payment declined or unavailable, no carrier) undoes what
 * was done and rejects the order; a cancellation undoes it and ends; any step failing after its retries
 * undoes it, marks the order FAILED and alerts ops. Every compensation retries any error for minutes; one
 * that still fails parks the order in NEEDS_ATTENTION (what is left, an alert naming the order) for the
 * order sweeper to finish.
 *
 * Execution input: `{ orderId, correlationId }` (the rule on `OrderPlaced`). JSONPath only; every task
 * keeps the input and writes its result under its own key.
 */
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { ORDER_FULFILMENT_ERRORS as ERRORS } from '../../shared/domain/workflow-errors';
import { lambdaSteps } from '../lambda-steps';
import { compensateWith, createSaga } from '../saga';

/** The one map of task → entry the stack builds the functions from (test/unit/workflows checks every entry). */
export const orderFulfilmentTaskEntries = {
  reserveStock: 'functions/orders/reserve-stock.ts',
  authorizePayment: 'functions/orders/authorize-payment.ts',
  allocateCarrier: 'functions/orders/allocate-carrier.ts',
  requestPacking: 'functions/orders/request-packing.ts',
  raiseOrderAlert: 'functions/orders/raise-order-alert.ts',
  createShipment: 'functions/orders/create-shipment.ts',
  capturePayment: 'functions/orders/capture-payment.ts',
  markShipped: 'functions/orders/mark-shipped.ts',
  releaseStock: 'functions/orders/release-stock.ts',
  voidPayment: 'functions/orders/void-payment.ts',
  rejectOrder: 'functions/orders/reject-order.ts',
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
 * Stages of the saga, for its failure wiring: until packing the customer may cancel; until shipping a
 * failure is compensated.
 */
type Stage = 'CANCELLABLE' | 'PACKED';

/** The Express children the workflow starts: `shipping` is workflows/order-fulfilment/shipping.ts. */
export type OrderFulfilmentChildren = Readonly<Record<string, sfn.IStateMachine>>;

export function orderFulfilmentDefinition(scope: Construct, fns: Record<OrderFulfilmentTask, lambda.IFunction>, children: OrderFulfilmentChildren): sfn.IChainable {
  const states = new Construct(scope, 'OrderFulfilmentStates');
  const steps = lambdaSteps(states, fns, orderRef);
  const { step, compensation, awaitTaskToken } = steps;
  const saga = createSaga<OrderFulfilmentTask, Stage>(steps);
  const done = (name: string) => new sfn.Succeed(states, name);
  /** A business "no": the reason goes to `$.rejection`, then the rejection undoes what was done (wired below). */
  const rejections: sfn.Pass[] = [];
  const rejectBecause = (name: string, reason: string, shortSkusPath?: string) => {
    const pass = new sfn.Pass(states, name, { parameters: { reason, shortSkus: shortSkusPath ? sfn.JsonPath.listAt(shortSkusPath) : [] }, resultPath: '$.rejection' });
    rejections.push(pass);
    return pass;
  };

  /* ---------- the process: each step that changes the world declares what undoes it ---------- */
  const reserveStock = saga.step('CANCELLABLE', step('ReserveStock', 'reserveStock', '$.reservation'), compensateWith('ReleaseStock', 'releaseStock'));
  reserveStock.addRetry({ errors: [ERRORS.StockContention], interval: Duration.seconds(1), backoffRate: 1.5, maxAttempts: 8, jitterStrategy: sfn.JitterType.FULL });
  // VoidPayment voids by the idempotency key, even after an ambiguous timeout.
  const authorizePayment = saga.step('CANCELLABLE', step('AuthorizePayment', 'authorizePayment', '$.payment'), compensateWith('VoidPayment', 'voidPayment'));
  authorizePayment.addRetry({ errors: [ERRORS.PaymentProviderUnavailable], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 2 });
  authorizePayment.addCatch(rejectBecause('PaymentUnavailable', 'PAYMENT_UNAVAILABLE'), { errors: [ERRORS.PaymentProviderUnavailable], resultPath: '$.paymentError' });
  // Nothing to undo: it only records the choice.
  const allocateCarrier = saga.step('CANCELLABLE', step('AllocateCarrier', 'allocateCarrier', '$.allocation'));
  // The warehouse is reminded once (an ops alert), then the saga fails over to compensation (wired below).
  const awaitPacking = saga.step('CANCELLABLE', awaitTaskToken('AwaitPacking', 'requestPacking', { heartbeatSecondsPath: '$.allocation.timing.packingDeadlineSeconds' }, '$.packing'));
  const alertPackingOverdue = saga.step(
    'CANCELLABLE',
    step('AlertPackingOverdue', 'raiseOrderAlert', sfn.JsonPath.DISCARD, { alert: 'PACKING_OVERDUE', waitedSeconds: sfn.JsonPath.numberAt('$.allocation.timing.packingDeadlineSeconds') }),
  );
  const awaitPackingAfterAlert = saga.step('CANCELLABLE', awaitTaskToken('AwaitPackingAfterAlert', 'requestPacking', { heartbeatSecondsPath: '$.allocation.timing.packingGraceSeconds' }, '$.packing'));
  awaitPacking.addCatch(alertPackingOverdue, { errors: TIMEOUTS, resultPath: '$.timeout' });
  alertPackingOverdue.next(awaitPackingAfterAlert);
  // Book the shipment → capture the payment → shipped, as an Express child (shipping.ts): seconds, no waits,
  // one Standard transition. Nothing to undo here: a child that still fails goes to the failure path.
  const shipping = children.shipping;
  if (!shipping) throw new Error('order fulfilment needs its Express child `shipping` (workflows/order-fulfilment/shipping.ts)');
  const shipOrder = saga.step(
    'PACKED',
    new tasks.StepFunctionsStartExecution(states, 'ShipOrder', {
      stateMachine: shipping,
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      input: sfn.TaskInput.fromObject(orderRef),
      associateWithParent: true,
      resultPath: sfn.JsonPath.DISCARD,
    }),
  );

  awaitPackingAfterAlert.next(shipOrder);
  awaitPacking.next(shipOrder);

  const process = reserveStock.next(
    new sfn.Choice(states, 'WasStockReserved')
      .when(sfn.Condition.booleanEquals('$.reservation.reserved', false), rejectBecause('OutOfStock', 'OUT_OF_STOCK', '$.reservation.shortSkus'))
      .otherwise(
        authorizePayment.next(
          new sfn.Choice(states, 'WasPaymentAuthorized')
            .when(sfn.Condition.booleanEquals('$.payment.authorized', false), rejectBecause('PaymentDeclined', 'PAYMENT_DECLINED'))
            .otherwise(
              allocateCarrier.next(
                new sfn.Choice(states, 'HasCarrier')
                  .when(sfn.Condition.booleanEquals('$.allocation.allocated', false), rejectBecause('NoCarrierAvailable', 'NO_CARRIER'))
                  .otherwise(awaitPacking),
              ),
            ),
        ),
      ),
  );

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

  /* ---------- rejection: undo, then REJECTED with the reason ---------- */
  const beforeRejecting = saga.compensationChain('BeforeRejecting');
  const rejectOrder = compensation('RejectOrder', 'rejectOrder', sfn.JsonPath.DISCARD, {
    reason: sfn.JsonPath.stringAt('$.rejection.reason'),
    shortSkus: sfn.JsonPath.listAt('$.rejection.shortSkus'),
  });
  beforeRejecting.end.next(rejectOrder).next(done('OrderRejected'));
  for (const rejection of rejections) rejection.next(beforeRejecting.start);

  /* ---------- which failure goes where, by stage ---------- */
  // The warehouse never answered after the reminder: compensate like any failure.
  awaitPackingAfterAlert.addCatch(onFailure.start, { errors: TIMEOUTS, resultPath: '$.failure' });
  // Until packing, a cancellation stops the saga; after it the order cannot be cancelled any more.
  saga.catchIn(['CANCELLABLE'], [ERRORS.OrderCancelled], onCancel.start, '$.cancellation');
  saga.catchIn(['CANCELLABLE', 'PACKED'], [sfn.Errors.ALL], onFailure.start, '$.failure');
  // A rejection or a cancellation whose compensation fails after its retries fails over like any step.
  for (const state of [...beforeRejecting.states, rejectOrder, ...onCancel.states]) state.addCatch(onFailure.start, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });

  return process;
}
