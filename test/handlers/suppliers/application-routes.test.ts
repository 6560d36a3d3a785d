import { beforeEach, describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { APPLICATION_ID, applicant, context, httpEvent, operator, parse, storedApplication, stranger } from './support';
import { handler as submit } from '../../../functions/suppliers/submit-application';
import { handler as getApplication } from '../../../functions/suppliers/get-application';
import { handler as listApplications } from '../../../functions/suppliers/list-applications';
import { encodeNextToken } from '../../../shared/http/pagination';
import { completeForm } from '../../unit/suppliers/fixtures';

const { ddb } = mockedAws();

const submitAs = (caller: typeof applicant, body: unknown) =>
  submit(httpEvent(caller, { method: 'POST', path: '/suppliers/applications', body }), context).then(parse);

describe('POST /suppliers/applications', () => {
  it('opens the company\'s guard in the same transaction: absent, or closed long enough ago (or by our failure)', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const { status } = await submitAs(applicant, completeForm());
    expect(status).toBe(202);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    const guard = items.at(-1)!.Put!;
    expect(guard.Item).toMatchObject({ pk: 'COMPANY#DE#DE123456789', sk: 'COMPANY', state: 'OPEN', applicationId: items[0]!.Put!.Item!.applicationId });
    expect(guard.ConditionExpression).toBe('attribute_not_exists(pk) OR (#state = :closed AND (#outcome = :failed OR #closedAt <= :cutoff))');
    expect(ddb.commandCalls(GetCommand).filter((call) => String(call.args[0].input.Key?.pk).startsWith('COMPANY#'))).toHaveLength(0);
  });

  it.each([
    ['an open application', { state: 'OPEN', applicationId: 'OPEN-APP' }, 'CompanyApplicationOpen', { applicationId: 'OPEN-APP', href: '/suppliers/applications/OPEN-APP' }],
    ['a supplier', { state: 'SUPPLIER', applicationId: 'OLD-APP', supplierId: 'SUP-1' }, 'CompanyAlreadySupplier', { supplierId: 'SUP-1', href: '/suppliers/SUP-1' }],
    ['a rejection in its cool-down', { state: 'CLOSED', applicationId: 'OLD-APP', outcome: 'REJECTED', closedAt: new Date().toISOString() }, 'ReapplyTooSoon', { applicationId: 'OLD-APP' }],
  ])('refuses a company that has %s with a 409 pointing to it', async (_what, standing, code, existing) => {
    ddb.on(TransactWriteCommand).rejects(
      Object.assign(new Error('Transaction cancelled'), {
        name: 'TransactionCanceledException',
        CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
      }),
    );
    ddb.on(GetCommand).resolves({ Item: { pk: 'COMPANY#DE#DE123456789', sk: 'COMPANY', ...standing } });
    const { status, body } = await submitAs(applicant, completeForm());
    expect(status).toBe(409);
    expect(body).toMatchObject({ code, existing, errors: [{ field: 'company.registrationNumber' }] });
  });

  it('stores the application and its SupplierApplicationSubmitted event in one transaction (202)', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const { status, body } = await submitAs(applicant, completeForm());

    expect(status).toBe(202);
    expect(body).toMatchObject({ status: 'SUBMITTED', applicantEmail: 'applicant@acme.example' });
    expect(body).not.toHaveProperty('applicantSub');
    const [call] = ddb.commandCalls(TransactWriteCommand);
    const [put, outbox] = call!.args[0].input.TransactItems!;
    expect(put!.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: `APPLICATION#${String(body.applicationId)}`,
        gsi1pk: 'APPLICATIONS#SUBMITTED',
        gsi2pk: 'APPLICANT#applicant-1',
        applicantSub: 'applicant-1',
      },
    });
    expect(outbox!.Put!.Item).toMatchObject({
      source: 'commerce.suppliers',
      detailType: 'SupplierApplicationSubmitted',
      detail: { applicationId: body.applicationId, correlationId: 'corr-1', applicantEmail: 'applicant@acme.example' },
    });
    expect(String(outbox!.Put!.Item!.detail.summary)).toContain('Acme (DE) applied to become a supplier');
  });

  it('refuses an operator (403) and writes nothing', async () => {
    const { status } = await submitAs(operator, completeForm());
    expect(status).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers 400 with field errors for a bad body and writes nothing', async () => {
    const form = completeForm();
    const { status, body } = await submitAs(applicant, {
      ...form,
      company: { ...form.company, legalName: '', country: 'Germany' },
      contacts: [{ name: 'X', email: 'not-an-email', primary: true }],
      surprise: true,
    });
    expect(status).toBe(400);
    const fields = (body.errors as { field: string }[]).map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['company.legalName', 'company.country', 'contacts.0.email']));
    expect(JSON.stringify(body.errors)).toContain('surprise');
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('GET /suppliers/applications/{id}', () => {
  const getAs = (caller: typeof applicant) =>
    getApplication(
      httpEvent(caller, { method: 'GET', path: `/suppliers/applications/${APPLICATION_ID}`, pathParameters: { id: APPLICATION_ID } }),
      context,
    ).then(parse);

  it('shows the applicant its own application, without internals', async () => {
    ddb.on(GetCommand).resolves({ Item: storedApplication({ taskToken: 'secret-token' }) });
    const { status, body } = await getAs(applicant);
    expect(status).toBe(200);
    expect(body.applicationId).toBe(APPLICATION_ID);
    expect(JSON.stringify(body)).not.toContain('secret-token');
  });

  describe('of an application whose onboarding broke', () => {
    const lambdaCause = JSON.stringify({ errorType: 'TypeError', errorMessage: 'x is undefined', trace: ['at approve (/var/task/index.mjs:1:99)'] });
    const failure = { error: 'TypeError', cause: lambdaCause, failedAt: '2030-01-01T00:00:00.000Z' };
    beforeEach(() => ddb.on(GetCommand).resolves({ Item: storedApplication({ status: 'FAILED', failure }) }));

    it('tells the applicant it failed on our side, without the internal error or stack trace', async () => {
      const { status, body } = await getAs(applicant);
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'FAILED', failure: { error: 'OnboardingFailed', failedAt: failure.failedAt } });
      expect(JSON.stringify(body)).not.toMatch(/TypeError|x is undefined|index\.mjs/);
    });

    it('shows operators the error and cause as recorded', async () => {
      expect((await getAs(operator)).body.failure).toEqual(failure);
    });
  });

  it('shows operators any application', async () => {
    ddb.on(GetCommand).resolves({ Item: storedApplication() });
    expect((await getAs(operator)).status).toBe(200);
  });

  it("answers 404, not 403, to another user (existence is not leaked)", async () => {
    ddb.on(GetCommand).resolves({ Item: storedApplication() });
    const { status, body } = await getAs(stranger);
    expect(status).toBe(404);
    expect(body.code).toBe('ApplicationNotFound');
  });

  it('answers 404 for an unknown id', async () => {
    ddb.on(GetCommand).resolves({});
    expect((await getAs(operator)).status).toBe(404);
  });
});

