import { describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { APPLICATION_ID, applicant, conditionalCheckFailed, context, httpEvent, operator, parse, storedApplication } from './support';
import { handler as decide } from '../../../functions/suppliers/decide-application';
import { validTerms } from '../../unit/suppliers/fixtures';

const { ddb, sfn } = mockedAws();

const decideAs = (caller: typeof operator, body: unknown) =>
  decide(
    httpEvent(caller, {
      method: 'POST',
      path: `/suppliers/applications/${APPLICATION_ID}/decision`,
      pathParameters: { id: APPLICATION_ID },
      body,
    }),
    context,
  ).then(parse);

const approve = { decision: 'APPROVE', terms: validTerms() };
const recorded = (decision = approve) =>
  storedApplication({
    status: 'DECISION_RECORDED',
    taskToken: 'token-1',
    operatorDecision: { ...decision, decidedBy: 'op-1', decidedAt: '2030-06-15T12:00:00.000Z' } as never,
  });

describe('POST /suppliers/applications/{id}/decision', () => {
  it('records the decision conditionally and resumes the waiting workflow (202)', async () => {
    ddb.on(UpdateCommand).resolves({});
    ddb.on(GetCommand).resolves({ Item: recorded() });
    sfn.on(SendTaskSuccessCommand).resolves({});

    const { status, body } = await decideAs(operator, approve);

    expect(status).toBe(202);
    expect(body.status).toBe('DECISION_RECORDED');
    const update = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(update.ConditionExpression).toContain('#status IN (:expected0)');
    expect(update.ExpressionAttributeValues).toMatchObject({
      ':expected0': 'AWAITING_DECISION',
      ':status': 'DECISION_RECORDED',
      ':operatorDecision': { decision: 'APPROVE', terms: validTerms(), decidedBy: 'op-1' },
    });
    const resume = sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input;
    expect(resume.taskToken).toBe('token-1');
    expect(JSON.parse(resume.output!)).toMatchObject({ decision: 'APPROVE', decidedBy: 'op-1' });
  });

  it('still answers 202 when the wait already timed out (the next wait step picks the decision up)', async () => {
    ddb.on(UpdateCommand).resolves({});
    ddb.on(GetCommand).resolves({ Item: recorded() });
    sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('expired'), { name: 'TaskTimedOut' }));
    expect((await decideAs(operator, approve)).status).toBe(202);
  });

  it('answers 409 ApplicationAlreadyDecided when deciding twice, and resumes nothing', async () => {
    ddb.on(UpdateCommand).rejects(conditionalCheckFailed());
    ddb.on(GetCommand).resolves({ Item: recorded() });
    const { status, body } = await decideAs(operator, { decision: 'REJECT', reasons: ['changed my mind'] });
    expect(status).toBe(409);
    expect(body.code).toBe('ApplicationAlreadyDecided');
    expect(sfn.calls()).toHaveLength(0);
  });

  it('answers 409 ApplicationNotAwaitingDecision while still screening', async () => {
    ddb.on(UpdateCommand).rejects(conditionalCheckFailed());
    ddb.on(GetCommand).resolves({ Item: storedApplication({ status: 'SCREENING' }) });
    const { status, body } = await decideAs(operator, approve);
    expect(status).toBe(409);
    expect(body.code).toBe('ApplicationNotAwaitingDecision');
  });

  it('answers 404 for an unknown application', async () => {
    ddb.on(UpdateCommand).rejects(conditionalCheckFailed());
    ddb.on(GetCommand).resolves({});
    expect((await decideAs(operator, approve)).status).toBe(404);
  });

  it.each([
    ['terms out of range', { decision: 'APPROVE', terms: { ...validTerms(), paymentTermsDays: 200, leadTimeDays: 0 } }, ['terms.paymentTermsDays', 'terms.leadTimeDays']],
    ['not an AQL level', { decision: 'APPROVE', terms: { ...validTerms(), qualityStandard: 'nice' } }, ['terms.qualityStandard']],
    ['approve without terms', { decision: 'APPROVE' }, ['terms']],
    ['reject without reasons', { decision: 'REJECT', reasons: [] }, ['reasons']],
    ['unknown decision', { decision: 'MAYBE' }, ['decision']],
    ['unknown key', { decision: 'REJECT', reasons: ['x'], extra: 1 }, ['']],
  ])('answers 400 for %s, writes nothing', async (_name, body, fields) => {
    const response = await decideAs(operator, body);
    expect(response.status).toBe(400);
    const reported = (response.body.errors as { field: string }[]).map((error) => error.field);
    for (const field of fields) expect(reported.some((f) => f.startsWith(field))).toBe(true);
    expect(ddb.calls()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('is for operators only (403 for the applicant)', async () => {
    expect((await decideAs(applicant, approve)).status).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });
});
