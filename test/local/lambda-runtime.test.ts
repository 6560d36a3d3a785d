import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalLambdaRuntime } from '../../infra/local/lambda/runtime';
import { LambdaInvocationError, type LocalFunction } from '../../infra/local/model';
import { buildLocalModel } from '../../infra/local/template/model';
import { fixtureTemplate, repoRoot } from './fixtures';

const model = buildLocalModel(fixtureTemplate(), { stackName: 'CommerceOps', region: 'us-east-1', accountId: '000000000000', repoRoot });
const runtime = new LocalLambdaRuntime({
  functions: model.functions,
  region: 'us-east-1',
  endpointUrl: 'http://127.0.0.1:4566',
  environmentOverrides: { 'other-echo': { TABLE_NAME: 'overridden-table' } },
  quiet: true,
});

afterAll(() => runtime.stop());

describe('LocalLambdaRuntime', () => {
  it('runs the TypeScript handler with its own environment and a Lambda-like context', async () => {
    const result = await runtime.invoke('echo', { hello: 'world' });
    expect(result).toEqual({
      event: { hello: 'world' },
      greeting: 'hello from us-east-1 in CommerceOps',
      tableName: 'commerce-ops',
      endpoint: 'http://127.0.0.1:4566',
      functionName: 'echo',
      requestIdPresent: true,
      remainingPositive: true,
    });
  });

  it('isolates environments: two functions, same variable names, different values', async () => {
    const [first, second] = (await Promise.all([
      runtime.invoke('arn:aws:lambda:us-east-1:000000000000:function:echo', {}),
      runtime.invoke('other-echo', {}),
    ])) as { greeting: string; tableName: string }[];
    expect(first).toMatchObject({ greeting: 'hello from us-east-1 in CommerceOps', tableName: 'commerce-ops' });
    expect(second).toMatchObject({ greeting: 'hi from the other one', tableName: 'overridden-table' });
    expect(process.env.GREETING).toBeUndefined();
  });

  it('surfaces a thrown error as LambdaInvocationError named after the error', async () => {
    const failure = await runtime.invoke('fail', {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LambdaInvocationError);
    expect(failure).toMatchObject({ errorType: 'OrderRejected', errorMessage: 'no stock for sku A', name: 'OrderRejected' });
  });

  it('enforces the function timeout and serves the next call from a fresh sandbox', async () => {
    await expect(runtime.invoke('slow', {})).rejects.toMatchObject({ errorType: 'Sandbox.Timedout' });
    await expect(runtime.invoke('slow', {})).rejects.toMatchObject({ errorType: 'Sandbox.Timedout' });
  });

  it('rejects an unknown function', async () => {
    await expect(runtime.invoke('nope', {})).rejects.toMatchObject({ errorType: 'ResourceNotFoundException' });
  });
});

/** A function of the faulty fixtures, without a template. */
const faulty = (name: string, file: string, handlerExport = 'handler', timeoutSeconds = 10): LocalFunction => ({
  logicalId: name,
  name,
  arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
  entry: join(repoRoot, 'test/local/fixtures/functions', file),
  handlerExport,
  environment: {},
  timeoutSeconds,
  memoryMb: 128,
  logging: { format: 'Text', systemLogLevel: 'INFO' },
});

describe('LocalLambdaRuntime when a sandbox breaks', () => {
  const broken = new LocalLambdaRuntime({
    functions: [
      faulty('exits', 'faulty.ts', 'exits'),
      faulty('rejects', 'faulty.ts', 'rejectsUnhandled'),
      faulty('ok', 'faulty.ts', 'ok'),
      faulty('hangs-at-init', 'hangs-at-init.ts'),
      faulty('fails-at-init', 'fails-at-init.ts'),
    ],
    region: 'us-east-1',
    endpointUrl: 'http://127.0.0.1:4566',
    quiet: true,
    initTimeoutMs: 3_000,
  });
  afterAll(() => broken.stop());

  it('fails the call of a worker that exits mid-invocation, then serves the next call from a fresh worker', async () => {
    await expect(broken.invoke('exits', {})).rejects.toMatchObject({ errorType: 'Runtime.ExitError', errorMessage: expect.stringMatching(/code 3/) });
    await expect(broken.invoke('exits', {})).rejects.toMatchObject({ errorType: 'Runtime.ExitError' });
  });

  it('fails the running call on an unhandled rejection (it does not wait for the timeout), then recovers', async () => {
    await expect(broken.invoke('rejects', {})).rejects.toMatchObject({
      errorType: 'Runtime.UnhandledPromiseRejection',
      errorMessage: expect.stringMatching(/lost promise/),
    });
    await expect(broken.invoke('rejects', {})).rejects.toMatchObject({ errorType: 'Runtime.UnhandledPromiseRejection' });
  });

  it('fails calls to a module that never finishes loading instead of hanging', async () => {
    await expect(broken.invoke('hangs-at-init', {})).rejects.toMatchObject({ errorType: 'Runtime.InitTimeout' });
  });

  it('reports an init error and retries the init on the next call (a fresh worker, as Lambda does)', async () => {
    await expect(broken.invoke('fails-at-init', {})).rejects.toMatchObject({ errorMessage: 'CONFIG is not set' });
    await expect(broken.invoke('fails-at-init', {})).rejects.toMatchObject({ errorMessage: 'CONFIG is not set' });
  });

  it('stop() also ends a timed-out worker that is still finishing another call', async () => {
    const runtime = new LocalLambdaRuntime({
      functions: [faulty('sleepy', 'faulty.ts', 'sleeps', 1)],
      region: 'us-east-1',
      endpointUrl: 'http://127.0.0.1:4566',
      quiet: true,
    });
    await runtime.invoke('sleepy', { ms: 0 });
    const first = runtime.invoke('sleepy', { ms: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    // Same worker, 0.4 s later: it is still running when the first call times out and retires the worker.
    const second = runtime.invoke('sleepy', { ms: 60_000 }).catch((error: unknown) => error);
    await expect(first).rejects.toMatchObject({ errorType: 'Sandbox.Timedout' });
    await runtime.invoke('sleepy', { ms: 0 }); // served by a fresh worker
    await runtime.stop();
    await expect(second).resolves.toMatchObject({ errorType: 'Runtime.ExitError', errorMessage: 'sleepy was stopped' });
    await expect(runtime.invoke('sleepy', {})).rejects.toMatchObject({ errorType: 'ServiceException' });
  });
});

describe('LocalLambdaRuntime resources', () => {
  /** Child processes of this test process whose command line matches. */
  const childProcesses = (pattern: RegExp): number =>
    readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
          return ppid === process.pid && pattern.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
        } catch {
          return false;
        }
      }).length;

  it.runIf(existsSync('/proc'))('runs prebuilt JavaScript: warming functions starts no transpiler process', async () => {
    const runtime = new LocalLambdaRuntime({
      functions: ['ok', 'sleeps'].map((handler) => faulty(`warm-${handler}`, 'faulty.ts', handler)),
      region: 'us-east-1',
      endpointUrl: 'http://127.0.0.1:4566',
      quiet: true,
    });
    try {
      await runtime.prewarm([]); // the build itself may use esbuild once
      const before = childProcesses(/esbuild/);
      await runtime.prewarm(['warm-ok', 'warm-sleeps']);
      await expect(runtime.invoke('warm-sleeps', { ms: 1 })).resolves.toBe('awake');
      expect(runtime.warmSandboxes).toBe(2);
      expect(childProcesses(/esbuild/)).toBeLessThanOrEqual(before);
    } finally {
      await runtime.stop();
    }
  });

  it('keeps at most maxWarmSandboxes warm, reclaiming the least recently used idle one, never a busy one', async () => {
    const names = ['a', 'b', 'c'];
    const runtime = new LocalLambdaRuntime({
      functions: [...names.map((name) => faulty(name, 'faulty.ts', 'ok')), faulty('busy', 'faulty.ts', 'sleeps')],
      region: 'us-east-1',
      endpointUrl: 'http://127.0.0.1:4566',
      quiet: true,
      maxWarmSandboxes: 2,
    });
    try {
      const busy = runtime.invoke('busy', { ms: 1_500 });
      for (const name of names) await expect(runtime.invoke(name, {})).resolves.toBe('ok');
      // 'busy' kept its worker while the others took turns in the one remaining place.
      expect(runtime.warmSandboxes).toBe(2);
      await expect(busy).resolves.toBe('awake');
      await expect(runtime.invoke('a', {})).resolves.toBe('ok');
      expect(runtime.warmSandboxes).toBe(2);
    } finally {
      await runtime.stop();
    }
  });
});
