/**
 * Who holds `<dataDir>/dynamodb`: `<dataDir>/dynamodb.pid` records the JVM and the node process that owns
 * it. A start checks it first, so it never opens a second JVM on the same data files: a JVM left by a
 * dead owner is stopped (with a message), a live owner (another cloud on this data dir) is a refusal.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DynamoDbHolder {
  /** The node process that started the JVM (the local cloud). */
  readonly ownerPid: number;
  readonly jvmPid: number;
  readonly dbPath: string;
}

export const pidFileOf = (dataDir: string): string => join(dataDir, 'dynamodb.pid');

export function writePidFile(dataDir: string, holder: DynamoDbHolder): void {
  writeFileSync(pidFileOf(dataDir), `${JSON.stringify(holder)}\n`);
}

export function removePidFile(dataDir: string, jvmPid: number | undefined): void {
  // Only our own record: a later start may already have written its own.
  if (readPidFile(dataDir)?.jvmPid === jvmPid) rmSync(pidFileOf(dataDir), { force: true });
}

export function readPidFile(dataDir: string): DynamoDbHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(pidFileOf(dataDir), 'utf8')) as DynamoDbHolder;
    return Number.isInteger(holder.jvmPid) && Number.isInteger(holder.ownerPid) ? holder : undefined;
  } catch {
    return undefined;
  }
}

/** The command line of a running process, or undefined when there is none (or it is a zombie). */
export function commandLineOf(pid: number): string | undefined {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  try {
    const text = execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return text || undefined;
  } catch {
    return undefined; // ps exits 1 when the process is gone
  }
}

/** `pgrep -f` pattern of a JVM (not its watchdog shell, whose arguments are the same) on this dbPath. */
export const jvmCommandPattern = (dbPath: string): string =>
  `^(\\S*/)?java .*DynamoDBLocal\\.jar.* -dbPath ${dbPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`;

/** JVMs running DynamoDB Local on this dbPath: the recorded one and any other (e.g. from before pid files). */
function jvmsOn(dbPath: string, recorded: number | undefined): number[] {
  const pids = new Set<number>();
  if (recorded !== undefined && /DynamoDBLocal/.test(commandLineOf(recorded) ?? '')) pids.add(recorded);
  try {
    const found = execFileSync('pgrep', ['-f', jvmCommandPattern(dbPath)], { encoding: 'utf8' });
    for (const line of found.split('\n')) if (/^\d+$/.test(line.trim())) pids.add(Number(line.trim()));
  } catch {
    // pgrep exits 1 when nothing matches (or is missing): the pid file is then all we know
  }
  pids.delete(process.pid);
  return [...pids];
}

/**
 * Makes sure no JVM holds this data dir before a new one starts: stops one left by a dead owner
 * (telling `say` so), refuses when its owner (another local cloud) still runs.
 */
export async function takeOverDataDir(dataDir: string, dbPath: string, say: (message: string) => void): Promise<void> {
  const recorded = readPidFile(dataDir);
  const jvms = jvmsOn(dbPath, recorded?.jvmPid);
  for (const jvmPid of jvms) {
    const owner = liveOwnerOf(jvmPid) ?? (recorded?.jvmPid === jvmPid ? liveNode(recorded.ownerPid) : undefined);
    if (owner !== undefined && owner !== process.pid) {
      throw new Error(
        `Another local cloud (pid ${owner}, DynamoDB Local pid ${jvmPid}) is using ${dataDir}. ` +
          'Stop it first (Ctrl-C in its terminal, or kill that pid), or give this one its own --data-dir.',
      );
    }
  }
  for (const pid of jvms) {
    say(`DynamoDB Local (pid ${pid}) from an earlier run still holds ${dbPath}: stopping it before starting a new one.`);
    await stopProcess(pid);
  }
  rmSync(pidFileOf(dataDir), { force: true });
}

const parentOf = (pid: number): number | undefined => {
  try {
    const ppid = Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).trim());
    return Number.isInteger(ppid) && ppid > 1 ? ppid : undefined;
  } catch {
    return undefined;
  }
};

const liveNode = (pid: number): number | undefined => (/node/.test(commandLineOf(pid) ?? '') ? pid : undefined);

/** The node process running the JVM's watchdog, if both still run (an orphaned watchdog has no owner). */
function liveOwnerOf(jvmPid: number): number | undefined {
  const watchdog = parentOf(jvmPid);
  if (watchdog === undefined || !/jvm-watchdog/.test(commandLineOf(watchdog) ?? '')) return undefined;
  const owner = parentOf(watchdog);
  return owner === undefined ? undefined : liveNode(owner);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(pid: number, graceMs = 5_000): Promise<void> {
  const alive = () => commandLineOf(pid) !== undefined;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const forceAt = Date.now() + graceMs;
  while (alive()) {
    if (Date.now() > forceAt) signal('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
