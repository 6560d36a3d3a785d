/**
 * Supplier onboarding on THE TEMPLATE'S ASL: the `supplier-onboarding` machine the local cloud reads from
 * the synthesized CDK app, with the real task handlers on DynamoDB Local. Applications come in the way
 * the system takes them (POST over HTTP with a supplier token; the outbox event starts the execution) and
 * operators decide over HTTP. Faults are injected at the Lambda boundary the state machine calls through.
 */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LambdaInvocationError } from '../../infra/local/model';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import {
  approvalTerms,
  incompleteForm,
  onboardingHarness,
  strongForm,
  weakForm,
  type OnboardingHarness,
} from './onboarding-harness';

const SCREENING_PATH = ['StartScreening', 'CheckCompleteness', 'IsApplicationComplete', 'ScoreApplication', 'IsScoreAboveThreshold'];
const APPROVE_SUPPLIER = 'functions/suppliers/approve-supplier.ts';

describe('supplier onboarding with the default decision window', () => {
  let cloud: TestCloud;
  let onboarding: OnboardingHarness;

  beforeAll(async () => {
    cloud = await sharedTestCloud();
    onboarding = onboardingHarness(cloud);
  });

  afterAll(async () => {
    await cloud?.stop();
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Submits a strong application and waits until the workflow parks on the operator decision. */
  async function awaitingDecision() {
    const submitted = await onboarding.submit(strongForm());
    const executionArn = await onboarding.executionOf(submitted.applicationId);
    const row = await onboarding.waitForStatus(submitted.applicationId, 'AWAITING_DECISION');
    return { ...submitted, executionArn, row };
  }

  it('approves: the operator decides, the supplier is created with its terms, and the applicant is told', async () => {
    const { applicationId, correlationId, applicantEmail, executionArn, row } = await awaitingDecision();
    expect(row).toMatchObject({ qualification: { passed: true, score: 100 }, taskToken: expect.any(String) });

    const decision = await onboarding.decide(applicationId, { decision: 'APPROVE', terms: approvalTerms() });
    expect(decision.status).toBe(202);

    const execution = await onboarding.finished(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(await onboarding.statePath(executionArn)).toEqual([
      ...SCREENING_PATH,
      'AwaitOperatorDecision',
      'IsApproved',
      'ApproveSupplier',
      'SupplierOnboarded',
    ]);

    const application = await onboarding.readApplication(applicationId);
    expect(application).toMatchObject({ status: 'APPROVED', supplierId: expect.any(String), operatorDecision: { decision: 'APPROVE', decidedBy: 'operator-olga' } });
    expect(application).not.toHaveProperty('taskToken');
    const supplierId = String(application?.supplierId);
    expect(JSON.parse(execution.output ?? '{}')).toMatchObject({ applicationId, approval: { supplierId } });
    expect(await onboarding.readSupplier(supplierId)).toMatchObject({ status: 'APPROVED', applicationId, name: 'Acme', terms: approvalTerms() });

    const approved = await onboarding.notification('customer-notifications', 'SupplierApproved', applicationId);
    expect(approved.detail).toMatchObject({ supplierId, applicantEmail, correlationId, terms: approvalTerms() });
  });

  it('rejects on the operator\'s word, and tells the applicant the operator\'s reasons', async () => {
    const { applicationId, executionArn } = await awaitingDecision();
    const reasons = ['We already stock enough kitchenware suppliers in DE.'];

    expect((await onboarding.decide(applicationId, { decision: 'REJECT', reasons })).status).toBe(202);

    const execution = await onboarding.finished(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect((await onboarding.statePath(executionArn)).slice(-3)).toEqual(['IsApproved', 'RecordOperatorRejection', 'RejectedByOperator']);
    expect(await onboarding.readApplication(applicationId)).toMatchObject({ status: 'REJECTED', rejectionReasons: reasons });
    const rejected = await onboarding.notification('customer-notifications', 'SupplierRejected', applicationId);
    expect(rejected.detail).toMatchObject({ basis: 'OPERATOR', reasons });
  });

  it('rejects below the threshold at once, without waiting for an operator', async () => {
    const { applicationId } = await onboarding.submit(weakForm());
    const executionArn = await onboarding.executionOf(applicationId);

    const execution = await onboarding.finished(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    const path = await onboarding.statePath(executionArn);
    expect(path).toEqual([...SCREENING_PATH, 'RejectBelowThreshold', 'RejectedBelowThreshold']);
    expect(path).not.toContain('AwaitOperatorDecision');

    const application = await onboarding.readApplication(applicationId);
    expect(application).toMatchObject({ status: 'REJECTED', qualification: { passed: false } });
    expect(application).not.toHaveProperty('decisionDueAt');
    const rejected = await onboarding.notification('customer-notifications', 'SupplierRejected', applicationId);
    expect(rejected.detail).toMatchObject({ basis: 'BELOW_THRESHOLD', reasons: application?.rejectionReasons });
    expect(rejected.detail.reasons).toContainEqual(expect.stringMatching(/below the threshold of 60/));
    expect(onboarding.notificationsNow('ops-alerts', 'SupplierApplicationAwaitingDecision', applicationId)).toEqual([]);
  });

  it('rejects an incomplete application before scoring it, saying what is missing', async () => {
    const { applicationId } = await onboarding.submit(incompleteForm());
    const executionArn = await onboarding.executionOf(applicationId);

    expect((await onboarding.finished(executionArn)).status).toBe('SUCCEEDED');
    expect(await onboarding.statePath(executionArn)).toEqual([
      'StartScreening',
      'CheckCompleteness',
      'IsApplicationComplete',
      'RejectIncompleteApplication',
      'RejectedAsIncomplete',
    ]);
    const application = await onboarding.readApplication(applicationId);
    expect(application).toMatchObject({ status: 'REJECTED' });
    expect(application).not.toHaveProperty('qualification');
    const rejected = await onboarding.notification('customer-notifications', 'SupplierRejected', applicationId);
    expect(rejected.detail).toMatchObject({ basis: 'INCOMPLETE', reasons: application?.rejectionReasons });
    expect(rejected.detail.reasons).toEqual([
      expect.stringMatching(/at least 2 trade references/),
      expect.stringMatching(/"GOTS" expired on 2020-01-31/),
    ]);
  });

  it('ignores a second execution for the same application: it changes nothing, and the first one carries on', async () => {
    const { applicationId, correlationId, executionArn } = await awaitingDecision();
    const before = await onboarding.readApplication(applicationId);

    const duplicate = await onboarding.sfn.send(
      new StartExecutionCommand({ stateMachineArn: onboarding.machine.arn, input: JSON.stringify({ applicationId, correlationId }) }),
    );
    const duplicateArn = String(duplicate.executionArn);
    expect(duplicateArn).not.toBe(executionArn);

    expect((await onboarding.finished(duplicateArn)).status).toBe('SUCCEEDED');
    expect(await onboarding.statePath(duplicateArn)).toEqual(['StartScreening', 'IgnoreDuplicateStart']);
    expect(await onboarding.readApplication(applicationId)).toEqual(before);

    // The original still holds the decision wait (the duplicate did not take its task token).
    expect((await onboarding.decide(applicationId, { decision: 'APPROVE', terms: approvalTerms() })).status).toBe(202);
    expect((await onboarding.finished(executionArn)).status).toBe('SUCCEEDED');
    expect(await onboarding.readApplication(applicationId)).toMatchObject({ status: 'APPROVED' });
  });

  describe('when a task fails', () => {
    /** Fails the approve-supplier function's first `times` invocations with `error`; the rest run for real. */
    function failApproveSupplier(error: () => Error, times = Number.POSITIVE_INFINITY) {
      const approveSupplier = onboarding.functionFor(APPROVE_SUPPLIER);
      const realInvoke = cloud.lambda.invoke.bind(cloud.lambda);
      let failures = 0;
      const attempts = { count: 0 };
      vi.spyOn(cloud.lambda, 'invoke').mockImplementation(async (functionNameOrArn, event) => {
        if (functionNameOrArn !== approveSupplier.arn && functionNameOrArn !== approveSupplier.name) return realInvoke(functionNameOrArn, event);
        attempts.count += 1;
        if (failures < times) {
          failures += 1;
          throw error();
        }
        return realInvoke(functionNameOrArn, event);
      });
      return { approveSupplier, attempts };
    }

    /** Lambda attempts of one function in the history, with the error each failed one ended in. */
    async function lambdaAttempts(executionArn: string, functionArn: string) {
      const events = await onboarding.history(executionArn);
      const scheduled = events.filter((event) => event.lambdaFunctionScheduledEventDetails?.resource === functionArn);
      const failedIds = new Set(scheduled.map((event) => Number(event.id) + 2)); // Scheduled → Started → Failed/Succeeded
      const failures = events.filter((event) => failedIds.has(Number(event.id)) && event.type === 'LambdaFunctionFailed');
      return { scheduled: scheduled.length, failedWith: failures.map((event) => event.lambdaFunctionFailedEventDetails?.error) };
    }

    it.each([
      { kind: 'a transient Lambda error, every time', errorType: 'Lambda.ServiceException', attempts: 4 },
      { kind: 'an unexpected error (not retried)', errorType: 'TypeError', attempts: 1 },
    ])('marks the application FAILED and alerts operations on $kind', async ({ errorType, attempts: expectedAttempts }) => {
      const { approveSupplier, attempts } = failApproveSupplier(() => new LambdaInvocationError(errorType, 'injected by the test'));
      const { applicationId, executionArn } = await awaitingDecision();

      expect((await onboarding.decide(applicationId, { decision: 'APPROVE', terms: approvalTerms() })).status).toBe(202);
      const execution = await onboarding.finished(executionArn);

      expect(execution).toMatchObject({ status: 'FAILED', error: 'SupplierOnboardingFailed' });
      expect((await onboarding.statePath(executionArn)).slice(-4)).toEqual(['IsApproved', 'ApproveSupplier', 'MarkOnboardingFailed', 'OnboardingFailed']);
      expect(attempts.count).toBe(expectedAttempts);
      expect(await lambdaAttempts(executionArn, approveSupplier.arn)).toEqual({
        scheduled: expectedAttempts,
        failedWith: Array(expectedAttempts).fill(errorType),
      });

      const application = await onboarding.readApplication(applicationId);
      expect(application).toMatchObject({ status: 'FAILED', failure: { error: errorType, cause: expect.stringContaining('injected by the test') } });
      expect(application).not.toHaveProperty('supplierId');
      expect(application).not.toHaveProperty('taskToken');

      const alert = await onboarding.notification('ops-alerts', 'SupplierOnboardingFailed', applicationId);
      expect(alert.detail).toMatchObject({ error: errorType });
      const workflowAlert = await cloud.waitFor(
        () =>
          cloud
            .snsMessages('ops-alerts')
            .map((record) => JSON.parse(record.message) as { detail: Record<string, unknown> })
            .find((message) => message.detail.executionArn === executionArn),
        { timeoutMs: 30_000, message: 'the failed-execution alert' },
      );
      expect(workflowAlert.detail).toMatchObject({ status: 'FAILED', error: 'SupplierOnboardingFailed' });
      expect(onboarding.notificationsNow('customer-notifications', 'SupplierApproved', applicationId)).toEqual([]);
    });

    it('retries a transient error and approves on the next attempt, creating the supplier once', async () => {
      const { approveSupplier, attempts } = failApproveSupplier(
        () => new LambdaInvocationError('Lambda.TooManyRequestsException', 'Rate exceeded'),
        1,
      );
      const { applicationId, executionArn } = await awaitingDecision();

      expect((await onboarding.decide(applicationId, { decision: 'APPROVE', terms: approvalTerms() })).status).toBe(202);
      const execution = await onboarding.finished(executionArn);

      expect(execution.status).toBe('SUCCEEDED');
      expect((await onboarding.statePath(executionArn)).slice(-2)).toEqual(['ApproveSupplier', 'SupplierOnboarded']);
      expect(attempts.count).toBe(2);
      expect(await lambdaAttempts(executionArn, approveSupplier.arn)).toEqual({
        scheduled: 2,
        failedWith: ['Lambda.TooManyRequestsException'],
      });
      const application = await onboarding.waitForStatus(applicationId, 'APPROVED');
      expect(await onboarding.readSupplier(String(application.supplierId))).toMatchObject({ status: 'APPROVED', applicationId });
      await onboarding.notification('customer-notifications', 'SupplierApproved', applicationId);
      expect(onboarding.notificationsNow('customer-notifications', 'SupplierApproved', applicationId)).toHaveLength(1);
    });
  });
});

describe('supplier onboarding when nobody decides in time', () => {
  // Time passes as `npm run advance` makes it pass: each wait's deadline (the reminder, then the expiry) comes now.
  let cloud: TestCloud;
  let onboarding: OnboardingHarness;

  beforeAll(async () => {
    cloud = await sharedTestCloud();
    onboarding = onboardingHarness(cloud);
  });

  afterAll(async () => {
    await cloud?.stop();
  });

  it('reminds operators once, then expires the application when nobody decides', async () => {
    const { applicationId, executionArn } = await submitAndClaim();
    await onboarding.advance(applicationId, 'AwaitOperatorDecision');
    await onboarding.advance(applicationId, 'AwaitOperatorDecisionAfterReminder');

    const execution = await onboarding.finished(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(await onboarding.statePath(executionArn)).toEqual([
      ...SCREENING_PATH,
      'AwaitOperatorDecision',
      'RemindOperators',
      'AwaitOperatorDecisionAfterReminder',
      'ExpireApplication',
      'WasDecidedBeforeExpiry',
      'ApplicationExpired',
    ]);
    const timeouts = (await onboarding.history(executionArn)).filter((event) => event.type === 'TaskTimedOut');
    expect(timeouts.map((event) => event.taskTimedOutEventDetails?.error)).toEqual(['States.Timeout', 'States.Timeout']);

    const application = await onboarding.readApplication(applicationId);
    expect(application).toMatchObject({ status: 'EXPIRED', reminderSentAt: expect.any(String) });
    expect(application).not.toHaveProperty('taskToken');

    const reminder = await onboarding.notification('ops-alerts', 'SupplierDecisionReminderDue', applicationId);
    expect(reminder.detail).toMatchObject({ decisionDueAt: application?.decisionDueAt });
    await onboarding.notification('ops-alerts', 'SupplierApplicationExpired', applicationId);
    await onboarding.notification('customer-notifications', 'SupplierApplicationExpired', applicationId);
    expect(onboarding.notificationsNow('ops-alerts', 'SupplierDecisionReminderDue', applicationId)).toHaveLength(1);

    const late = await onboarding.decide(applicationId, { decision: 'APPROVE', terms: approvalTerms() });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'ApplicationNotAwaitingDecision' });
  });

  it('honours a decision that arrives after the reminder', async () => {
    const { applicationId, executionArn } = await submitAndClaim();
    await onboarding.advance(applicationId, 'AwaitOperatorDecision');
    await cloud.waitFor(async () => (await onboarding.readApplication(applicationId))?.reminderSentAt, {
      timeoutMs: 30_000,
      message: 'the reminder to be sent',
    });

    expect((await onboarding.decide(applicationId, { decision: 'APPROVE', terms: approvalTerms() })).status).toBe(202);

    const execution = await onboarding.finished(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    const path = await onboarding.statePath(executionArn);
    expect(path).toEqual(expect.arrayContaining(['RemindOperators', 'AwaitOperatorDecisionAfterReminder']));
    expect(path).not.toContain('ExpireApplication');
    expect(path.slice(-2)).toEqual(['ApproveSupplier', 'SupplierOnboarded']);
    expect(await onboarding.readApplication(applicationId)).toMatchObject({ status: 'APPROVED', reminderSentAt: expect.any(String) });
    await onboarding.notification('customer-notifications', 'SupplierApproved', applicationId);
  });

  async function submitAndClaim() {
    const submitted = await onboarding.submit(strongForm());
    return { ...submitted, executionArn: await onboarding.executionOf(submitted.applicationId) };
  }
});
