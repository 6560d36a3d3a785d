/**
 * Startup section: how long `npm start -- --fresh` takes from launch to the ready banner, and how much
 * memory the whole process tree (tsx, node, DynamoDB Local's JVM) holds on the way.
 *
 * Each run launches bench/startup-child.ts (main.ts's start-up against a temp data dir and free ports)
 * with `node --import tsx` exactly as `npm start` does, waits for the banner (the last run also for every
 * function to be loaded once, which is when memory peaks), then stops it with SIGTERM and checks that nothing it started (the JVM above all) is left.
 * One data dir for all runs, reset each time, like `--fresh` (which keeps the issuer's keys). Run 1 starts
 * with empty caches (function bundles, synthesized template: a clone's first start), the others reuse them (warm).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../infra/constructs/repo';
import { median, printChecks, printTable, round, type TargetCheck } from './format';
import { isStillRunning, readTree } from './process-tree';
import { mergeSection } from './results';

export const STARTUP_MARKERS = { ready: 'BENCH_READY', prewarmed: 'BENCH_PREWARMED', stopped: 'BENCH_STOPPED' } as const;

const RUNS = 3;
/** On an idle 2-core machine, with today's functions (printed beside them, so growth is visible). */
const TARGETS = { warmReadySeconds: 5, coldReadySeconds: 15, peakRssMb: 1024 } as const;
const CHILD_ENTRY = path.join(REPO_ROOT, 'bench', 'startup-child.ts');
const READY_TIMEOUT_MS = 180_000;
/** Prewarm grows with the number of functions; give up waiting (and report '-') after this. */
const PREWARM_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;
const RSS_SAMPLE_MS = 150;

interface StartupRun {
  readonly run: number;
  /** Launch → ready banner, measured here (includes tsx and node start-up). */
  readonly readyMs: number;
  /** The same moment as main.ts reports it: the node process's own uptime. */
  readonly readyUptimeMs: number;
  /** Empty caches (bundles, template) before this run. */
  readonly cold: boolean;
  /** Started on the data the run before left (a plain `npm start`), not `--fresh`. */
  readonly keepData: boolean;
  /** Launch → every function loaded once (prewarm done); measured on the last run only, else null. */
  readonly prewarmedMs: number | null;
  /** SIGTERM → the process exited. */
  readonly stopMs: number;
  /** The child's own shutdown ran to the end (stop marker, exit code 0), no SIGKILL needed. */
  readonly stoppedCleanly: boolean;
  /** Largest sum of VmRSS over the tree, until ready and over the whole run; null without /proc. */
  readonly peakRssMbAtReady: number | null;
  readonly peakRssMb: number | null;
  readonly processes: readonly string[];
  /** Distinct processes seen in the tree over the run. */
  readonly processCount: number;
  readonly functions: number;
  /** Processes still running after the stop (then killed); must be empty. */
  readonly leftBehind: readonly string[];
}

/** Milestones arrive as marker lines on the child's stdout; everything else is kept for error messages. */
class ChildOutput {
  private readonly waiters = new Map<string, (data: Record<string, unknown>) => void>();
  readonly seen = new Map<string, { at: number; data: Record<string, unknown> }>();
  private readonly tail: string[] = [];

  constructor(child: ChildProcess) {
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => this.onLine(line));
    }
  }

  private onLine(line: string): void {
    const marker = Object.values(STARTUP_MARKERS).find((name) => line.startsWith(`${name} `));
    if (!marker) {
      this.tail.push(line);
      if (this.tail.length > 20) this.tail.shift();
      return;
    }
    const data = JSON.parse(line.slice(marker.length + 1)) as Record<string, unknown>;
    this.seen.set(marker, { at: performance.now(), data });
    this.waiters.get(marker)?.(data);
  }

  /** Resolves with the time the marker arrived; rejects on timeout or when the child exits first. */
  waitFor(marker: string, child: ChildProcess, timeoutMs: number): Promise<{ at: number; data: Record<string, unknown> }> {
    const already = this.seen.get(marker);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const fail = (reason: string) => {
        clearTimeout(timer);
        child.off('exit', onExit);
        reject(new Error(`${reason}; last output:\n${this.tail.join('\n')}`));
      };
      const onExit = (code: number | null) => fail(`the local cloud exited (code ${code}) before ${marker}`);
      const timer = setTimeout(() => fail(`no ${marker} within ${timeoutMs / 1000} s`), timeoutMs);
      child.once('exit', onExit);
      this.waiters.set(marker, (data) => {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve({ at: performance.now(), data });
      });
    });
  }
}

/** Samples the tree's memory and remembers every process it saw (to check none outlives the stop). */
class TreeSampler {
  private readonly timer: NodeJS.Timeout;
  peakKb = 0;
  available = false;
  readonly seen = new Map<number, string>();