describe('GET /suppliers/applications', () => {
  const listAs = (caller: typeof applicant, query?: Record<string, string>) =>
    listApplications(httpEvent(caller, { method: 'GET', path: '/suppliers/applications', query }), context).then(parse);

  /** A GSI1 query's LastEvaluatedKey names the index partition, as DynamoDB returns it. */
  const awaitingKey = { pk: 'x', sk: 'y', gsi1pk: 'APPLICATIONS#AWAITING_DECISION', gsi1sk: 'z' };

  it('gives operators the pending work by default (GSI1, newest first) with a next token', async () => {
    ddb.on(QueryCommand).resolves({ Items: [storedApplication({ status: 'AWAITING_DECISION' })], LastEvaluatedKey: awaitingKey });
    const { status, body } = await listAs(operator);
    expect(status).toBe(200);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      IndexName: 'GSI1',
      ExpressionAttributeValues: { ':partition': 'APPLICATIONS#AWAITING_DECISION' },
      ScanIndexForward: false,
      Limit: 25,
    });
    expect(body.items).toEqual([expect.objectContaining({ applicationId: APPLICATION_ID, companyName: 'Acme' })]);

    await listAs(operator, { nextToken: String(body.nextToken) });
    expect(ddb.commandCalls(QueryCommand)[1]!.args[0].input.ExclusiveStartKey).toEqual(awaitingKey);
  });

  it("refuses another listing's token (400)", async () => {
    ddb.on(QueryCommand).resolves({ Items: [], LastEvaluatedKey: { pk: 'x', sk: 'y' } });
    const { body } = await listAs(operator, { status: 'SUBMITTED' });
    const { status } = await listAs(operator, { status: 'APPROVED', nextToken: String(body.nextToken) });
    expect(status).toBe(400);
  });

  it("refuses a forged token that starts in another applicant's partition (400, nothing queried)", async () => {
    const scope = `applications:applicant:${applicant.sub}:*`;
    const forged = encodeNextToken({ pk: 'x', sk: 'y', gsi2pk: 'APPLICANT#someone-else', gsi2sk: 'z' }, scope);
    const { status, body } = await listAs(applicant, { nextToken: forged! });
    expect(status).toBe(400);
    expect(body.code).toBe('InvalidNextToken');
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('gives an applicant only its own applications (GSI2)', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    await listAs(applicant);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({
      IndexName: 'GSI2',
      ExpressionAttributeValues: { ':partition': 'APPLICANT#applicant-1' },
    });
  });

  it('refuses an unknown status (400)', async () => {
    expect((await listAs(operator, { status: 'MAYBE' })).status).toBe(400);
    expect(ddb.calls()).toHaveLength(0);
  });
});
