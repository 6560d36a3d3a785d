import { afterAll, describe, expect, it, vi } from 'vitest';
import { mockedAws } from '../mocked-aws';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { APPLICATION_ID, conditionalCheckFailed, context, storedApplication, transactionCancelled } from './support';
import { validTerms } from '../../unit/suppliers/fixtures';

vi.stubEnv('DECISION_WINDOW_HOURS', String(6 / 3600));
vi.stubEnv('DECISION_REMINDER_HOURS', String(2 / 3600));
// The worker's other files read the defaults.
afterAll(() => void vi.unstubAllEnvs());

const { handler: startScreening } = await import('../../../functions/suppliers/start-screening');
const { handler: scoreApplication } = await import('../../../functions/suppliers/score-application');
const { handler: requestDecision } = await import('../../../functions/suppliers/request-decision');
const { handler: remindOperators } = await import('../../../functions/suppliers/remind-operators');
const { handler: expireApplication } = await import('../../../functions/suppliers/expire-application');
const { handler: approveSupplier } = await import('../../../functions/suppliers/approve-supplier');
const { handler: rejectApplication } = await import('../../../functions/suppliers/reject-application');
const { handler: markFailed } = await import('../../../functions/suppliers/mark-onboarding-failed');

const { ddb, sfn } = mockedAws();

const ref = { applicationId: APPLICATION_ID, correlationId: 'corr-1' };
const decided = (decision: 'APPROVE' | 'REJECT', status = 'DECISION_RECORDED') =>
  storedApplication({
    status: status as never,
    operatorDecision:
      decision === 'APPROVE'
        ? { decision, terms: validTerms(), decidedBy: 'op-1', decidedAt: '2030-06-15T12:00:00.000Z' }
        : { decision, reasons: ['Too expensive'], decidedBy: 'op-1', decidedAt: '2030-06-15T12:00:00.000Z' },
  });
const outboxTypes = () =>
  ddb.commandCalls(TransactWriteCommand).flatMap((call) =>
    call.args[0].input.TransactItems!.filter((item) => item.Put?.Item?.pk?.startsWith('OUTBOX#')).map((item) => item.Put!.Item!.detailType),
  );

describe('start-screening', () => {
  const input = { ...ref, executionArn: 'arn:exec:1' };

  it('claims a SUBMITTED application for this execution', async () => {
    ddb.on(UpdateCommand).resolves({});
    await expect(startScreening(input, context)).resolves.toEqual({ status: 'SCREENING' });
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues).toMatchObject({
      ':expected0': 'SUBMITTED',
      ':executionArn': 'arn:exec:1',
    });
  });

  it('is fine when its own execution retries', async () => {
    ddb.on(UpdateCommand).rejects(conditionalCheckFailed());
    ddb.on(GetCommand).resolves({ Item: storedApplication({ status: 'SCREENING', executionArn: 'arn:exec:1' }) });
    await expect(startScreening(input, context)).resolves.toEqual({ status: 'SCREENING' });
  });

  it('refuses a second execution with ApplicationAlreadyInProgress', async () => {
    ddb.on(UpdateCommand).rejects(conditionalCheckFailed());
    ddb.on(GetCommand).resolves({ Item: storedApplication({ status: 'SCREENING', executionArn: 'arn:exec:0' }) });
    await expect(startScreening(input, context)).rejects.toMatchObject({ name: 'ApplicationAlreadyInProgress' });
  });

  it('surfaces an unknown application as ApplicationNotFound', async () => {
    ddb.on(UpdateCommand).rejects(conditionalCheckFailed());
    ddb.on(GetCommand).resolves({});
    await expect(startScreening(input, context)).rejects.toMatchObject({ name: 'ApplicationNotFound' });
  });

  it('rejects a malformed input as InvalidTaskInput', async () => {
    await expect(startScreening({ applicationId: 'nope' }, context)).rejects.toMatchObject({ name: 'InvalidTaskInput' });
  });
});

describe('score-application', () => {
  it('persists the score and returns the waits from the environment (fractional hours)', async () => {
    ddb.on(GetCommand).resolves({ Item: storedApplication({ status: 'SCREENING' }) });
    ddb.on(UpdateCommand).resolves({});
    const result = await scoreApplication(ref, context);
    expect(result).toMatchObject({ passed: true, score: 100, reasons: [], timing: { reminderAfterSeconds: 4, expireAfterReminderSeconds: 2 } });
    const values = ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues!;
    expect(values[':qualification']).toMatchObject({ score: 100, breakdown: expect.any(Array) });
    expect(values[':decisionDueAt']).toEqual(expect.any(String));
  });
});

