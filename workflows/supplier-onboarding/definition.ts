/**
 * Supplier onboarding, as the business runs it:
 * claim the application → is it complete? → score it → above the threshold? → wait for an operator
 * (remind once, then expire) → approve (supplier + terms) or reject. Anything unexpected marks the
 * application FAILED and alerts operations.
 *
 * Execution input: `{ applicationId, correlationId }` (the rule on `SupplierApplicationSubmitted`).
 * JSONPath only; every task keeps the input and writes its result under its own key.
 */
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { SUPPLIER_ONBOARDING_ERRORS as ERRORS } from '../../shared/domain/workflow-errors';
import { lambdaSteps } from '../lambda-steps';
import { createSaga } from '../saga';

/** The one map of task → entry the stack builds the functions from (test/unit/workflows checks every entry). */
export const supplierOnboardingTaskEntries = {
  startScreening: 'functions/suppliers/start-screening.ts',
  checkCompleteness: 'functions/suppliers/check-completeness.ts',
  scoreApplication: 'functions/suppliers/score-application.ts',
  requestDecision: 'functions/suppliers/request-decision.ts',
  remindOperators: 'functions/suppliers/remind-operators.ts',
  expireApplication: 'functions/suppliers/expire-application.ts',
  approveSupplier: 'functions/suppliers/approve-supplier.ts',
  rejectApplication: 'functions/suppliers/reject-application.ts',
  markOnboardingFailed: 'functions/suppliers/mark-onboarding-failed.ts',
} as const;

export type SupplierOnboardingTask = keyof typeof supplierOnboardingTaskEntries;

const applicationRef = {
  applicationId: sfn.JsonPath.stringAt('$.applicationId'),
  correlationId: sfn.JsonPath.stringAt('$.correlationId'),
};

