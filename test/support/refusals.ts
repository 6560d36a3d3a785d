/**
 * Proofs that a refused request changed nothing: the whole table (a Scan is fine in a test; product
 * paths never scan) and every execution of the cloud's state machines are the same after it as before.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ListExecutionsCommand, SFNClient, type ExecutionListItem } from '@aws-sdk/client-sfn';
import { expect } from 'vitest';
import type { ApiResponse as SupportApiResponse, TestCloud } from './local-cloud';

export type RequestOptions = NonNullable<Parameters<TestCloud['api']>[2]>;

/** A refusal's body: problem details, or the gateway's `{ message }`. */
export interface RefusalBody {
  readonly status?: number;
  readonly code?: string;
  readonly correlationId?: string;
  readonly errors?: readonly { field: string; message: string }[];
  readonly message?: string;
}
export type RefusalResponse = SupportApiResponse<RefusalBody>;

export function refusals(cloud: TestCloud) {
  const aws = { endpoint: cloud.awsUrl, region: cloud.model.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient(aws));
  const sfn = new SFNClient(aws);
  const tableName = cloud.model.tables[0]!.name;

  /** Every item of the table, in key order. */
  async function tableItems(): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await dynamodb.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey }));
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    const key = (item: Record<string, unknown>) => `${String(item.pk)}|${String(item.sk)}`;
    return items.sort((a, b) => key(a).localeCompare(key(b)));
  }

  async function executions(stateMachineArn: string): Promise<ExecutionListItem[]> {
    const runs: ExecutionListItem[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn, nextToken }));
      runs.push(...(page.executions ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return runs;
  }

  /**
   * The table once nothing writes to it any more: the stream's consumers (the stock watcher, the outbox)
   * and running workflows finish what earlier good requests started a moment after those answered.
   */
  async function quietTable(): Promise<Record<string, unknown>[]> {
    let previous = await tableItems();
    // Unchanged over two looks 150 ms apart: a chain of background writes (a projection, then an event's consumer,
    // then a workflow's next step) may pause longer than one look on a busy machine.
    let unchanged = 0;
    for (let attempt = 0; attempt < 60; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const current = await tableItems();
      unchanged = JSON.stringify(current) === JSON.stringify(previous) ? unchanged + 1 : 0;
      if (unchanged === 2) return current;
      previous = current;
    }
    throw new Error('the table never went quiet: a background writer keeps writing');
  }

  const allExecutionArns = async () =>
    (await Promise.all(cloud.model.stateMachines.map((machine) => executions(machine.arn))))
      .flat()
      .map((run) => run.executionArn)
      .sort();

  return {
    sfn,
    tableItems,
    executions,

    /**
     * Sends the request and proves it wrote nothing: the same table content and the same executions after
     * it. Not even an idempotency record: a refusal releases its key (docs/api.md), so a retry once the
     * cause is fixed is served afresh.
     */
    async refusedWithoutWriting(method: string, path: string, options: RequestOptions): Promise<RefusalResponse> {
      const before = { items: await quietTable(), executions: await allExecutionArns() };
      expect(before.items.length).toBeGreaterThan(0);
      const response = await cloud.api<RefusalBody>(method, path, options);
      expect(await tableItems()).toEqual(before.items);
      expect(await allExecutionArns()).toEqual(before.executions);
      return response;
    },
  };
}

export function expectProblem(response: RefusalResponse, status: number, code: string): void {
  expect(response.status, response.text).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.body).toMatchObject({ status, code, type: expect.stringMatching(/^https:\/\//), detail: expect.any(String) });
  expect(response.body.correlationId).toBe(response.headers.get('x-correlation-id'));
  expect(response.text).not.toMatch(/\bat .+\.(ts|js):\d+/); // never a stack trace
}

export const fieldsOf = (response: RefusalResponse): string[] => (response.body.errors ?? []).map((error) => error.field);
