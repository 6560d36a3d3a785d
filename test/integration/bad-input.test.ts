/**
 * Bad input over real HTTP: every refusal has the exact status, a useful problem+json (or API Gateway's own
 * `{"message": …}` when the gateway refuses), and writes nothing — the whole table is read before and after
 * each request (a Scan is fine in a test), and the onboarding machine has no new execution.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../infra/local/gateway/issuer';
import { startTestCloud, type TestCloud } from '../support/local-cloud';
import { expectProblem, fieldsOf, refusals, type RefusalResponse as ApiResponse, type RequestOptions } from '../support/refusals';

const application = JSON.parse(readFileSync(new URL('../../docs/examples/application.json', import.meta.url), 'utf8'));
const approval = JSON.parse(readFileSync(new URL('../../docs/examples/approve.json', import.meta.url), 'utf8'));
/** Passes the schema, fails completeness (one trade reference): screening rejects it, no operator decides. */
// Another company: one company may have one open application.
const incompleteApplication = { ...application, company: { ...application.company, registrationNumber: 'DE987654321' }, references: application.references.slice(0, 1) };

const WORKFLOW_WAIT = { timeoutMs: 30_000, intervalMs: 100 };
const SUBMIT = '/suppliers/applications';
const UNKNOWN_ID = ulid();

let cloud: TestCloud;
let guard: ReturnType<typeof refusals>;
let stateMachineArn: string;
let applicant: string;
let operator: string;
/** Scored and waiting for an operator when the cases run. */
let awaitingId: string;
/** Rejected at screening: never decided, no longer waiting. */
let rejectedId: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  guard = refusals(cloud);
  stateMachineArn = cloud.model.stateMachines.find((machine) => machine.name === 'supplier-onboarding')!.arn;
  applicant = await cloud.tokenFor('supplier', { sub: `applicant-${ulid().toLowerCase()}` });
  operator = await cloud.tokenFor('operator');

  const submitted = await Promise.all(
    [application, incompleteApplication].map((body) => cloud.api('POST', SUBMIT, { token: applicant, body })),
  );
  expect(submitted.map((response) => response.status)).toEqual([202, 202]);
  awaitingId = submitted[0]!.body.applicationId;
  rejectedId = submitted[1]!.body.applicationId;
  await waitForStatus(awaitingId, 'AWAITING_DECISION');
  await waitForStatus(rejectedId, 'REJECTED');
  // The control: valid submissions do start executions, so "no new execution" below can fail.
  await cloud.waitFor(
    async () => {
      const runs = await executions();
      return runs.length === 2 && runs.some((run) => run.status === 'SUCCEEDED');
    },
    { ...WORKFLOW_WAIT, message: 'one execution waiting and one finished' },
  );
});

afterAll(async () => {
  await cloud?.stop();
});

describe('request bodies', () => {
  it('refuses malformed JSON (400 MalformedJson)', async () => {
    const response = await refusedWithoutWriting('POST', SUBMIT, {
      token: applicant,
      body: '{"company": {"legalName": "Acme"',
      headers: { 'content-type': 'application/json', 'idempotency-key': ulid() },
    });
    expectProblem(response, 400, 'MalformedJson');
  });

  it('refuses wrong types (400), naming each field', async () => {
    const body = {
      ...application,
      company: { ...application.company, yearFounded: '2005' },
      monthlyCapacityUnits: 'plenty',
      contacts: 'Ada Lovelace',
    };
    const response = await refusedWithoutWriting('POST', SUBMIT, { token: applicant, body, headers: { 'idempotency-key': ulid() } });
    expectProblem(response, 400, 'ValidationFailed');
    expect(fields(response)).toEqual(expect.arrayContaining(['company.yearFounded', 'monthlyCapacityUnits', 'contacts']));
  });

  it('refuses missing fields (400), naming each field', async () => {
    const { company: _company, qualitySystem: _qualitySystem, ...rest } = application;
    const body = { ...rest, contacts: [{ email: 'ada@acme.example' }] };
    const response = await refusedWithoutWriting('POST', SUBMIT, { token: applicant, body, headers: { 'idempotency-key': ulid() } });
    expectProblem(response, 400, 'ValidationFailed');
    expect(fields(response)).toEqual(expect.arrayContaining(['company', 'qualitySystem', 'contacts.0.name']));
  });

  it('refuses unknown keys (400), at the top and nested', async () => {
    const body = { ...application, discountPercent: 5, company: { ...application.company, vatRate: 19 } };
    const response = await refusedWithoutWriting('POST', SUBMIT, { token: applicant, body, headers: { 'idempotency-key': ulid() } });
    expectProblem(response, 400, 'ValidationFailed');
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'body', message: expect.stringContaining('discountPercent') },
        { field: 'company', message: expect.stringContaining('vatRate') },
      ]),
    );
  });

  it('refuses a body over 256 KB (413 PayloadTooLarge)', async () => {
    const body = { ...application, company: { ...application.company, legalName: 'x'.repeat(300_000) } };
    const response = await refusedWithoutWriting('POST', SUBMIT, { token: applicant, body, headers: { 'idempotency-key': ulid() } });
    expectProblem(response, 413, 'PayloadTooLarge');
  });

  it('refuses a body that is not JSON (415 UnsupportedMediaType)', async () => {
    const response = await refusedWithoutWriting('POST', SUBMIT, {
      token: applicant,
      body: JSON.stringify(application),
      headers: { 'content-type': 'text/plain', 'idempotency-key': ulid() },
    });
    expectProblem(response, 415, 'UnsupportedMediaType');
  });

  it('refuses an invalid Idempotency-Key (400), before claiming anything', async () => {
    const response = await refusedWithoutWriting('POST', SUBMIT, {
      token: applicant,
      body: application,
      headers: { 'idempotency-key': 'k'.repeat(256) },
    });
    expectProblem(response, 400, 'InvalidIdempotencyKey');
    expect(fields(response)).toEqual(['Idempotency-Key']);
  });
});

