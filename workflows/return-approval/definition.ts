/**
 * A return that waits for an operator (docs/returns.md, "Workflow"): how long to wait → the wait for the
 * decision (a task token answered by `POST /returns/{id}/decision`) → at the reminder time one reminder to ops
 * and a second wait → at the deadline the return EXPIRES (the customer and ops are told). Started by
 * `ReturnAwaitingApproval`; a return inside the rules is approved at once and never starts it.
 *
 * No step here changes the world in a way to undo: a reminder is a notification, the expiry is final and lets
 * the units go, a decision is the operator's. A step that still fails after its retries fails the execution,
 * and the failed execution alerts ops (the status-change rule); the return stays PENDING_APPROVAL, decidable
 * by the route. Execution input: `{ returnId, correlationId }`. JSONPath only.
 */
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { lambdaSteps } from '../lambda-steps';
import { createSaga } from '../saga';

/** The one map of task → entry the stack builds the functions from (test/unit/workflows checks every entry). */
export const returnApprovalTaskEntries = {
  approvalTiming: 'functions/returns/approval-timing.ts',
  requestDecision: 'functions/returns/request-return-decision.ts',
  remindApprovers: 'functions/returns/remind-return-approvers.ts',
  expireReturn: 'functions/returns/expire-return.ts',
} as const;

export type ReturnApprovalTask = keyof typeof returnApprovalTaskEntries;

const returnRef = {
  returnId: sfn.JsonPath.stringAt('$.returnId'),
  correlationId: sfn.JsonPath.stringAt('$.correlationId'),
};

type Stage = 'AWAITING_DECISION';

export function returnApprovalDefinition(scope: Construct, fns: Record<ReturnApprovalTask, lambda.IFunction>): sfn.IChainable {
  const states = new Construct(scope, 'ReturnApprovalStates');
  const steps = lambdaSteps(states, fns, returnRef);
  const saga = createSaga<ReturnApprovalTask, Stage>(steps);
  const waiting = <T extends sfn.TaskStateBase>(state: T) => saga.step('AWAITING_DECISION', state);
  const done = (name: string) => new sfn.Succeed(states, name);

  /* ---------- the process ---------- */
  // Reads only.
  const approvalTiming = waiting(steps.step('ApprovalTiming', 'approvalTiming', '$.timing'));
  const awaitDecision = waiting(steps.awaitTaskToken('AwaitReturnDecision', 'requestDecision', { timeoutSecondsPath: '$.timing.reminderAfterSeconds' }, '$.decision'));
  // Nothing to undo: a notification, sent at most once.
  const remindApprovers = waiting(steps.step('RemindApprovers', 'remindApprovers', sfn.JsonPath.DISCARD));
  const awaitDecisionAfterReminder = waiting(
    steps.awaitTaskToken('AwaitReturnDecisionAfterReminder', 'requestDecision', { timeoutSecondsPath: '$.timing.expireAfterReminderSeconds' }, '$.decision'),
  );
  // Final: EXPIRED, unless a decision slipped in (then it answers that decision).
  const expireReturn = waiting(steps.step('ExpireReturn', 'expireReturn', '$.decision'));

  const isDecided = new sfn.Choice(states, 'HowWasItDecided')
    .when(sfn.Condition.stringEquals('$.decision.status', 'EXPIRED'), done('Expired'))
    .when(sfn.Condition.stringEquals('$.decision.status', 'REJECTED'), done('RejectedByOperator'))
    .otherwise(done('Decided'));
  awaitDecision.addCatch(remindApprovers, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timeout' });
  remindApprovers.next(awaitDecisionAfterReminder);
  awaitDecisionAfterReminder.addCatch(expireReturn, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timeout' });
  awaitDecision.next(isDecided);
  awaitDecisionAfterReminder.next(isDecided);
  expireReturn.next(isDecided);

  /* ---------- failure: nothing to compensate; the failed execution alerts ops ---------- */
  saga.catchIn(['AWAITING_DECISION'], [sfn.Errors.ALL], new sfn.Fail(states, 'ReturnApprovalFailed', { error: 'ReturnApprovalFailed', cause: 'A step failed after its retries; the return still waits and an operator can decide it' }), '$.failure');

  return approvalTiming.next(
    new sfn.Choice(states, 'IsStillWaiting').when(sfn.Condition.booleanEquals('$.timing.waiting', true), awaitDecision).otherwise(done('AlreadyDecided')),
  );
}
