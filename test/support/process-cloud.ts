/**
 * Test helper: the real local cloud as a child process (test/support/cloud-process.ts) on fixed ports
 * and a data dir of its own, so a test can kill it like a crash — SIGKILL to its whole process group,
 * DynamoDB Local's JVM included — and start it again on the same data. It offers what the workflow
 * harnesses read of a `TestCloud`, through the cloud's public doors only: HTTP, the AWS endpoint, the
 * issuer's key files and the SNS files.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { REPO_ROOT, type LocalCloudOptions } from '../../infra/local/cloud';
import { LocalIssuer } from '../../infra/local/gateway/issuer';
import { DEFAULT_REGION, LOCAL_ACCOUNT_ID } from '../../infra/local/model';
import type { SnsFileRecord } from '../../infra/local/sns/topics';
import { buildLocalModel } from '../../infra/local/template/model';
import { synthTemplate } from '../../infra/local/template/synth';
import { apiClient, waitFor, type TestCloud } from './local-cloud';

export interface ProcessCloud {
  /** What the harnesses use; the rest of `TestCloud` (in-process objects) is not there. */
  readonly cloud: TestCloud;
  /** Starts the cloud process on the data dir and waits until it answers. */
  start(): Promise<void>;
  /** SIGKILL to the whole process group, as a crash or `kill -9` would; resolves once it is gone. */
  crash(): Promise<void>;
  /** SIGTERM, as Ctrl-C would; resolves once it stopped. */
  stop(): Promise<void>;
}

/** @param extra more options for the cloud, e.g. a fixture `template` to run instead of the CDK app (JSON only: it crosses a process boundary). */
export async function processCloud(dataDir: string, context: Record<string, unknown> = {}, extra: Partial<LocalCloudOptions> = {}): Promise<ProcessCloud> {
  const [apiPort, awsPort] = [await freePort(), await freePort()];
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const awsUrl = `http://127.0.0.1:${awsPort}`;
  const { template, stackName } = extra.template ?? synthTemplate(context);
  const model = buildLocalModel(template, { stackName, region: DEFAULT_REGION, accountId: LOCAL_ACCOUNT_ID, repoRoot: REPO_ROOT });
  const sfn = new SFNClient({ region: model.region, endpoint: awsUrl, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  let child: ChildProcess | undefined;
  let issuer: LocalIssuer | undefined;

  const cloud = {
    apiUrl,
    awsUrl,
    dataDir,
    model,
    // The AWS endpoint forwards DynamoDB, so the probe reads the table through it.
    dynamodb: { endpoint: awsUrl, pid: undefined },
    api: apiClient(apiUrl),
    waitFor,
    tokenFor: async (role: Parameters<TestCloud['tokenFor']>[0], extra = {}) => {
      issuer ??= await LocalIssuer.open(dataDir);
      return issuer.issueToken({ role, ...extra });
    },
    snsMessages: (topicName: string): SnsFileRecord[] => {
      const file = join(dataDir, 'sns', `${topicName}.jsonl`);
      if (!existsSync(file)) return [];
      return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as SnsFileRecord);
    },
    stepFunctions: {
      waitForExecution: (executionArn: string) =>
        waitFor(
          async () => {
            const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
            return described.status === 'RUNNING' ? undefined : described;
          },
          { timeoutMs: 60_000, intervalMs: 100, message: `execution ${executionArn} to finish` },
        ),
    },
  } as unknown as TestCloud;

  const exited = (process: ChildProcess) =>
    new Promise<void>((resolve) => (process.exitCode !== null || process.signalCode !== null ? resolve() : process.once('exit', () => resolve())));

  return {
    cloud,
    async start() {
      const options: Partial<LocalCloudOptions> = { ...extra, dataDir, apiPort, awsPort, context };
      const started = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/support/cloud-process.ts')], {
        cwd: REPO_ROOT,
        detached: true, // its own process group, so a crash can take all of it
        env: { ...process.env, CLOUD_OPTIONS: JSON.stringify(options) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      let output = '';
      // Everything the cloud says goes to <dataDir>/cloud.log, for whoever debugs a failure.
      const log = (chunk: Buffer) => appendFileSync(join(dataDir, 'cloud.log'), chunk);
      await new Promise<void>((resolve, reject) => {
        started.stdout?.on('data', (chunk: Buffer) => {
          log(chunk);
          output += chunk.toString();
          if (output.includes('READY')) resolve();
        });
        started.stderr?.on('data', (chunk: Buffer) => {
          log(chunk);
          output += chunk.toString();
        });
        started.once('exit', (code) => reject(new Error(`the cloud process exited (${code}) before it was ready:\n${output}`)));
      });
    },
    async crash() {
      if (!child?.pid) return;
      const gone = exited(child);
      process.kill(-child.pid, 'SIGKILL');
      await gone;
      // The JVM is in the same group; wait until nothing answers on the ports any more.
      await waitFor(async () => !(await answers(awsUrl)), { timeoutMs: 15_000, message: 'the killed cloud to be gone' });
    },
    async stop() {
      if (!child?.pid || child.exitCode !== null) return;
      const gone = exited(child);
      child.kill('SIGTERM');
      await gone;
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/_local/health`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