  constructor(private readonly rootPid: number) {
    this.sample();
    this.timer = setInterval(() => this.sample(), RSS_SAMPLE_MS);
  }

  sample(): void {
    const tree = readTree(this.rootPid);
    if (tree.length) this.available = true;
    for (const { pid, commandLine } of tree) if (commandLine) this.seen.set(pid, commandLine);
    this.peakKb = Math.max(this.peakKb, tree.reduce((sum, { rssKb }) => sum + rssKb, 0));
  }

  /** Processes seen in the tree that still run the same command. */
  survivors(): number[] {
    return [...this.seen].filter(([pid, commandLine]) => isStillRunning(pid, commandLine)).map(([pid]) => pid);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

/** SIGTERM, as Ctrl-C/`kill` would; after a grace period, SIGKILL for the child and all it started. Returns whether it had to. */
const stopChild = async (child: ChildProcess, sampler: TreeSampler): Promise<boolean> => {
  sampler.sample(); // catch late children (worker processes, if any) before they are gone
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS)));
  const forced = await Promise.race([exited(child).then(() => false), gaveUp]);
  clearTimeout(timer);
  if (forced) {
    for (const pid of sampler.survivors()) process.kill(pid, 'SIGKILL');
    await exited(child);
  }
  return forced;
};

/** Every process whose command line names this run's data dir (the JVM's -dbPath, the child's argv). */
const pgrepDataDir = (dataDir: string): number[] => {
  try {
    return execFileSync('pgrep', ['-f', dataDir], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // exit code 1: no match
  }
};

/** What the stop left behind (then killed, so the next run and the machine stay clean). */
const leftBehind = (dataDir: string, sampler: TreeSampler): string[] => {
  const pids = new Set([...pgrepDataDir(dataDir), ...sampler.survivors()]);
  pids.delete(process.pid);
  const found = [...pids].map((pid) => `${pid} ${(sampler.seen.get(pid) ?? '').slice(0, 60)}`);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return found;
};

const mb = (kb: number): number => round(kb / 1024);

const startOnce = async (run: number, dataDir: string, cacheDir: string, register: (child: ChildProcess) => void, keepData = false): Promise<StartupRun> => {
  const cold = run === 1;
  if (cold) rmSync(cacheDir, { recursive: true, force: true });
  // Waiting for every worker costs seconds per function: only the last run does (and so holds the overall peak).
  const waitForWarm = run === RUNS;
  const launchedAt = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD_ENTRY, dataDir, ...(keepData ? ['--keep-data'] : [])], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, COMMERCE_OPS_LOCAL_CACHE: cacheDir },
  });
  register(child);
  const output = new ChildOutput(child);
  const sampler = new TreeSampler(child.pid ?? -1);
  try {
    const ready = await output.waitFor(STARTUP_MARKERS.ready, child, READY_TIMEOUT_MS);
    const peakAtReady = sampler.peakKb;
    const prewarmed = waitForWarm ? await output.waitFor(STARTUP_MARKERS.prewarmed, child, PREWARM_TIMEOUT_MS).catch(() => undefined) : undefined;
    const stopRequestedAt = performance.now();
    const forced = await stopChild(child, sampler);
    const stopMs = performance.now() - stopRequestedAt;
    return {
      run,
      keepData,
      cold,
      functions: Number(ready.data.functions),
      processCount: sampler.seen.size,
      readyMs: round(ready.at - launchedAt),
      readyUptimeMs: round(Number(ready.data.uptimeMs)),
      prewarmedMs: prewarmed ? round(prewarmed.at - launchedAt) : null,
      stopMs: round(stopMs),
      stoppedCleanly: !forced && child.exitCode === 0 && output.seen.has(STARTUP_MARKERS.stopped),
      peakRssMbAtReady: sampler.available ? mb(peakAtReady) : null,
      peakRssMb: sampler.available ? mb(sampler.peakKb) : null,
      processes: [...new Set([...sampler.seen.values()].map((commandLine) => processLabel(commandLine)))],
      leftBehind: leftBehind(dataDir, sampler),
    };
  } finally {
    sampler.stop();
    if (child.exitCode === null && child.signalCode === null) await stopChild(child, sampler);
  }
};

const processLabel = (commandLine: string): string =>
  /jvm-watchdog/.test(commandLine)
    ? 'sh (JVM watchdog)'
    : /DynamoDBLocal/.test(commandLine)
      ? 'java (DynamoDB Local)'
      : /^\S*java\b/.test(commandLine)
        ? 'java'
        : /^cat\b/.test(commandLine)
          ? 'cat (watchdog pipe)'
          : /esbuild/.test(commandLine)
            ? 'esbuild'
            : 'node';

const seconds = (ms: number | null): string => (ms === null ? '-' : (ms / 1000).toFixed(2));