describe('request-decision', () => {
  const input = { ...ref, taskToken: 'token-2' };

  it('the first time: AWAITING_DECISION, token stored, SupplierApplicationAwaitingDecision in the same transaction', async () => {
    ddb.on(GetCommand).resolves({ Item: storedApplication({ status: 'SCREENING' }) });
    ddb.on(TransactWriteCommand).resolves({});
    await expect(requestDecision(input, context)).resolves.toEqual({ waiting: true });
    const update = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Update!;
    expect(update.ExpressionAttributeValues).toMatchObject({ ':status': 'AWAITING_DECISION', ':taskToken': 'token-2' });
    expect(outboxTypes()).toEqual(['SupplierApplicationAwaitingDecision']);
  });

  it('after the reminder: only swaps the token, no second announcement', async () => {
    ddb.on(GetCommand).resolves({ Item: storedApplication({ status: 'AWAITING_DECISION', taskToken: 'token-1' }) });
    ddb.on(UpdateCommand).resolves({});
    await requestDecision(input, context);
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues).toMatchObject({ ':taskToken': 'token-2' });
    expect(outboxTypes()).toEqual([]);
  });

  it('a decision recorded while nobody waited: resumes its own token at once', async () => {
    ddb.on(GetCommand).resolves({ Item: decided('APPROVE') });
    sfn.on(SendTaskSuccessCommand).resolves({});
    await expect(requestDecision(input, context)).resolves.toEqual({ waiting: false });
    const resume = sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input;
    expect(resume.taskToken).toBe('token-2');
    expect(JSON.parse(resume.output!)).toMatchObject({ decision: 'APPROVE' });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });
});

describe('remind-operators', () => {
  it('reminds once, unless decided (conditional on status and no earlier reminder)', async () => {
    ddb.on(GetCommand).resolves({ Item: storedApplication({ status: 'AWAITING_DECISION' }) });
    ddb.on(TransactWriteCommand).resolves({});
    await expect(remindOperators(ref, context)).resolves.toEqual({ reminded: true });
    const update = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Update!;
    expect(update.ConditionExpression).toContain('attribute_not_exists(#reminderSentAt)');
    expect(outboxTypes()).toEqual(['SupplierDecisionReminderDue']);

    ddb.on(TransactWriteCommand).rejects(transactionCancelled());
    await expect(remindOperators(ref, context)).resolves.toEqual({ reminded: false });
  });
});

describe('expire-application', () => {
  it('expires an undecided application with SupplierApplicationExpired', async () => {
    ddb.on(GetCommand).resolves({ Item: storedApplication({ status: 'AWAITING_DECISION' }) });
    ddb.on(TransactWriteCommand).resolves({});
    await expect(expireApplication(ref, context)).resolves.toEqual({ expired: true });
    expect(outboxTypes()).toEqual(['SupplierApplicationExpired']);
  });

  it('returns a decision recorded at the last moment instead of expiring', async () => {
    ddb.on(GetCommand).resolvesOnce({ Item: storedApplication({ status: 'AWAITING_DECISION' }) }).resolves({ Item: decided('REJECT') });
    ddb.on(TransactWriteCommand).rejects(transactionCancelled());
    await expect(expireApplication(ref, context)).resolves.toMatchObject({ expired: false, decision: 'REJECT', decidedBy: 'op-1' });
  });
});