export function supplierOnboardingDefinition(
  scope: Construct,
  fns: Record<SupplierOnboardingTask, lambda.IFunction>,
): sfn.IChainable {
  // A scope of our own: state names are construct ids, and must not meet the caller's other children.
  const states = new Construct(scope, 'SupplierOnboardingStates');

  const steps = lambdaSteps(states, fns, applicationRef);
  // Every task is registered with the saga, so the failure wiring below reaches each one without a hand-kept list.
  const saga = createSaga<SupplierOnboardingTask, 'ONBOARDING'>(steps);
  const step: typeof steps.step = (...args) => saga.step('ONBOARDING', steps.step(...args));
  const awaitTaskToken: typeof steps.awaitTaskToken = (...args) => saga.step('ONBOARDING', steps.awaitTaskToken(...args));

  /** Parks the execution until the decision route (or the step itself) answers the task token. */
  const awaitDecision = (name: string, timeoutSecondsPath: string) =>
    awaitTaskToken(name, 'requestDecision', { timeoutSecondsPath }, '$.operatorDecision');

  const done = (name: string) => new sfn.Succeed(states, name);

  /* ---------- the process: claim, screen, score, wait for an operator, approve or reject ---------- */
  // compensation: MarkOnboardingFailed releases the claim (SCREENING → FAILED) if a later step breaks.
  const startScreening = step('StartScreening', 'startScreening', sfn.JsonPath.DISCARD, {
    executionArn: sfn.JsonPath.stringAt('$$.Execution.Id'),
  });
  startScreening.addCatch(done('IgnoreDuplicateStart'), {
    errors: [ERRORS.ApplicationAlreadyInProgress],
    resultPath: '$.duplicate',
  });

  const checkCompleteness = step('CheckCompleteness', 'checkCompleteness', '$.completeness');

  // compensation: none — final state; REJECTED + SupplierRejected in one transaction.
  const rejectIncomplete = step('RejectIncompleteApplication', 'rejectApplication', sfn.JsonPath.DISCARD, {
    basis: 'INCOMPLETE',
    reasons: sfn.JsonPath.listAt('$.completeness.reasons'),
  });

  // compensation: none needed — overwritten by a rescore; MarkOnboardingFailed if what follows breaks.
  const scoreApplication = step('ScoreApplication', 'scoreApplication', '$.scoring');

  // compensation: none — final state; REJECTED + SupplierRejected in one transaction.
  const rejectBelowThreshold = step('RejectBelowThreshold', 'rejectApplication', sfn.JsonPath.DISCARD, {
    basis: 'BELOW_THRESHOLD',
    reasons: sfn.JsonPath.listAt('$.scoring.reasons'),
  });

  /* ---------- operator decision ---------- */
  // compensation: ExpireApplication closes the wait (AWAITING_DECISION → EXPIRED) when nobody decides.
  const awaitOperatorDecision = awaitDecision('AwaitOperatorDecision', '$.scoring.timing.reminderAfterSeconds');
  // compensation: none — a notification; the conditional write sends it at most once.
  const remindOperators = step('RemindOperators', 'remindOperators', sfn.JsonPath.DISCARD);
  const awaitAfterReminder = awaitDecision(
    'AwaitOperatorDecisionAfterReminder',
    '$.scoring.timing.expireAfterReminderSeconds',
  );
  // compensation: none — final state; EXPIRED + SupplierApplicationExpired in one transaction.
  const expireApplication = step('ExpireApplication', 'expireApplication', '$.operatorDecision');

  // compensation: none — supplier, approved application and SupplierApproved in one transaction.
  const approveSupplier = step('ApproveSupplier', 'approveSupplier', '$.approval');
  // compensation: none — final state; REJECTED + SupplierRejected in one transaction.
  const recordOperatorRejection = step('RecordOperatorRejection', 'rejectApplication', sfn.JsonPath.DISCARD, {
    basis: 'OPERATOR',
  });

  const isApproved = new sfn.Choice(states, 'IsApproved')
    .when(
      sfn.Condition.stringEquals('$.operatorDecision.decision', 'APPROVE'),
      approveSupplier.next(done('SupplierOnboarded')),
    )
    .otherwise(recordOperatorRejection.next(done('RejectedByOperator')));

  const wasDecidedBeforeExpiry = new sfn.Choice(states, 'WasDecidedBeforeExpiry')
    .when(sfn.Condition.booleanEquals('$.operatorDecision.expired', true), done('ApplicationExpired'))
    .otherwise(isApproved);

  awaitAfterReminder.addCatch(expireApplication, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timeout' });
  awaitOperatorDecision.addCatch(remindOperators, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timeout' });
  remindOperators.next(awaitAfterReminder);
  awaitAfterReminder.next(isApproved);
  expireApplication.next(wasDecidedBeforeExpiry);

  const onboarding = startScreening.next(checkCompleteness).next(
    new sfn.Choice(states, 'IsApplicationComplete')
      .when(
        sfn.Condition.booleanEquals('$.completeness.complete', false),
        rejectIncomplete.next(done('RejectedAsIncomplete')),
      )
      .otherwise(
        scoreApplication.next(
          new sfn.Choice(states, 'IsScoreAboveThreshold')
            .when(
              sfn.Condition.booleanEquals('$.scoring.passed', false),
              rejectBelowThreshold.next(done('RejectedBelowThreshold')),
            )
            .otherwise(awaitOperatorDecision.next(isApproved)),
        ),
      ),
  );

  /* ---------- failure wiring: anything unexpected marks the application FAILED ---------- */
  const onboardingFailed = new sfn.Fail(states, 'OnboardingFailed', {
    error: 'SupplierOnboardingFailed',
    cause: 'Onboarding stopped on an unexpected error; the application is marked FAILED',
  });
  // compensation: none needed — it only records the failure (FAILED + SupplierOnboardingFailed in one transaction).
  const markOnboardingFailed = steps.step('MarkOnboardingFailed', 'markOnboardingFailed', sfn.JsonPath.DISCARD, {
    failure: sfn.JsonPath.objectAt('$.failure'),
  });
  markOnboardingFailed.addCatch(onboardingFailed, { resultPath: '$.markFailure' }).next(onboardingFailed);

  // Anything unexpected in any onboarding task marks the application FAILED and alerts operations.
  saga.catchIn(['ONBOARDING'], [sfn.Errors.ALL], markOnboardingFailed, '$.failure');

  return onboarding;
}
