/**
 * A return from its request to its parcel (docs/returns.md, "Workflow"): where does it stand → a return waiting
 * for an operator waits for the decision (a task token answered by `POST /returns/{id}/decision`), with one
 * reminder to ops before its deadline and expiry at it → an approved return waits for its parcel (a task token
 * answered by `POST /returns/{id}/receipt`, which refunds what arrived) and expires when it does not arrive within
 * N days. Started by `ReturnRequested`; input `{ returnId, correlationId }`. JSONPath only.
 *
 * No step here changes the world in a way to undo: a reminder is a notification, an expiry is final and lets the
 * units go, a decision is the operator's and a receipt the warehouse's. A step that still fails after its retries
 * fails the execution, and the failed execution alerts ops (the status-change rule); the return stays as it was,
 * and the routes can still move it.
 */
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { lambdaSteps } from '../lambda-steps';
import { createSaga } from '../saga';

/** The one map of task → entry the stack builds the functions from (test/unit/workflows checks every entry). */
export const returnLifecycleTaskEntries = {
  returnTiming: 'functions/returns/return-timing.ts',
  requestWait: 'functions/returns/request-return-wait.ts',
  remindApprovers: 'functions/returns/remind-return-approvers.ts',
  expireReturn: 'functions/returns/expire-return.ts',
} as const;

export type ReturnLifecycleTask = keyof typeof returnLifecycleTaskEntries;

const returnRef = {
  returnId: sfn.JsonPath.stringAt('$.returnId'),
  correlationId: sfn.JsonPath.stringAt('$.correlationId'),
};

type Stage = 'WAITING';

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
  const awaitParcel = waiting(steps.awaitTaskToken('AwaitReturnParcel', 'requestWait', { timeoutSecondsPath: '$.timing.parcelDueAfterSeconds' }, '$.parcel', { waitingFor: 'PARCEL' }));
  // Final: EXPIRED, unless the receipt slipped in.
  const expireUnsent = waiting(steps.step('ExpireUnsentReturn', 'expireReturn', '$.parcel'));

  const wasItReceived = new sfn.Choice(states, 'DidTheParcelArrive')
    .when(sfn.Condition.stringEquals('$.parcel.status', 'EXPIRED'), done('ParcelNeverArrived'))
    .otherwise(done('Received'));
  awaitParcel.addCatch(expireUnsent, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timeout' });
  awaitParcel.next(wasItReceived);
  expireUnsent.next(wasItReceived);

  const howWasItDecided = new sfn.Choice(states, 'HowWasItDecided')
    .when(sfn.Condition.stringEquals('$.decision.status', 'APPROVED'), parcelTiming.next(awaitParcel))
    .when(sfn.Condition.stringEquals('$.decision.status', 'EXPIRED'), done('Expired'))
    .when(sfn.Condition.stringEquals('$.decision.status', 'REJECTED'), done('RejectedByOperator'))
    .otherwise(done('MovedOn'));
  awaitDecision.addCatch(remindApprovers, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timeout' });
  remindApprovers.next(awaitDecisionAfterReminder);
  awaitDecisionAfterReminder.addCatch(expireUndecided, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timeout' });
  awaitDecision.next(howWasItDecided);
  awaitDecisionAfterReminder.next(howWasItDecided);
  expireUndecided.next(howWasItDecided);

  /* ---------- failure: nothing to compensate; the failed execution alerts ops ---------- */
  saga.catchIn(['WAITING'], [sfn.Errors.ALL], new sfn.Fail(states, 'ReturnWorkflowFailed', { error: 'ReturnWorkflowFailed', cause: 'A step failed after its retries; the return stays as it was and the routes can still move it' }), '$.failure');

  return returnTiming.next(
    new sfn.Choice(states, 'WhereIsTheReturn')
      .when(sfn.Condition.stringEquals('$.timing.status', 'PENDING_APPROVAL'), awaitDecision)
      .when(sfn.Condition.stringEquals('$.timing.status', 'APPROVED'), awaitParcel)
      .otherwise(done('AlreadyDone')),
  );
}
