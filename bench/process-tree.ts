/**
 * A process and its descendants, read from /proc (Linux). Used by the startup section to sum the
 * resident memory of `tsx` → node → DynamoDB Local's JVM and to find anything left behind.
 * Elsewhere /proc is absent and every reading is empty: memory is then reported as unavailable.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface TreeProcess {
  readonly pid: number;
  readonly rssKb: number;
  /** argv joined by spaces (empty for a zombie). */
  readonly commandLine: string;
}

const readText = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined; // the process exited between listing and reading
  }
};

/** `pid → ppid` for every process visible in /proc. */
const parentsByPid = (): Map<number, number> => {
  const parents = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return parents;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readText(`/proc/${entry}/stat`);
    if (!stat) continue;
    // `pid (comm) state ppid …`: comm may contain spaces and parentheses, so parse after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (Number.isInteger(ppid)) parents.set(Number(entry), ppid);
  }
  return parents;
};

export const descendantsAndSelf = (rootPid: number): number[] => {
  const parents = parentsByPid();
  if (!parents.has(rootPid)) return [];
  const childrenOf = new Map<number, number[]>();
  for (const [pid, ppid] of parents) childrenOf.set(ppid, [...(childrenOf.get(ppid) ?? []), pid]);
  const tree: number[] = [];
  const pending = [rootPid];
  while (pending.length) {
    const pid = pending.pop()!;
    tree.push(pid);
    pending.push(...(childrenOf.get(pid) ?? []));
  }
  return tree;
};

const rssKbOf = (pid: number): number => {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readText(`/proc/${pid}/status`) ?? '');
  return match ? Number(match[1]) : 0;
};

export const commandLineOf = (pid: number): string => (readText(`/proc/${pid}/cmdline`) ?? '').split('\0').join(' ').trim();

export const readTree = (rootPid: number): TreeProcess[] =>
  descendantsAndSelf(rootPid).map((pid) => ({ pid, rssKb: rssKbOf(pid), commandLine: commandLineOf(pid) }));

/** Still running as the same program (a pid seen earlier may since belong to someone else's process). */
export const isStillRunning = (pid: number, commandLine: string): boolean => isAlive(pid) && commandLineOf(pid) === commandLine;

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU seconds a process has used so far (0 when it is gone or /proc is absent). */
export const cpuSecondsOf = (pid: number): number => {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return 0;
  // Fields after `(comm)`: state is field 3, utime 14, stime 15 (1-based), so 11 and 12 here.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
};

/**
 * CPU seconds of this process (every thread: the local cloud's main thread and its function workers)
 * and, separately, of its descendants (DynamoDB Local's JVM), as a reading to subtract from a later one.
 */
export interface CpuReading {
  readonly self: number;
  readonly children: number;
}

export const readCpu = (): CpuReading => {
  const usage = process.cpuUsage();
  const children = descendantsAndSelf(process.pid)
    .filter((pid) => pid !== process.pid)
    .reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
  return { self: (usage.user + usage.system) / 1e6, children };
};
