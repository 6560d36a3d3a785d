/**
 * Durable executions: one append-only JSON-lines journal per execution under
 * `<dataDir>/stepfunctions/<machine>/<execution>.jsonl`. Every line is written synchronously before
 * the step it records goes on (a state entered, a task token opened, a heartbeat, a callback accepted,
 * the end), so after a clean stop or a `kill -9` the journal says where each RUNNING execution stood.
 * A line cut short by a crash is ignored on reading. No fsync: the process may die at any moment, the
 * machine is assumed not to (the OS still holds what was written).
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryEvent } from './history';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionStart {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly inputText: string;
  readonly startDate: number;
  readonly sequence: number;
}

export interface ExecutionEnd {
  readonly status: Exclude<ExecutionStatus, 'RUNNING'>;
  readonly stopDate: number;
  readonly outputText?: string;
  readonly error?: string;
  readonly cause?: string;
}

/** Where a task token wait stands; dates are epoch ms. */
export interface TokenWaitRecord {
  readonly state: string;
  readonly token: string;
  /** When the wait was opened (epoch ms): states entered later leave it behind. */
  readonly openedAt: number;
  readonly timeoutDue?: number;
  readonly heartbeatSeconds?: number;
  heartbeatDue?: number;
  /** The task's resource was called and answered (it has the token); else a resume calls it again. */
  invoked?: boolean;
  /** The callback or deadline that settled it, once it did. */
  outcome?: TokenOutcome;
}

export type TokenOutcome = { readonly output: unknown } | { readonly error: string; readonly cause: string };

export type JournalEntry =
  | ({ readonly k: 'start' } & ExecutionStart)
  | { readonly k: 'event'; readonly event: HistoryEvent }
  /** A top-level state was entered with this input (the resume point). */
  | { readonly k: 'at'; readonly state: string; readonly input: unknown; readonly enteredAt: number }
  | { readonly k: 'wait'; readonly wait: TokenWaitRecord }
  | { readonly k: 'invoked'; readonly token: string }
  | { readonly k: 'beat'; readonly token: string; readonly heartbeatDue: number }
  | { readonly k: 'due'; readonly token: string; readonly timeoutDue?: number; readonly heartbeatDue?: number }
  | { readonly k: 'settled'; readonly token: string; readonly outcome: TokenOutcome }
  | ({ readonly k: 'end' } & ExecutionEnd)
  /** An ended execution runs again from its position (RedriveExecution). */
  | { readonly k: 'redriven'; readonly at: number };

/** An execution as its journal left it. */
export interface JournaledExecution {
  readonly start: ExecutionStart;
  readonly events: HistoryEvent[];
  readonly position?: { readonly state: string; readonly input: unknown; readonly enteredAt: number };
  /** The last token wait opened since the position was taken, settled or not. */
  readonly wait?: TokenWaitRecord;
  readonly end?: ExecutionEnd;
}

export class ExecutionJournal {
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'stepfunctions');
  }

  begin(machineName: string, start: ExecutionStart): void {
    const dir = join(this.root, machineName);
    mkdirSync(dir, { recursive: true });
    writeFileSync(this.fileOf(machineName, start.name), `${JSON.stringify({ k: 'start', ...start })}\n`);
  }

  append(machineName: string, executionName: string, entry: JournalEntry): void {
    appendFileSync(this.fileOf(machineName, executionName), `${JSON.stringify(entry)}\n`);
  }

  forget(machineName: string, executionName: string): void {
    rmSync(this.fileOf(machineName, executionName), { force: true });
  }

  /** Every journaled execution of a machine, oldest first. */
  load(machineName: string): JournaledExecution[] {
    const dir = join(this.root, machineName);
    if (!existsSync(dir)) return [];
    const executions: JournaledExecution[] = [];
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.jsonl')) continue;
      const replayed = replay(readFileSync(join(dir, file), 'utf8'));
      if (replayed) executions.push(replayed);
    }
    return executions.sort((left, right) => left.start.sequence - right.start.sequence);
  }

  private fileOf(machineName: string, executionName: string): string {
    return join(this.root, machineName, `${executionName}.jsonl`);
  }
}

/** Folds a journal's lines into where its execution stands. Exported for tests. */
export function replay(text: string): JournaledExecution | undefined {
  let start: ExecutionStart | undefined;
  const events: HistoryEvent[] = [];
  let position: JournaledExecution['position'];
  let wait: TokenWaitRecord | undefined;
  let end: ExecutionEnd | undefined;
  for (const line of text.split('\n')) {
    const entry = parseLine(line);
    if (!entry) continue;
    switch (entry.k) {
      case 'start': {
        const { k: _kind, ...rest } = entry;
        start = rest;
        break;
      }
      case 'event':
        events.push(entry.event);
        break;
      case 'at':
        // Entries of one run are written from two places (the interpreter's event log, a little
        // behind, and the task that opens a wait), so order by the interpreter's own clock.
        if (!position || entry.enteredAt >= position.enteredAt) {
          position = { state: entry.state, input: entry.input, enteredAt: entry.enteredAt };
        }
        // A wait belongs to the state it was opened in; a state entered after it leaves it behind.
        if (wait && wait.state !== entry.state && entry.enteredAt > wait.openedAt) wait = undefined;
        break;
      case 'wait':
        wait = { ...entry.wait };
        break;
      case 'invoked':
        if (wait?.token === entry.token) wait.invoked = true;
        break;
      case 'beat':
        if (wait?.token === entry.token) wait.heartbeatDue = entry.heartbeatDue;
        break;
      case 'due':
        if (wait?.token === entry.token) wait = { ...wait, timeoutDue: entry.timeoutDue, heartbeatDue: entry.heartbeatDue };
        break;
      case 'settled':
        if (wait?.token === entry.token) wait.outcome = entry.outcome;
        break;
      case 'end': {
        const { k: _kind, ...rest } = entry;
        end = rest;
        break;
      }
      case 'redriven':
        end = undefined;
        wait = undefined;
        break;
    }
  }
  return start ? { start, events, position, wait, end } : undefined;
}

function parseLine(line: string): JournalEntry | undefined {
  if (!line.trim()) return undefined;
  try {
    return JSON.parse(line) as JournalEntry;
  } catch {
    return undefined; // the last line of a journal whose writer was killed mid-write
  }
}
