/**
 * 团购, one execution per group: wait for the group to fill until its deadline → let every member's order go
 * to the warehouse; or, the deadline first, close it and cancel every member's order (docs/promotions.md,
 * "Group buying"). The member orders themselves wait in their own order-fulfilment executions, AWAITING_GROUP
 * in the packing wait (the warehouse cannot pack them): releasing one moves it to AWAITING_PACKING and gives
 * the warehouse its full deadline from then; cancelling one goes through the order's own cancel (its
 * workflow releases the stock and voids the authorization, the customer is told, the promotion use comes back).
 *
 * Execution input: `{ groupId, promotionId, correlationId, timeLimitSeconds }` (the rule on `GroupStarted`).
 */
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { lambdaSteps } from '../lambda-steps';
import { compensateWith, createSaga } from '../saga';

export const groupBuyTaskEntries = {
  requestGroupWait: 'functions/promotions/request-group-wait.ts',
  closeGroup: 'functions/promotions/close-group.ts',
  releaseMemberOrders: 'functions/promotions/release-member-orders.ts',
  cancelMemberOrders: 'functions/promotions/cancel-member-orders.ts',
} as const;

export type GroupBuyTask = keyof typeof groupBuyTaskEntries;

const groupRef = {
  groupId: sfn.JsonPath.stringAt('$.groupId'),
  correlationId: sfn.JsonPath.stringAt('$.correlationId'),
};

export function groupBuyDefinition(scope: Construct, fns: Record<GroupBuyTask, lambda.IFunction>): sfn.IChainable {
  const states = new Construct(scope, 'GroupBuyStates');
  const steps = lambdaSteps(states, fns, groupRef);
  const { step, compensation, awaitTaskToken } = steps;
  const saga = createSaga<GroupBuyTask, 'WAITING'>(steps);

  /* ---------- the process ---------- */
  // The members' orders hold stock and an authorization while the group waits: what undoes the wait is
  // cancelling them. The join that completes the group answers the token (GroupFilled); the deadline times it out.
  const waitForGroup = saga.step(
    'WAITING',
    awaitTaskToken('WaitForGroupFilled', 'requestGroupWait', { timeoutSecondsPath: '$.timeLimitSeconds' }, '$.wait'),
    compensateWith('CancelMemberOrders', 'cancelMemberOrders'),
  );
  // Forward only once filled: retried for minutes (each order is released once), then the execution fails
  // and ops redrive it; the orders wait AWAITING_GROUP meanwhile, holding what they hold.
  const releaseMemberOrders = withPatientRetry(step('ReleaseMemberOrders', 'releaseMemberOrders', '$.released'));
  releaseMemberOrders.next(new sfn.Succeed(states, 'GroupFilled'));
  waitForGroup.next(releaseMemberOrders);

  /* ---------- the deadline: filled meanwhile, or expired and every member order cancelled ---------- */
  const closeGroup = withPatientRetry(step('CloseGroupAtDeadline', 'closeGroup', '$.closed'));
  waitForGroup.addCatch(closeGroup, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timeout' });
  const cancelOnExpiry = compensation('CancelMemberOrdersOnExpiry', 'cancelMemberOrders', '$.cancelled');
  // A member still at the payment step (seconds; minutes for a checkout whose request died, which the order
  // sweeper ends) is cancelled on a later round.
  const memberStillCheckingOut = new sfn.Choice(states, 'AnyMemberStillCheckingOut')
    .when(sfn.Condition.numberGreaterThan('$.cancelled.pending', 0), new sfn.Wait(states, 'WaitForMemberCheckouts', { time: sfn.WaitTime.duration(Duration.seconds(30)) }).next(cancelOnExpiry))
    .otherwise(new sfn.Succeed(states, 'GroupExpired'));
  closeGroup.next(
    new sfn.Choice(states, 'FilledByDeadline')
      .when(sfn.Condition.stringEquals('$.closed.status', 'FILLED'), releaseMemberOrders)
      .otherwise(cancelOnExpiry.next(memberStillCheckingOut)),
  );

  /* ---------- failure: cancel what the members hold, fail (ops are alerted) ---------- */
  const onFailure = saga.compensationChain('OnFailure');
  onFailure.end.next(new sfn.Fail(states, 'GroupBuyFailed', { error: 'GroupBuyFailed', cause: 'A step failed after its retries; the member orders were cancelled' }));
  saga.catchIn(['WAITING'], [sfn.Errors.ALL], onFailure.start, '$.failure');
  closeGroup.addCatch(onFailure.start, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });
  return waitForGroup;
}

/** A step that must get through: any error retried with backoff for about two minutes. */
function withPatientRetry<T extends sfn.TaskStateBase>(task: T): T {
  task.addRetry({ errors: [sfn.Errors.ALL], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 7, maxDelay: Duration.seconds(30), jitterStrategy: sfn.JitterType.FULL });
  return task;
}
