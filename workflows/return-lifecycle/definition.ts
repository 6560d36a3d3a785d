/**
 * A return from its request to its refund (docs/returns.md, "Workflow"): where does it stand → a return waiting
 * for an operator waits for the decision (a task token answered by `POST /returns/{id}/decision`), with one
 * reminder to ops before its deadline and expiry at it → an approved return has its label (booked, retried when
 * the carrier fails) and waits for its parcel (a task token answered by `POST /returns/{id}/receipt`); when it was
 * not sent (no carrier scan) and has not arrived within N days it expires and its label is voided (a parcel on its
 * way gets M more days, then ops is told it is lost) → what arrived is refunded, retried while the payment
 * provider is unavailable, else REFUND_FAILED for ops; or, for an exchange, a replacement order is placed at no
 * charge (the difference refunded), falling back to the refund when it cannot be had, else EXCHANGE_FAILED for ops. Started by `ReturnRequested`; input `{ returnId,
 * correlationId }`. JSONPath only.
 *
 * The one step that changes the world in a way to undo is the label: BookReturnLabel declares VoidReturnLabel, run
 * when the parcel never came. Reminders are notifications, expiries are final, decisions and receipts belong to
 * people, and a refund is never undone (the provider pays once per key). A step that still fails after its retries
 * fails the execution, and the failed execution alerts ops (the status-change rule); the return stays as it was,
 * and the routes can still move it (POST /returns/{id}/refund pays a refund still owed).
 */
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { RETURN_LIFECYCLE_ERRORS as ERRORS } from '../../shared/domain/workflow-errors';
import { lambdaSteps } from '../lambda-steps';
import { compensateWith, createSaga } from '../saga';

/** The one map of task → entry the stack builds the functions from (test/unit/workflows checks every entry). */
export const returnLifecycleTaskEntries = {
  returnTiming: 'functions/returns/return-timing.ts',
  requestWait: 'functions/returns/request-return-wait.ts',
  remindApprovers: 'functions/returns/remind-return-approvers.ts',
  expireReturn: 'functions/returns/expire-return.ts',
  bookReturnLabel: 'functions/returns/book-return-label.ts',
  voidReturnLabel: 'functions/returns/void-return-label.ts',
  refundReturn: 'functions/returns/refund-return.ts',
  recordRefundFailed: 'functions/returns/record-refund-failed.ts',
  placeReplacementOrder: 'functions/returns/place-replacement-order.ts',
  fallBackToRefund: 'functions/returns/fall-back-to-refund.ts',
  recordExchangeFailed: 'functions/returns/record-exchange-failed.ts',
} as const;

export type ReturnLifecycleTask = keyof typeof returnLifecycleTaskEntries;

const returnRef = {
  returnId: sfn.JsonPath.stringAt('$.returnId'),
  correlationId: sfn.JsonPath.stringAt('$.correlationId'),
};

type Stage = 'WAITING' | 'PARCEL' | 'EXCHANGING' | 'REFUNDING';