describe('approve-supplier', () => {
  it('writes supplier, approved application and SupplierApproved in one transaction', async () => {
    ddb.on(GetCommand).resolves({ Item: decided('APPROVE') });
    ddb.on(TransactWriteCommand).resolves({});
    const { supplierId } = await approveSupplier(ref, context);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    // The application, the supplier, the event — and the company's guard, now naming its supplier.
    expect(items).toHaveLength(4);
    expect(items[3]!.Put!.Item).toMatchObject({ pk: 'COMPANY#DE#DE123456789', sk: 'COMPANY', state: 'SUPPLIER', supplierId, applicationId: APPLICATION_ID });
    expect(items[0]!.Update!.ExpressionAttributeValues).toMatchObject({ ':status': 'APPROVED', ':supplierId': supplierId });
    expect(items[1]!.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { pk: `SUPPLIER#${supplierId}`, status: 'APPROVED', ownerSub: 'applicant-1', terms: validTerms(), gsi2pk: 'SUPPLIER_OWNER#applicant-1' },
    });
    expect(items[2]!.Put!.Item).toMatchObject({ detailType: 'SupplierApproved', detail: { supplierId, applicationId: APPLICATION_ID, terms: validTerms() } });
  });

  it('is idempotent: a rerun after success returns the same supplier and writes nothing', async () => {
    ddb.on(GetCommand).resolves({ Item: { ...decided('APPROVE', 'APPROVED'), supplierId: '01J0000000000000000000000S' } });
    await expect(approveSupplier(ref, context)).resolves.toEqual({ supplierId: '01J0000000000000000000000S' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('refuses without an approval decision', async () => {
    ddb.on(GetCommand).resolves({ Item: decided('REJECT') });
    await expect(approveSupplier(ref, context)).rejects.toMatchObject({ name: 'ApplicationNotApproved' });
  });
});

describe('reject-application', () => {
  it("rejects with the operator's reasons", async () => {
    ddb.on(GetCommand).resolves({ Item: decided('REJECT') });
    ddb.on(TransactWriteCommand).resolves({});
    await expect(rejectApplication({ ...ref, basis: 'OPERATOR' }, context)).resolves.toEqual({ rejected: true });
    const [update, outbox] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(update!.Update!.ExpressionAttributeValues).toMatchObject({ ':expected0': 'DECISION_RECORDED', ':rejectionReasons': ['Too expensive'] });
    expect(outbox!.Put!.Item).toMatchObject({ detailType: 'SupplierRejected', detail: { basis: 'OPERATOR', reasons: ['Too expensive'] } });
  });

  it('rejects an incomplete application from SCREENING with the screening reasons', async () => {
    ddb.on(GetCommand).resolves({ Item: storedApplication({ status: 'SCREENING' }) });
    ddb.on(TransactWriteCommand).resolves({});
    await rejectApplication({ ...ref, basis: 'INCOMPLETE', reasons: ['Add a reference.'] }, context);
    const [update] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(update!.Update!.ExpressionAttributeValues).toMatchObject({ ':expected0': 'SCREENING', ':rejectionReasons': ['Add a reference.'] });
  });
});

describe('mark-onboarding-failed', () => {
  it('marks FAILED with the cause and SupplierOnboardingFailed', async () => {
    ddb.on(GetCommand).resolves({ Item: storedApplication({ status: 'SCREENING' }) });
    ddb.on(TransactWriteCommand).resolves({});
    await expect(markFailed({ ...ref, failure: { Error: 'Boom', Cause: 'x'.repeat(5000) } }, context)).resolves.toEqual({ recorded: true });
    const [update, outbox] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(update!.Update!.ExpressionAttributeValues![':failure']).toMatchObject({ error: 'Boom' });
    expect((update!.Update!.ExpressionAttributeValues![':failure'] as { cause: string }).cause).toHaveLength(2000);
    expect(outbox!.Put!.Item).toMatchObject({ detailType: 'SupplierOnboardingFailed', detail: { error: 'Boom' } });
  });

  it('never fails itself: a missing or finished application is left alone', async () => {
    ddb.on(GetCommand).resolves({});
    await expect(markFailed(ref, context)).resolves.toEqual({ recorded: false });
    ddb.on(GetCommand).resolves({ Item: storedApplication({ status: 'APPROVED' }) });
    await expect(markFailed(ref, context)).resolves.toEqual({ recorded: false });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  const lostTransaction = () =>
    Object.assign(new Error('Transaction cancelled [TransactionConflict, None]'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
    });

  it('a write lost to another transaction is decided again on the fresh application, never thrown', async () => {
    ddb.on(GetCommand).resolves({ Item: storedApplication({ status: 'SCREENING' }) });
    ddb.on(TransactWriteCommand).rejectsOnce(lostTransaction()).resolves({});
    await expect(markFailed({ ...ref, failure: { Error: 'Boom' } }, context)).resolves.toEqual({ recorded: true });
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('lost to the write that finished the application: left alone, not failed', async () => {
    ddb.on(GetCommand).resolvesOnce({ Item: storedApplication({ status: 'DECISION_RECORDED' }) }).resolves({ Item: storedApplication({ status: 'APPROVED' }) });
    ddb.on(TransactWriteCommand).rejects(lostTransaction());
    await expect(markFailed({ ...ref, failure: { Error: 'Boom' } }, context)).resolves.toEqual({ recorded: false });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});
