/**
 * What the supplier-onboarding workflow tests share: application forms, and a harness over a running
 * test cloud that submits over HTTP, reads the table's rows as they are stored, and reads executions
 * and their history through the AWS SDK on the local endpoint, as an operator would.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import { ulid } from 'ulid';
import type { LocalFunction, LocalStateMachine } from '../../infra/local/model';
import type { SupplierApplicationForm } from '../../shared/domain/suppliers/form';
import type { TestCloud } from '../support/local-cloud';
import { completeForm, validTerms } from '../unit/suppliers/fixtures';

/** Several tasks per step on a machine shared with other engineers: generous, never a timing assertion. */
export const WORKFLOW_WAIT = { timeoutMs: 30_000, intervalMs: 100 } as const;

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

export type StoredRow = Record<string, unknown> & { status?: string; executionArn?: string };

export interface Submitted {
  readonly applicationId: string;
  readonly correlationId: string;
  readonly applicantEmail: string;
}

export interface Notification {
  readonly type: string;
  readonly summary: string;
  readonly detail: Record<string, unknown>;
}

export type OnboardingHarness = ReturnType<typeof onboardingHarness>;

export function onboardingHarness(cloud: TestCloud) {
  const machine = requireMachine(cloud.model.stateMachines, 'supplier-onboarding');
  const tableName = cloud.model.tables[0]?.name ?? '';
  const local = { region: cloud.model.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ ...local, endpoint: cloud.dynamodb.endpoint }));
  const sfn = new SFNClient({ ...local, endpoint: cloud.awsUrl });

  const readRow = async (pk: string, sk: string): Promise<StoredRow | undefined> =>
    (await documents.send(new GetCommand({ TableName: tableName, Key: { pk, sk } }))).Item as StoredRow | undefined;
  const readApplication = (applicationId: string) => readRow(`APPLICATION#${applicationId}`, 'APPLICATION');

  const harness = {
    machine,
    sfn,
    readApplication,
    readSupplier: (supplierId: string) => readRow(`SUPPLIER#${supplierId}`, 'PROFILE'),

    /** The template's Lambda function built from `entry` (e.g. `functions/suppliers/approve-supplier.ts`). */
    functionFor(entry: string): LocalFunction {
      const fn = cloud.model.functions.find((candidate) => candidate.entry.endsWith(`/${entry}`));
      if (!fn) throw new Error(`No function in the template for ${entry}`);
      return fn;
    },

    /** POST /suppliers/applications as a supplier user: the outbox event starts the workflow. */
    async submit(form: SupplierApplicationForm): Promise<Submitted> {
      const sub = `applicant-${ulid().toLowerCase()}`;
      const applicantEmail = `${sub}@applicant.example`;
      const correlationId = `workflow-test-${ulid()}`;
      const response = await cloud.api('POST', '/suppliers/applications', {
        token: await cloud.tokenFor('supplier', { sub, email: applicantEmail }),
        body: form,
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

    /** Resolves once the execution left RUNNING; described through the SDK, as the AWS CLI would. */
    async finished(executionArn: string) {
      await cloud.stepFunctions.waitForExecution(executionArn);
      return sfn.send(new DescribeExecutionCommand({ executionArn }));
    },

    async history(executionArn: string): Promise<HistoryEvent[]> {
      const events: HistoryEvent[] = [];
      let nextToken: string | undefined;
      do {
        const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }));
        events.push(...(page.events ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
      return events;
    },

    /** Names of the states entered, in order: the path the execution took. */
    async statePath(executionArn: string): Promise<string[]> {
      return (await harness.history(executionArn)).flatMap((event) =>
        event.stateEnteredEventDetails?.name ? [event.stateEnteredEventDetails.name] : [],
      );
    },

    /** Polls a topic's delivered messages for `type` about `applicationId`. */
    notification(topic: string, type: string, applicationId: string): Promise<Notification> {
      return cloud.waitFor(() => harness.notificationsNow(topic, type, applicationId)[0], {
        ...WORKFLOW_WAIT,
        message: `${type} on ${topic} for ${applicationId}`,
      });
    },

    /** What the topic delivered so far (no waiting). */
    notificationsNow(topic: string, type: string, applicationId: string): Notification[] {
      return cloud
        .snsMessages(topic)
        .map((record) => JSON.parse(record.message) as Notification)
        .filter((message) => message.type === type && message.detail.applicationId === applicationId);
    },
  };
  return harness;
}

function requireMachine(machines: readonly LocalStateMachine[], name: string): LocalStateMachine {
  const machine = machines.find((candidate) => candidate.name === name);
  if (!machine) throw new Error(`The template declares no state machine named ${name}`);
  return machine;
}
