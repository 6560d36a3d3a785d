/**
 * Order to shipped parcel, as a saga: reserve the stock → authorize the payment → allocate a carrier →
 * wait for the warehouse to pack → book the shipment → capture the payment → shipped → wait for the
 * delivery scan. A business "no" (out of stock, payment declined or unavailable, no carrier) undoes what
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
import { Construct } from 'constructs';
import { lambdaSteps } from '../lambda-steps';

export const orderFulfilmentTaskEntries = {
  reserveStock: 'functions/orders/reserve-stock.ts',
  authorizePayment: 'functions/orders/authorize-payment.ts',
  allocateCarrier: 'functions/orders/allocate-carrier.ts',
  requestPacking: 'functions/orders/request-packing.ts',
  raiseOrderAlert: 'functions/orders/raise-order-alert.ts',
  createShipment: 'functions/orders/create-shipment.ts',
  capturePayment: 'functions/orders/capture-payment.ts',
  markShipped: 'functions/orders/mark-shipped.ts',
  requestDeliveryConfirmation: 'functions/orders/request-delivery-confirmation.ts',
  releaseStock: 'functions/orders/release-stock.ts',
  voidPayment: 'functions/orders/void-payment.ts',
  rejectOrder: 'functions/orders/reject-order.ts',
  markOrderFailed: 'functions/orders/mark-order-failed.ts',
  markNeedsAttention: 'functions/orders/mark-needs-attention.ts',
} as const;

export type OrderFulfilmentTask = keyof typeof orderFulfilmentTaskEntries;

const orderRef = {
  orderId: sfn.JsonPath.stringAt('$.orderId'),
  correlationId: sfn.JsonPath.stringAt('$.correlationId'),
};

const TIMEOUTS = [sfn.Errors.TIMEOUT, sfn.Errors.HEARTBEAT_TIMEOUT];

export function orderFulfilmentDefinition(scope: Construct, fns: Record<OrderFulfilmentTask, lambda.IFunction>): sfn.IChainable {
  const states = new Construct(scope, 'OrderFulfilmentStates');
  const { step, compensation, awaitTaskToken } = lambdaSteps(states, fns, orderRef);
  const done = (name: string) => new sfn.Succeed(states, name);

  /* ---------- a compensation that still fails: NEEDS_ATTENTION, alert, the sweeper finishes ---------- */
  const needsAttention = new sfn.Fail(states, 'OrderNeedsAttention', {
    error: 'OrderNeedsAttention',
    cause: 'A compensation still failed after its retries; the order is NEEDS_ATTENTION with what is left, and the order sweeper finishes it',
  });
  const markNeedsAttention = compensation('MarkNeedsAttention', 'markNeedsAttention', sfn.JsonPath.DISCARD, { failure: sfn.JsonPath.objectAt('$.compensationFailure') });
  // Even this failing leaves no silent leak: the order stays in a transient status and the sweeper finds it stalled.
  markNeedsAttention.addCatch(new sfn.Fail(states, 'OrderNeedsAttentionUnrecorded', { error: 'OrderNeedsAttention', cause: 'The order could not be marked; the order sweeper finds it stalled' }), { resultPath: '$.attentionFailure' });
  markNeedsAttention.next(needsAttention);

  /* ---------- failure: undo what was done, mark FAILED, alert ---------- */
  const orderFailed = new sfn.Fail(states, 'OrderFailed', { error: 'OrderFulfilmentFailed', cause: 'A step failed after its retries; the OrderFailed alert says what was compensated' });
  const markOrderFailed = compensation('MarkOrderFailed', 'markOrderFailed', sfn.JsonPath.DISCARD, { failure: sfn.JsonPath.objectAt('$.failure') });
  const voidPaymentOnFailure = compensation('VoidPaymentOnFailure', 'voidPayment', sfn.JsonPath.DISCARD);
  const releaseStockOnFailure = compensation('ReleaseStockOnFailure', 'releaseStock', sfn.JsonPath.DISCARD);
  for (const step of [releaseStockOnFailure, voidPaymentOnFailure, markOrderFailed]) {
    step.addCatch(markNeedsAttention, { resultPath: '$.compensationFailure' });
  }
  releaseStockOnFailure.next(voidPaymentOnFailure).next(markOrderFailed).next(orderFailed);

  /* ---------- cancellation: undo, then end ---------- */
  const releaseStockOnCancel = compensation('ReleaseStockOnCancel', 'releaseStock', sfn.JsonPath.DISCARD);
  const voidPaymentOnCancel = compensation('VoidPaymentOnCancel', 'voidPayment', sfn.JsonPath.DISCARD);
  releaseStockOnCancel.next(voidPaymentOnCancel).next(done('OrderCancelled'));

  /* ---------- rejection: undo, then REJECTED with the reason ---------- */
  const releaseStockBeforeRejecting = compensation('ReleaseStockBeforeRejecting', 'releaseStock', sfn.JsonPath.DISCARD);
  const voidPaymentBeforeRejecting = compensation('VoidPaymentBeforeRejecting', 'voidPayment', sfn.JsonPath.DISCARD);
  const rejectOrder = compensation('RejectOrder', 'rejectOrder', sfn.JsonPath.DISCARD, {
    reason: sfn.JsonPath.stringAt('$.rejection.reason'),
    shortSkus: sfn.JsonPath.listAt('$.rejection.shortSkus'),
  });
  releaseStockBeforeRejecting.next(voidPaymentBeforeRejecting).next(rejectOrder).next(done('OrderRejected'));
  const rejectBecause = (name: string, reason: string, shortSkusPath?: string) =>
    new sfn.Pass(states, name, {
      parameters: { reason, shortSkus: shortSkusPath ? sfn.JsonPath.listAt(shortSkusPath) : [] },
      resultPath: '$.rejection',
    }).next(releaseStockBeforeRejecting);

  /* ---------- forward steps, each with its compensation ---------- */
  // compensation: ReleaseStock (…OnFailure / …OnCancel / …BeforeRejecting).
  const reserveStock = step('ReserveStock', 'reserveStock', '$.reservation');
  reserveStock.addRetry({ errors: ['StockContention'], interval: Duration.seconds(1), backoffRate: 1.5, maxAttempts: 8, jitterStrategy: sfn.JitterType.FULL });
  // compensation: VoidPayment (voids by the idempotency key even after an ambiguous timeout).
  const authorizePayment = step('AuthorizePayment', 'authorizePayment', '$.payment');
  authorizePayment.addRetry({ errors: ['PaymentProviderUnavailable'], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 2 });
  authorizePayment.addCatch(rejectBecause('PaymentUnavailable', 'PAYMENT_UNAVAILABLE'), { errors: ['PaymentProviderUnavailable'], resultPath: '$.paymentError' });
  // compensation: none — it only records the choice.
  const allocateCarrier = step('AllocateCarrier', 'allocateCarrier', '$.allocation');
  // compensation: AlertPackingOverdue, then the failure path if the warehouse never answers.
  const awaitPacking = awaitTaskToken('AwaitPacking', 'requestPacking', { heartbeatSecondsPath: '$.allocation.timing.packingDeadlineSeconds' }, '$.packing');
  const alertPackingOverdue = step('AlertPackingOverdue', 'raiseOrderAlert', sfn.JsonPath.DISCARD, {
    alert: 'PACKING_OVERDUE',
    waitedSeconds: sfn.JsonPath.numberAt('$.allocation.timing.packingDeadlineSeconds'),
  });
  const awaitPackingAfterAlert = awaitTaskToken('AwaitPackingAfterAlert', 'requestPacking', { heartbeatSecondsPath: '$.allocation.timing.packingGraceSeconds' }, '$.packing');
  // compensation: none — a label is cheap; MarkOrderFailed's alert says one was booked.
  const createShipment = step('CreateShipment', 'createShipment', '$.shipment');
  // compensation: none — only ever after a booked shipment.
  const capturePayment = step('CapturePayment', 'capturePayment', sfn.JsonPath.DISCARD);
  capturePayment.addRetry({ errors: ['PaymentProviderUnavailable'], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 3 });
  // compensation: none — the parcel has left.
  const markShipped = step('MarkShipped', 'markShipped', '$.delivery');
  const awaitDelivery = awaitTaskToken('AwaitDelivery', 'requestDeliveryConfirmation', { timeoutSecondsPath: '$.delivery.deliveryWaitSeconds' }, '$.delivered');
  const alertDeliveryOverdue = step('AlertDeliveryOverdue', 'raiseOrderAlert', sfn.JsonPath.DISCARD, { alert: 'DELIVERY_OVERDUE' });
  const awaitDeliveryAfterAlert = awaitTaskToken('AwaitDeliveryAfterAlert', 'requestDeliveryConfirmation', { timeoutSecondsPath: '$.delivery.deliveryGraceSeconds' }, '$.delivered');
  const deliveryNotConfirmed = new sfn.Fail(states, 'DeliveryNotConfirmed', {
    error: 'DeliveryNotConfirmed',
    cause: 'The carrier never reported the parcel delivered; chase it with the carrier',
  });

  awaitPacking.addCatch(alertPackingOverdue, { errors: TIMEOUTS, resultPath: '$.timeout' });
  alertPackingOverdue.next(awaitPackingAfterAlert);
  awaitPackingAfterAlert.addCatch(releaseStockOnFailure, { errors: TIMEOUTS, resultPath: '$.failure' });
  awaitDelivery.addCatch(alertDeliveryOverdue, { errors: TIMEOUTS, resultPath: '$.timeout' });
  alertDeliveryOverdue.next(awaitDeliveryAfterAlert);
  awaitDeliveryAfterAlert.addCatch(deliveryNotConfirmed, { errors: TIMEOUTS, resultPath: '$.timeout' });

  // Until packing, a cancellation stops the saga; after it the order cannot be cancelled any more.
  for (const task of [reserveStock, authorizePayment, allocateCarrier, awaitPacking, alertPackingOverdue, awaitPackingAfterAlert]) {
    task.addCatch(releaseStockOnCancel, { errors: ['OrderCancelled'], resultPath: '$.cancellation' });
  }
  for (const task of [
    reserveStock,
    authorizePayment,
    allocateCarrier,
    awaitPacking,
    alertPackingOverdue,
    awaitPackingAfterAlert,
    createShipment,
    capturePayment,
    markShipped,
    releaseStockBeforeRejecting,
    voidPaymentBeforeRejecting,
    rejectOrder,
    releaseStockOnCancel,
    voidPaymentOnCancel,
  ]) {
    task.addCatch(releaseStockOnFailure, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });
  }
  for (const task of [awaitDelivery, alertDeliveryOverdue, awaitDeliveryAfterAlert]) {
    // After shipping nothing can be undone: ops hears of it and chases the parcel.
    task.addCatch(markOrderFailed, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });
  }

  const packed = createShipment.next(capturePayment).next(markShipped).next(awaitDelivery);
  awaitDelivery.next(done('OrderDelivered'));
  awaitDeliveryAfterAlert.next(done('OrderDeliveredLate'));
  awaitPackingAfterAlert.next(createShipment);

  return reserveStock
    .next(
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
                    .otherwise(awaitPacking.next(packed)),
                ),
              ),
          ),
        ),
    );
}
