/**
 * Supplier onboarding end to end, as the users see it: over real HTTP, with real JWTs from the local
 * issuer, through the real workflow on the synthesized template, down to the SNS outbox files.
 */
import { readFileSync } from 'node:fs';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../shared/contracts/routes';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';

const application = JSON.parse(readFileSync(new URL('../../docs/examples/application.json', import.meta.url), 'utf8'));
const approval = JSON.parse(readFileSync(new URL('../../docs/examples/approve.json', import.meta.url), 'utf8'));

/** A seeded supplier (infra/local/seed.ts): a real, other supplier the applicant must not see. */
const OTHER_SUPPLIER = { sub: 'demo-supplier-1', supplierId: '01JDEM0SVPP11ER00000000001' };
/** The workflow runs several tasks per step; generous, because the machine is shared. */
const WORKFLOW_WAIT = { timeoutMs: 30_000, intervalMs: 100 };

interface SnsNotification {
  type: string;
  summary: string;
  detail: Record<string, unknown>;
}

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await sharedTestCloud();
});

afterAll(async () => {
  await cloud?.stop();
});

describe('supplier onboarding over HTTP', () => {
  // One applicant's journey; each step builds on the previous one, so they share this state.
  const applicantSub = `applicant-${ulid().toLowerCase()}`;
  const correlationId = `e2e-onboarding-${ulid()}`;
  const idempotencyKey = `submit-${ulid()}`;
  let applicant: string;
  let operator: string;
  let otherSupplier: string;
  let applicationId: string;
  let supplierId: string;

  beforeAll(async () => {
    applicant = await cloud.tokenFor('supplier', { sub: applicantSub, email: 'ada@acme.example' });
    operator = await cloud.tokenFor('operator');
    otherSupplier = await cloud.tokenFor('supplier', OTHER_SUPPLIER);
  });

  it('accepts the application (202) and echoes the correlation id', async () => {
    const response = await cloud.api('POST', '/suppliers/applications', {
      token: applicant,
      body: application,
      headers: { 'idempotency-key': idempotencyKey, 'x-correlation-id': correlationId },
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-correlation-id')).toBe(correlationId);
    expect(response.headers.get('idempotency-replayed')).toBeNull();
    expect(response.body).toMatchObject({ status: 'SUBMITTED', applicantEmail: 'ada@acme.example', form: { company: { legalName: 'Acme Manufacturing GmbH' } } });
    expect(response.body.applicationId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    applicationId = response.body.applicationId;
  });

  it('replays the first answer for the same Idempotency-Key and body, and creates nothing new', async () => {
    const replay = await cloud.api('POST', '/suppliers/applications', {
      token: applicant,
      body: application,
      headers: { 'idempotency-key': idempotencyKey },
    });
    expect(replay.status).toBe(202);
    expect(replay.headers.get('idempotency-replayed')).toBe('true');
    expect(replay.body.applicationId).toBe(applicationId);

    const mine = await cloud.api('GET', '/suppliers/applications', { token: applicant });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((item: { applicationId: string }) => item.applicationId)).toEqual([applicationId]);
  });

  it('refuses the same Idempotency-Key with another body (422)', async () => {
    const response = await cloud.api('POST', '/suppliers/applications', {
      token: applicant,
      body: { ...application, monthlyCapacityUnits: application.monthlyCapacityUnits + 1 },
      headers: { 'idempotency-key': idempotencyKey },
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({ status: 422, code: 'IdempotencyKeyReused' });
  });

  it('is screened and scored until it awaits a decision; the applicant sees it, another supplier gets 404', async () => {
    const awaiting = await cloud.waitFor(
      async () => {
        const response = await cloud.api('GET', `/suppliers/applications/${applicationId}`, { token: applicant });
        return response.status === 200 && response.body.status === 'AWAITING_DECISION' ? response.body : undefined;
      },
      { ...WORKFLOW_WAIT, message: `application ${applicationId} to await a decision` },
    );
    expect(awaiting.qualification).toMatchObject({ passed: true });
    expect(awaiting.decisionDueAt).toEqual(expect.any(String));
    expect(awaiting).not.toHaveProperty('taskToken');

    const stranger = await cloud.api('GET', `/suppliers/applications/${applicationId}`, { token: otherSupplier });
    expect(stranger.status).toBe(404);
    expect(stranger.body).toMatchObject({ code: 'ApplicationNotFound' });
  });

  it('refuses a second application of the same company while one is open (409 pointing to it), however the number is written', async () => {
    const again = await cloud.api('POST', '/suppliers/applications', {
      token: applicant,
      body: { ...application, company: { ...application.company, registrationNumber: ` ${String(application.company.registrationNumber).toLowerCase()} ` } },
      headers: { 'idempotency-key': `submit-${ulid()}` },
    });
    expect(again.status, again.text).toBe(409);
    expect(again.body).toMatchObject({ code: 'CompanyApplicationOpen', existing: { applicationId, href: `/suppliers/applications/${applicationId}` } });
  });

  it('shows up in the operator queue of applications awaiting a decision', async () => {
    const response = await cloud.api('GET', '/suppliers/applications?status=AWAITING_DECISION', { token: operator });
    expect(response.status).toBe(200);
    expect(response.body.items).toContainEqual(
      expect.objectContaining({ applicationId, status: 'AWAITING_DECISION', companyName: 'Acme', country: 'DE' }),
    );
  });

  it('is approved with contract terms (202) and becomes a supplier', async () => {
    const response = await cloud.api('POST', `/suppliers/applications/${applicationId}/decision`, {
      token: operator,
      body: approval,
      headers: { 'idempotency-key': `decide-${ulid()}` },
    });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ applicationId, status: 'DECISION_RECORDED', operatorDecision: { decision: 'APPROVE' } });

    const approved = await cloud.waitFor(
      async () => {
        const current = await cloud.api('GET', `/suppliers/applications/${applicationId}`, { token: applicant });
        return current.body.status === 'APPROVED' ? current.body : undefined;
      },
      { ...WORKFLOW_WAIT, message: `application ${applicationId} to be approved` },
    );
    expect(approved.supplierId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    supplierId = approved.supplierId;
  });

  it('shows the supplier and its scorecard to the operator, its owner and its members only', async () => {
    const member = await cloud.tokenFor('supplier', { sub: `member-${ulid().toLowerCase()}`, supplierId });
    for (const [who, token] of [
      ['operator', operator],
      ['owner', applicant],
      ['member', member],
    ] as const) {
      const supplier = await cloud.api('GET', `/suppliers/${supplierId}`, { token });
      expect(supplier.status, who).toBe(200);
      expect(supplier.body).toMatchObject({ supplierId, applicationId, name: 'Acme', country: 'DE', status: 'APPROVED', terms: approval.terms });
      const scorecard = await cloud.api('GET', `/suppliers/${supplierId}/scorecard`, { token });
      expect(scorecard.status, who).toBe(200);
      expect(scorecard.body).toMatchObject({ supplierId, basis: 'QUALIFICATION', ordersCount: 0 });
    }

    for (const path of [`/suppliers/${supplierId}`, `/suppliers/${supplierId}/scorecard`]) {
      const stranger = await cloud.api('GET', path, { token: otherSupplier });
      expect(stranger.status, path).toBe(404);
      expect(stranger.body).toMatchObject({ code: 'SupplierNotFound' });
      const customer = await cloud.api('GET', path, { token: await cloud.tokenFor('customer') });
      expect(customer.status, path).toBe(403);
      expect(customer.body).toMatchObject({ code: 'Forbidden' });
    }
  });

  it('lists to each supplier user only its own suppliers', async () => {
    const own = await cloud.api('GET', '/suppliers', { token: applicant });
    expect(own.status).toBe(200);
    expect(own.body.items.map((item: { supplierId: string }) => item.supplierId)).toEqual([supplierId]);

    const other = await cloud.api('GET', '/suppliers', { token: otherSupplier });
    expect(other.body.items.map((item: { supplierId: string }) => item.supplierId)).toEqual([OTHER_SUPPLIER.supplierId]);

    const all = await cloud.api('GET', '/suppliers', { token: operator });
    expect(all.body.items.map((item: { supplierId: string }) => item.supplierId)).toEqual(
      expect.arrayContaining([supplierId, OTHER_SUPPLIER.supplierId]),
    );
  });

  it('tells operators and the applicant through SNS, carrying the correlation id of the submit request', async () => {
    const notification = (topic: string, type: string) =>
      cloud.waitFor(
        () =>
          cloud
            .snsMessages(topic)
            .map((record) => JSON.parse(record.message) as SnsNotification)
            .find((message) => message.type === type && message.detail.applicationId === applicationId),
        { ...WORKFLOW_WAIT, message: `${type} on ${topic}` },
      );

    const awaiting = await notification('ops-alerts', 'SupplierApplicationAwaitingDecision');
    expect(awaiting.detail).toMatchObject({ correlationId, companyName: 'Acme', eventId: expect.any(String), occurredAt: expect.any(String) });
    expect(awaiting.summary).toContain(applicationId);

    const approved = await notification('customer-notifications', 'SupplierApproved');
    expect(approved.detail).toMatchObject({ correlationId, supplierId, applicantEmail: 'ada@acme.example', terms: approval.terms });
    expect(approved.summary).toContain(supplierId);
  });

  it('refuses the company once it is a supplier (409 pointing to the supplier), and two racing applications of a new company let one through', async () => {
    const again = await cloud.api('POST', '/suppliers/applications', { token: applicant, body: application, headers: { 'idempotency-key': `submit-${ulid()}` } });
    expect(again.status, again.text).toBe(409);
    expect(again.body).toMatchObject({ code: 'CompanyAlreadySupplier', existing: { supplierId, href: `/suppliers/${supplierId}` } });

    const newcomer = { ...application, company: { ...application.company, registrationNumber: `DE${Date.now()}` } };
    const racing = await Promise.all(
      [1, 2, 3].map(() => cloud.api('POST', '/suppliers/applications', { token: applicant, body: newcomer, headers: { 'idempotency-key': `submit-${ulid()}` } })),
    );
    expect(racing.map((response) => response.status).sort()).toEqual([202, 409, 409]);
  });
});

describe('platform routes', () => {
  it('lists every route of the contract in GET /openapi.json, without a token', async () => {
    const response = await cloud.api('GET', '/openapi.json');
    expect(response.status).toBe(200);
    expect(allRoutes.length).toBeGreaterThan(2);
    for (const route of allRoutes) {
      expect(response.body.paths?.[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toMatchObject({
        operationId: route.operationId,
      });
    }
  });

  it('answers GET /health without a token', async () => {
    const response = await cloud.api('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok' });
  });
});