export function returnLifecycleDefinition(scope: Construct, fns: Record<ReturnLifecycleTask, lambda.IFunction>): sfn.IChainable {
  const states = new Construct(scope, 'ReturnLifecycleStates');
  const steps = lambdaSteps(states, fns, returnRef);
  const saga = createSaga<ReturnLifecycleTask, Stage>(steps);
  const waiting = <T extends sfn.TaskStateBase>(state: T) => saga.step('WAITING', state);
  const done = (name: string) => new sfn.Succeed(states, name);
  const decision = { waitingFor: 'DECISION' };

  /* ---------- the process ---------- */
  // Reads only.
  const returnTiming = waiting(steps.step('ReturnTiming', 'returnTiming', '$.timing'));
  const awaitDecision = waiting(steps.awaitTaskToken('AwaitReturnDecision', 'requestWait', { timeoutSecondsPath: '$.timing.reminderAfterSeconds' }, '$.decision', decision));
  // Nothing to undo: a notification, sent at most once.
  const remindApprovers = waiting(steps.step('RemindApprovers', 'remindApprovers', sfn.JsonPath.DISCARD));
  const awaitDecisionAfterReminder = waiting(
    steps.awaitTaskToken('AwaitReturnDecisionAfterReminder', 'requestWait', { timeoutSecondsPath: '$.timing.expireAfterReminderSeconds' }, '$.decision', decision),
  );
  // Final: EXPIRED, unless a decision slipped in (then it answers where the return stands).
  const expireUndecided = waiting(steps.step('ExpireUndecidedReturn', 'expireReturn', '$.decision'));
  // Reads only: the parcel's deadline counts from the approval.
  const parcelTiming = waiting(steps.step('ParcelTiming', 'returnTiming', '$.timing'));
  // Books the label when the approving route could not (a label already there is kept); undone by voiding it.
  const bookLabel = saga.step('PARCEL', steps.step('BookReturnLabel', 'bookReturnLabel', '$.label'), compensateWith('VoidReturnLabel', 'voidReturnLabel'));
  bookLabel.addRetry({ errors: [ERRORS.CarrierUnavailable], interval: Duration.seconds(30), backoffRate: 2, maxAttempts: 5 });
  const awaitParcel = saga.step('PARCEL', steps.awaitTaskToken('AwaitReturnParcel', 'requestWait', { timeoutSecondsPath: '$.timing.parcelDueAfterSeconds' }, '$.parcel', { waitingFor: 'PARCEL' }));
  // Final: EXPIRED, unless the receipt slipped in or the carrier scanned the parcel (sent in time: it stays APPROVED).
  const expireUnsent = saga.step('PARCEL', steps.step('ExpireUnsentReturn', 'expireReturn', '$.parcel'));
  // A parcel on its way back gets RETURN_PARCEL_TRANSIT_DAYS more; then it is lost, and the failed execution tells ops.
  const awaitInTransit = saga.step(
    'PARCEL',
    steps.awaitTaskToken('AwaitReturnParcelInTransit', 'requestWait', { timeoutSecondsPath: '$.timing.transitAfterSeconds' }, '$.parcel', { waitingFor: 'PARCEL' }),
  );
  awaitInTransit.addCatch(new sfn.Fail(states, 'ReturnParcelLost', { error: 'ReturnParcelLost', cause: 'The carrier scanned the return parcel but it never arrived; the return stays APPROVED for the routes' }), { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timeout' });
  // Pays what arrived with the return's one provider key: retried while the provider is unavailable, never paid twice.
  const refund = saga.step('REFUNDING', steps.step('RefundReturn', 'refundReturn', '$.refund'));
  refund.addRetry({ errors: [ERRORS.PaymentProviderUnavailable], interval: Duration.seconds(30), backoffRate: 2, maxAttempts: 2 });
  // After the retries: REFUND_FAILED, ReturnRefundFailed to ops, who retry with POST /returns/{id}/refund.
  const recordRefundFailed = saga.step('REFUNDING', steps.step('RecordRefundFailed', 'recordRefundFailed', '$.refund', { failure: sfn.JsonPath.stringAt('$.refundError.Cause') }));
  refund.addCatch(recordRefundFailed, { errors: [ERRORS.PaymentProviderUnavailable], resultPath: '$.refundError' });
  refund.next(done('Refunded'));
  recordRefundFailed.next(done('RefundLeftToOps'));

  /* ---------- an exchange: the replacement order instead of the refund ---------- */
  // Places the replacement through the order checkout at no charge, under the id the receipt reserved (a retry finds
  // that order: never two); it ships through the order workflow like any order and is never undone here (the customer
  // may cancel it before packing). Its compensation, when the replacement cannot be had: FallBackToRefund.
  const placeReplacement = saga.step('EXCHANGING', steps.step('PlaceReplacementOrder', 'placeReplacementOrder', '$.exchange'));
  placeReplacement.addRetry({ errors: [ERRORS.StockContention, ERRORS.CheckoutInProgress], interval: Duration.seconds(5), backoffRate: 2, maxAttempts: 3 });
  // Compensation of the exchange: what arrived refunded in full instead, ops and the customer told; retried for minutes.
  const fallBackToRefund = saga.step('REFUNDING', steps.compensation('FallBackToRefund', 'fallBackToRefund', '$.fallback', { reason: sfn.JsonPath.stringAt('$.exchange.reason') }));
  fallBackToRefund.next(refund);
  // After the retries: EXCHANGE_FAILED, ReturnExchangeFailed to ops, who retry with POST /returns/{id}/exchange.
  const recordExchangeFailed = saga.step('REFUNDING', steps.step('RecordExchangeFailed', 'recordExchangeFailed', '$.exchange', { failure: sfn.JsonPath.stringAt('$.exchangeError.Cause') }));
  placeReplacement.addCatch(recordExchangeFailed, { errors: [sfn.Errors.ALL], resultPath: '$.exchangeError' });
  recordExchangeFailed.next(done('ExchangeLeftToOps'));
  placeReplacement.next(
    new sfn.Choice(states, 'WasTheReplacementPlaced')
      .when(sfn.Condition.stringEquals('$.exchange.outcome', 'UNAVAILABLE'), fallBackToRefund)
      // Placed with a difference owed back: the refund path pays it, then the return is EXCHANGED.
      .when(sfn.Condition.stringEquals('$.exchange.status', 'RECEIVED'), refund)
      .when(sfn.Condition.stringEquals('$.exchange.status', 'EXCHANGED'), done('Exchanged'))
      .otherwise(done('ExchangeSettledElsewhere')),
  );

  /* ---------- the parcel never came: its label is voided ---------- */
  const voidLabel = saga.compensationChain('OnExpiry');
  const labelNotVoided = new sfn.Fail(states, 'ReturnLabelNotVoided', { error: 'ReturnLabelNotVoided', cause: 'The carrier did not void the expired return label after the retries; void it by hand' });
  for (const state of voidLabel.states) state.addCatch(labelNotVoided, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });
  voidLabel.end.next(done('ParcelNeverArrived'));

  const wasItReceived = new sfn.Choice(states, 'DidTheParcelArrive')
    .when(sfn.Condition.stringEquals('$.parcel.status', 'EXPIRED'), voidLabel.start)
    .when(sfn.Condition.stringEquals('$.parcel.status', 'RECEIVED'), refund)
    .when(sfn.Condition.stringEquals('$.parcel.status', 'EXCHANGING'), placeReplacement)
    .when(sfn.Condition.stringEquals('$.parcel.status', 'APPROVED'), awaitInTransit)
    .otherwise(done('Received'));
  awaitParcel.addCatch(expireUnsent, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timeout' });
  bookLabel.next(awaitParcel);
  awaitParcel.next(wasItReceived);
  awaitInTransit.next(wasItReceived);
  expireUnsent.next(wasItReceived);

  const howWasItDecided = new sfn.Choice(states, 'HowWasItDecided')
    .when(sfn.Condition.stringEquals('$.decision.status', 'APPROVED'), parcelTiming.next(bookLabel))
    // Approved and received before the wait began: the refund is still this workflow's to pay.
    .when(sfn.Condition.stringEquals('$.decision.status', 'RECEIVED'), refund)
    .when(sfn.Condition.stringEquals('$.decision.status', 'EXCHANGING'), placeReplacement)
    .when(sfn.Condition.stringEquals('$.decision.status', 'EXPIRED'), done('Expired'))
    .when(sfn.Condition.stringEquals('$.decision.status', 'REJECTED'), done('RejectedByOperator'))
    .otherwise(done('MovedOn'));
  awaitDecision.addCatch(remindApprovers, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timeout' });
  remindApprovers.next(awaitDecisionAfterReminder);
  awaitDecisionAfterReminder.addCatch(expireUndecided, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timeout' });
  awaitDecision.next(howWasItDecided);
  awaitDecisionAfterReminder.next(howWasItDecided);
  expireUndecided.next(howWasItDecided);

  /* ---------- failure: the failed execution alerts ops; the return stays as it was ---------- */
  saga.catchIn(['WAITING', 'PARCEL', 'REFUNDING'], [sfn.Errors.ALL], new sfn.Fail(states, 'ReturnWorkflowFailed', { error: 'ReturnWorkflowFailed', cause: 'A step failed after its retries; the return stays as it was and the routes can still move it' }), '$.failure');

  return returnTiming.next(
    new sfn.Choice(states, 'WhereIsTheReturn')
      .when(sfn.Condition.stringEquals('$.timing.status', 'PENDING_APPROVAL'), awaitDecision)
      .when(sfn.Condition.stringEquals('$.timing.status', 'APPROVED'), bookLabel)
      // Received before the workflow first read it: the refund is still this workflow's to pay.
      .when(sfn.Condition.stringEquals('$.timing.status', 'RECEIVED'), refund)
      .when(sfn.Condition.stringEquals('$.timing.status', 'EXCHANGING'), placeReplacement)
      .otherwise(done('AlreadyDone')),
  );
}