describe('routes, tokens and roles', () => {
  it.each([
    ['POST', '/suppliers/application'],
    ['GET', '/no-such-thing'],
    ['DELETE', `/suppliers/applications/${UNKNOWN_ID}`],
  ])('answers an unknown route %s %s with the gateway 404', async (method, path) => {
    const response = await refusedWithoutWriting(method, path, { token: applicant, body: method === 'GET' ? undefined : application });
    expectGatewayMessage(response, 404, 'Not Found');
  });

  it.each([
    ['no token', async () => undefined],
    ['an expired token', async () => cloud.tokenFor('supplier', { expiresIn: -60 })],
    ['a token signed by another key', async () => signedBy((await generateKeyPair('ES256')).privateKey, LOCAL_AUDIENCE)],
    ['a token for another audience', async () => signedBy(await localIssuerKey(), 'some-other-client')],
  ])('refuses %s with the gateway 401', async (_what, token) => {
    const response = await refusedWithoutWriting('POST', SUBMIT, {
      token: await token(),
      body: application,
      headers: { 'idempotency-key': ulid() },
    });
    // API Gateway's message and challenge, plus the reason as problem+json (test/local/gateway-auth.test.ts has each reason).
    expect(response.status, response.text).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({ status: 401, message: 'Unauthorized', code: expect.stringMatching(/^Token/) });
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('refuses a customer who submits an application (403)', async () => {
    const response = await refusedWithoutWriting('POST', SUBMIT, {
      token: await cloud.tokenFor('customer'),
      body: application,
      headers: { 'idempotency-key': ulid() },
    });
    expectProblem(response, 403, 'Forbidden');
  });

  it('refuses a supplier who decides an application (403), even its own', async () => {
    const response = await refusedWithoutWriting('POST', decisionPath(awaitingId), { token: applicant, body: approval });
    expectProblem(response, 403, 'Forbidden');
  });
});

describe('ids and pagination', () => {
  it.each([
    ['GET', `/suppliers/applications/${UNKNOWN_ID}`],
    ['POST', decisionPath(UNKNOWN_ID)],
  ])('answers %s of an unknown application with 404 ApplicationNotFound', async (method, path) => {
    const response = await refusedWithoutWriting(method, path, { token: operator, body: method === 'POST' ? approval : undefined });
    expectProblem(response, 404, 'ApplicationNotFound');
  });

  it.each([
    ['GET', '/suppliers/applications/not-a-ulid'],
    ['POST', decisionPath('01j9z8q4x7n2m5k3h1g0f9e8d7')],
    ['GET', '/suppliers/IL0U0000000000000000000000'],
  ])('refuses a malformed id in %s %s (400, path.id)', async (method, path) => {
    const response = await refusedWithoutWriting(method, path, { token: operator, body: method === 'POST' ? approval : undefined });
    expectProblem(response, 400, 'ValidationFailed');
    expect(fields(response)).toEqual(['path.id']);
  });

  it('refuses a nextToken that is not a token (400 InvalidNextToken)', async () => {
    const response = await refusedWithoutWriting('GET', '/suppliers/applications?nextToken=not%20a%20token', { token: operator });
    expectProblem(response, 400, 'InvalidNextToken');
    expect(fields(response)).toEqual(['query.nextToken']);
  });

  it("refuses a real nextToken handed to another listing (400 InvalidNextToken)", async () => {
    const firstPage = await cloud.api('GET', '/suppliers/applications?limit=1', { token: applicant });
    expect(firstPage.status).toBe(200);
    expect(firstPage.body.nextToken).toEqual(expect.any(String));
    const path = `/suppliers/applications?status=AWAITING_DECISION&nextToken=${encodeURIComponent(firstPage.body.nextToken)}`;
    const response = await refusedWithoutWriting('GET', path, { token: operator });
    expectProblem(response, 400, 'InvalidNextToken');
  });
});

describe('operator decisions', () => {
  it.each([
    ['APPROVE without terms', { decision: 'APPROVE' }, ['terms']],
    [
      'terms out of range',
      { decision: 'APPROVE', terms: { ...approval.terms, paymentTermsDays: 365, returnPolicy: { ...approval.terms.returnPolicy, returnWindowDays: -1 } } },
      ['terms.paymentTermsDays', 'terms.returnPolicy.returnWindowDays'],
    ],
    ['REJECT without reasons', { decision: 'REJECT', reasons: [] }, ['reasons']],
    ['an unknown decision', { decision: 'MAYBE' }, ['decision']],
  ])('refuses %s (400 with field errors) on an application that awaits a decision', async (_what, body, expectedFields) => {
    const response = await refusedWithoutWriting('POST', decisionPath(awaitingId), { token: operator, body, headers: { 'idempotency-key': ulid() } });
    expectProblem(response, 400, 'ValidationFailed');
    expect(fields(response)).toEqual(expect.arrayContaining(expectedFields));
  });

  it('refuses to decide an application that is not awaiting a decision (409 ApplicationNotAwaitingDecision)', async () => {
    const response = await refusedWithoutWriting('POST', decisionPath(rejectedId), { token: operator, body: approval });
    expectProblem(response, 409, 'ApplicationNotAwaitingDecision');
  });

  it('refuses a second decision (409 ApplicationAlreadyDecided); the first one stands', async () => {
    const first = await cloud.api('POST', decisionPath(awaitingId), { token: operator, body: approval });
    expect(first.status).toBe(202);
    await waitForStatus(awaitingId, 'APPROVED');
    await cloud.waitFor(async () => (await executions()).every((run) => run.status === 'SUCCEEDED'), {
      ...WORKFLOW_WAIT,
      message: 'both onboarding executions to finish',
    });

    const second = await refusedWithoutWriting('POST', decisionPath(awaitingId), {
      token: operator,
      body: { decision: 'REJECT', reasons: ['Changed my mind'] },
    });
    expectProblem(second, 409, 'ApplicationAlreadyDecided');
    const after = await cloud.api('GET', `/suppliers/applications/${awaitingId}`, { token: operator });
    expect(after.body).toMatchObject({ status: 'APPROVED', operatorDecision: { decision: 'APPROVE' } });
  });

  // Last, since these write: a refusal under an Idempotency-Key writes nothing, not even the key's record,
  // and a request that changes data is caught by the same check.
  it('control: a refusal leaves no idempotency record, and the write check catches a real write', async () => {
    const refused = await refusedWithoutWriting('POST', decisionPath(awaitingId), {
      token: operator,
      body: approval,
      headers: { 'idempotency-key': ulid() },
    });
    expectProblem(refused, 409, 'ApplicationAlreadyDecided');
    expect((await guard.tableItems()).filter((item) => item.entity === 'IdempotencyRecord')).toEqual([]);
    // A company that never applied, so the application is accepted and written.
    const newCompany = { ...application, company: { ...application.company, registrationNumber: `HRB ${Date.now()}` } };
    await expect(refusedWithoutWriting('POST', SUBMIT, { token: applicant, body: newCompany, headers: { 'idempotency-key': ulid() } })).rejects.toThrow();
  });
});

/* ---------- helpers ---------- */

function expectGatewayMessage(response: ApiResponse, status: number, message: string): void {
  expect(response.status, response.text).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/json');
  expect(response.body).toEqual({ message });
}

const decisionPath = (id: string) => `/suppliers/applications/${id}/decision`;

const executions = () => guard.executions(stateMachineArn);
const refusedWithoutWriting = (method: string, path: string, options: RequestOptions) => guard.refusedWithoutWriting(method, path, options);
const fields = fieldsOf;

async function waitForStatus(applicationId: string, status: string): Promise<void> {
  await cloud.waitFor(
    async () => (await cloud.api('GET', `/suppliers/applications/${applicationId}`, { token: operator })).body?.status === status,
    { ...WORKFLOW_WAIT, message: `application ${applicationId} to be ${status}` },
  );
}

/** The local issuer's own signing key (from its data dir), to forge claims it would never issue. */
async function localIssuerKey() {
  const jwk = JSON.parse(readFileSync(join(cloud.dataDir, 'issuer', 'private-key.jwk.json'), 'utf8')) as JWK;
  return importJWK(jwk, 'ES256');
}

function signedBy(key: Awaited<ReturnType<typeof localIssuerKey>>, audience: string): Promise<string> {
  return new SignJWT({ 'cognito:groups': ['supplier'], token_use: 'id' })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(audience)
    .setSubject(`intruder-${ulid().toLowerCase()}`)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(key);
}
