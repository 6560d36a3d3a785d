/**
 * The operations table alone, for a bench section that runs a job in this process: DynamoDB Local in memory,
 * the table as the synthesized template declares it, and the environment the job's real modules read (they
 * then import `shared/adapters/dynamo` against it). Seeding writes in batches of 25, a few batches in flight.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteItemCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ensureTables, javaOnPath, startDynamoDbLocal } from '../infra/local/dynamodb/server';
import { DEFAULT_REGION, LOCAL_ACCOUNT_ID, type LocalTable } from '../infra/local/model';
import { REPO_ROOT } from '../infra/local/cloud';
import { buildLocalModel } from '../infra/local/template/model';
import { synthTemplateCached } from '../infra/local/template/synth-cache';

const WRITE_PARALLELISM = 8;

export interface BenchTable {
  readonly tableName: string;
  /** DynamoDB Local's endpoint and the table as the template declares it (for a section that proxies the client, e.g. to count capacity). */
  readonly endpoint: string;
  readonly model: LocalTable;
  /** Puts the items, 25 a request, retrying what DynamoDB leaves unprocessed. */
  writeAll(items: readonly Record<string, unknown>[]): Promise<void>;
}

/** Runs `section` against a fresh in-memory table; skipped (said so) without Java 17. */
export async function withBenchTable(name: string, section: (table: BenchTable) => Promise<void>): Promise<void> {
  if (!javaOnPath()) {
    console.log('Skipped: no Java 17+ on PATH (DynamoDB Local needs it).');
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), `commerce-ops-bench-${name}-`));
  const dynamo = await startDynamoDbLocal({ dataDir, inMemory: true });
  try {
    const { template, stackName } = await synthTemplateCached();
    const table = buildLocalModel(template, { stackName, region: DEFAULT_REGION, accountId: LOCAL_ACCOUNT_ID, repoRoot: REPO_ROOT }).tables[0]!;
    await ensureTables(dynamo.client, [table]);
    Object.assign(process.env, { TABLE_NAME: table.name, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, AWS_REGION: DEFAULT_REGION, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', POWERTOOLS_LOG_LEVEL: 'WARN' });
    const writeAll = async (items: readonly Record<string, unknown>[]) => {
      const batches: WriteRequest[][] = [];
      for (let start = 0; start < items.length; start += 25) {
        batches.push(items.slice(start, start + 25).map((item) => ({ PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) } })));
      }
      let next = 0;
      const worker = async () => {
        while (next < batches.length) {
          let requests: WriteRequest[] | undefined = batches[next++];
          while (requests?.length) {
            const { UnprocessedItems } = await dynamo.client.send(new BatchWriteItemCommand({ RequestItems: { [table.name]: requests } }));
            requests = UnprocessedItems?.[table.name];
          }
        }
      };
      await Promise.all(Array.from({ length: WRITE_PARALLELISM }, worker));
    };
    await section({ tableName: table.name, endpoint: dynamo.endpoint, model: table, writeAll });
  } finally {
    await dynamo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