const hasJava = (): boolean => {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

export async function runStartupSection(): Promise<void> {
  if (!hasJava()) {
    console.log('Skipped: no `java` on PATH (DynamoDB Local needs Java 17+).');
    mergeSection('startup', { skipped: 'no java on PATH' });
    return;
  }
  console.log(`Starting the local cloud ${RUNS + 1} times (node --import tsx bench/startup-child.ts: npm start --fresh on a temp data dir, free ports; run 1 cold; then once more on the data kept, as a plain npm start)…\n`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'commerce-ops-bench-'));
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'commerce-ops-bench-bundles-'));
  let current: ChildProcess | undefined;
  // Ctrl-C or kill during the bench: stop the local cloud first, never leave a JVM or the temp dir behind.
  const onInterrupt = () => {
    current?.kill('SIGTERM');
    void (current ? exited(current) : Promise.resolve()).then(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onInterrupt);
  const runs: StartupRun[] = [];
  try {
    for (let run = 1; run <= RUNS; run++) runs.push(await startOnce(run, dataDir, cacheDir, (child) => (current = child)));
    // And the everyday start: `npm start` again on the data the last run left (tables there, demo data seeded).
    runs.push(await startOnce(RUNS + 1, dataDir, cacheDir, (child) => (current = child), true));
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }

  printTable(
    ['run', 'caches', 'ready s', 'ready s (uptime)', 'all loaded s', 'peak RSS MB at ready', 'peak RSS MB', 'processes', 'stop s', 'clean stop', 'left behind'],
    runs.map((r) => [
      `${r.run}`,
      r.cold ? 'cold' : r.keepData ? 'cached, data kept' : 'cached',
      seconds(r.readyMs),
      seconds(r.readyUptimeMs),
      seconds(r.prewarmedMs),
      `${r.peakRssMbAtReady ?? 'n/a'}`,
      `${r.peakRssMb ?? 'n/a'}`,
      `${r.processCount}`,
      seconds(r.stopMs),
      r.stoppedCleanly ? 'yes' : 'no',
      r.leftBehind.length ? r.leftBehind.join('; ') : 'nothing',
    ]),
  );
  const functions = runs[0]?.functions ?? 0;
  const coldReadyMs = runs.find((r) => r.cold)?.readyMs ?? 0;
  const warmReadyMsMedian = round(median(runs.filter((r) => !r.cold && !r.keepData).map((r) => r.readyMs)));
  const restartReadyMs = round(runs.find((r) => r.keepData)?.readyMs ?? 0);
  const peaks = runs.map((r) => r.peakRssMb).filter((peak): peak is number => peak !== null);
  const peakRssMb = peaks.length ? Math.max(...peaks) : null;
  const load = loadavg()[0]!.toFixed(2);
  const checks: TargetCheck[] = [
    {
      target: `ready ≤ ${TARGETS.warmReadySeconds} s warm with --fresh (cached bundles and template, the freshly seeded table copied back; median of ${RUNS - 1}), ${functions} functions`,
      actual: `${seconds(warmReadyMsMedian)} s`,
      met: warmReadyMsMedian <= TARGETS.warmReadySeconds * 1000,
    },
    {
      target: `ready ≤ ${TARGETS.warmReadySeconds} s warm on a restart (cached, data kept: a plain npm start), ${functions} functions`,
      actual: `${seconds(restartReadyMs)} s`,
      met: restartReadyMs <= TARGETS.warmReadySeconds * 1000,
    },
    {
      target: `ready ≤ ${TARGETS.coldReadySeconds} s cold (empty caches), ${functions} functions`,
      actual: `${seconds(coldReadyMs)} s`,
      met: coldReadyMs <= TARGETS.coldReadySeconds * 1000,
    },
    {
      target: `whole cloud (all processes, JVM included) ≤ ${TARGETS.peakRssMb} MB RSS, every one of ${functions} functions loaded once`,
      actual: peakRssMb === null ? 'n/a (no /proc)' : `${peakRssMb} MB`,
      met: peakRssMb !== null && peakRssMb <= TARGETS.peakRssMb,
    },
    {
      target: 'clean stop, nothing left running (pgrep)',
      actual: `${runs.filter((r) => r.stoppedCleanly).length}/${runs.length} clean, ${runs.flatMap((r) => r.leftBehind).length} processes left`,
      met: runs.every((r) => r.stoppedCleanly && !r.leftBehind.length),
    },
  ];
  console.log('');
  printChecks(checks);
  console.log(`process tree: ${runs[0]?.processes.join(', ') ?? '-'}; load average at the end ${load} on ${cpus().length} cores (targets assume an idle machine)`);

  mergeSection('startup', {
    node: process.version,
    runs: RUNS,
    targets: TARGETS,
    functions,
    coldReadyMs,
    warmReadyMsMedian,
    restartReadyMs,
    prewarmedMs: runs.at(-1)?.prewarmedMs ?? null,
    peakRssMb,
    loadAverage: Number(load),
    checks,
    results: runs,
  });
}
