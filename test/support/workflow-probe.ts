/**
 * How workflow tests look at a running test cloud, as an operator would: stored rows read straight from
 * DynamoDB Local, executions and their history through the AWS SDK on the local endpoint, and what the
 * SNS topics delivered.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import type { LocalFunction, LocalStateMachine } from '../../infra/local/model';
import type { TestCloud } from './local-cloud';

/** Several tasks per step on a machine shared with other engineers: generous, never a timing assertion. */
export const WORKFLOW_WAIT = { timeoutMs: 30_000, intervalMs: 100 } as const;

export type StoredRow = Record<string, unknown> & { status?: string; executionArn?: string };

export interface Notification {
  readonly type: string;
  readonly summary: string;
  readonly detail: Record<string, unknown>;
}

export type WorkflowProbe = ReturnType<typeof workflowProbe>;

export function workflowProbe(cloud: TestCloud, machineName: string) {
  const machine = requireMachine(cloud.model.stateMachines, machineName);
  const tableName = cloud.model.tables[0]?.name ?? '';
  const local = { region: cloud.model.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ ...local, endpoint: cloud.dynamodb.endpoint }));
  const sfn = new SFNClient({ ...local, endpoint: cloud.awsUrl });

  const probe = {
    machine,
    sfn,
    documents,
    tableName,

    readRow: async (pk: string, sk: string): Promise<StoredRow | undefined> =>
      (await documents.send(new GetCommand({ TableName: tableName, Key: { pk, sk } }))).Item as StoredRow | undefined,

    /** The template's Lambda function built from `entry` (e.g. `functions/catalog/publish-product.ts`). */
    functionFor(entry: string): LocalFunction {
      const fn = cloud.model.functions.find((candidate) => candidate.entry.endsWith(`/${entry}`));
      if (!fn) throw new Error(`No function in the template for ${entry}`);
      return fn;
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

    /** The execution of this machine whose input has `field` = `value`, once there is one (found by its input, as `npm run advance` finds it). */
    executionWhere(field: string, value: unknown): Promise<string> {
      return cloud.waitFor(
        async () => {
          const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine.arn, maxResults: 1000 }));
          for (const { executionArn } of executions) {
            const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
            if ((JSON.parse(described.input ?? '{}') as Record<string, unknown>)[field] === value) return executionArn;
          }
          return undefined;
        },
        { ...WORKFLOW_WAIT, message: `the ${machine.name} execution of ${field} ${String(value)}` },
      );
    },

    /** Until the execution's last state entered is `state` (a wait: its token stored). */
    waitingIn(executionArn: string, state: string): Promise<true> {
      return cloud.waitFor(async () => ((await probe.statePath(executionArn)).at(-1) === state ? true : undefined), { ...WORKFLOW_WAIT, message: `${executionArn} to wait in ${state}` });
    },

    /** Names of the states entered, in order: the path the execution took. */
    async statePath(executionArn: string): Promise<string[]> {
      return (await probe.history(executionArn)).flatMap((event) =>
        event.stateEnteredEventDetails?.name ? [event.stateEnteredEventDetails.name] : [],
      );
    },

    /**
     * Makes time pass for one workflow, as `npm run advance -- <id>` does: once the execution working on
     * `id` waits in `waitingState`, that wait's next deadline (reminder, expiry, heartbeat) comes now.
     */
    async advance(id: string, waitingState: string): Promise<void> {
      await cloud.waitFor(
        async () => {
          const response = await fetch(`${cloud.awsUrl}/_local/timers/advance`, { method: 'POST', body: JSON.stringify({ execution: id }) });
          return response.status === 200 && ((await response.json()) as { state?: string }).state === waitingState;
        },
        { ...WORKFLOW_WAIT, message: `${id} to wait in ${waitingState}` },
      );
    },

    /** What `topic` delivered so far of `type` whose detail has `key` = `value` (no waiting). */
    notificationsNow(topic: string, type: string, key: string, value: unknown): Notification[] {
      return cloud
        .snsMessages(topic)
        .map((record) => JSON.parse(record.message) as Notification)
        .filter((message) => message.type === type && message.detail[key] === value);
    },

    /** Polls `topic` for the first message of `type` whose detail has `key` = `value`. */
    notification(topic: string, type: string, key: string, value: unknown): Promise<Notification> {
      return cloud.waitFor(() => probe.notificationsNow(topic, type, key, value)[0], {
        ...WORKFLOW_WAIT,
        message: `${type} on ${topic} for ${key} ${String(value)}`,
      });
    },
  };
  return probe;
}

function requireMachine(machines: readonly LocalStateMachine[], name: string): LocalStateMachine {
  const machine = machines.find((candidate) => candidate.name === name);
  if (!machine) throw new Error(`The template declares no state machine named ${name}`);
  return machine;
}
