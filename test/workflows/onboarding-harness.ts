/**
 * What the supplier-onboarding workflow tests share: application forms, and a harness over a running
 * test cloud that submits over HTTP, reads the table's rows as they are stored, and reads executions
 * and their history through the AWS SDK on the local endpoint, as an operator would.
 */
import { ulid } from 'ulid';
import type { SupplierApplicationForm } from '../../shared/domain/suppliers/form';
import type { TestCloud } from '../support/local-cloud';
import { WORKFLOW_WAIT, workflowProbe, type Notification, type StoredRow } from '../support/workflow-probe';
import { completeForm, validTerms } from '../unit/suppliers/fixtures';

export { WORKFLOW_WAIT };

/** `YYYY-MM-DD`, `years` from today: certificates stay valid whenever the suite runs. */
const yearsFromToday = (years: number): string => {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.toISOString().slice(0, 10);
};

/** Full marks on every criterion (score 100): the unit fixture, with certificates valid from today on. */
export const strongForm = (): SupplierApplicationForm => {
  const form = completeForm();
  return {
    ...form,
    certifications: form.certifications.map((certificate, index) => ({
      ...certificate,
      validUntil: yearsFromToday(index === 0 ? 3 : 2),
    })),
  };
};

/** Complete, but a new workshop with no quality system and little capacity: far below the threshold. */
export const weakForm = (): SupplierApplicationForm => ({
  company: { legalName: 'Tiny Works Ltd', country: 'GB', registrationNumber: 'GB000111', yearFounded: new Date().getUTCFullYear() },
  contacts: [{ name: 'Tom Tiny', email: 'tom@tiny.example', primary: true }],
  productCategories: ['toys'],
  certifications: [],
  monthlyCapacityUnits: 50,
  qualitySystem: { type: 'NONE', defectRatePpm: 20_000 },
  references: [
    { company: 'Corner Shop', contactName: 'Cid', email: 'cid@corner.example' },
    { company: 'Market Stall', contactName: 'Mo', email: 'mo@stall.example' },
  ],
});

/** Strong on paper, but one trade reference only and an expired certificate. */
export const incompleteForm = (): SupplierApplicationForm => {
  const form = strongForm();
  return {
    ...form,
    certifications: [...form.certifications, { name: 'GOTS', issuer: 'Control Union', validUntil: '2020-01-31' }],
    references: form.references.slice(0, 1),
  };
};

export const approvalTerms = validTerms;

export interface Submitted {
  readonly applicationId: string;
  readonly correlationId: string;
  readonly applicantEmail: string;
}

export type OnboardingHarness = ReturnType<typeof onboardingHarness>;

export function onboardingHarness(cloud: TestCloud) {
  const probe = workflowProbe(cloud, 'supplier-onboarding');
  const readApplication = (applicationId: string) => probe.readRow(`APPLICATION#${applicationId}`, 'APPLICATION');

  const harness = {
    ...probe,
    readApplication,
    readSupplier: (supplierId: string) => probe.readRow(`SUPPLIER#${supplierId}`, 'PROFILE'),

    /** POST /suppliers/applications as a supplier user: the outbox event starts the workflow. */
    async submit(form: SupplierApplicationForm): Promise<Submitted> {
      const sub = `applicant-${ulid().toLowerCase()}`;
      const applicantEmail = `${sub}@applicant.example`;
      const correlationId = `workflow-test-${ulid()}`;
      const response = await cloud.api('POST', '/suppliers/applications', {
        token: await cloud.tokenFor('supplier', { sub, email: applicantEmail }),
        // A company of its own each time: one company may have one open application and one supplier.
        body: { ...form, company: { ...form.company, registrationNumber: `${form.company.registrationNumber}-${ulid()}` } },
        headers: { 'idempotency-key': `submit-${ulid()}`, 'x-correlation-id': correlationId },
      });
      if (response.status !== 202) throw new Error(`submit answered ${response.status}: ${response.text}`);
      return { applicationId: response.body.applicationId, correlationId, applicantEmail };
    },

    /** POST /suppliers/applications/{id}/decision as an operator. */
    async decide(applicationId: string, body: unknown) {
      return cloud.api('POST', `/suppliers/applications/${applicationId}/decision`, {
        token: await cloud.tokenFor('operator', { sub: 'operator-olga' }),
        body,
        headers: { 'idempotency-key': `decide-${ulid()}` },
      });
    },

    /** Polls the stored application until it reaches `status`. */
    waitForStatus(applicationId: string, status: string): Promise<StoredRow> {
      return cloud.waitFor(
        async () => {
          const row = await readApplication(applicationId);
          return row?.status === status ? row : undefined;
        },
        { ...WORKFLOW_WAIT, message: `application ${applicationId} to be ${status}` },
      );
    },

    /** The execution that claimed the application (StartScreening records it on the row). */
    executionOf(applicationId: string): Promise<string> {
      return cloud.waitFor(async () => (await readApplication(applicationId))?.executionArn, {
        ...WORKFLOW_WAIT,
        message: `an onboarding execution to claim ${applicationId}`,
      });
    },

    /** Polls a topic's delivered messages for `type` about `applicationId`. */
    notification: (topic: string, type: string, applicationId: string): Promise<Notification> =>
      probe.notification(topic, type, 'applicationId', applicationId),

    /** What the topic delivered so far (no waiting). */
    notificationsNow: (topic: string, type: string, applicationId: string): Notification[] =>
      probe.notificationsNow(topic, type, 'applicationId', applicationId),
  };
  return harness;
}
