/**
 * Task tokens of `.waitForTaskToken` tasks: minted when `$$.Task.Token` is read, awaited by the
 * task, settled by SendTaskSuccess/SendTaskFailure, kept alive by SendTaskHeartbeat.
 * A token that timed out, completed or whose execution ended is "closed": AWS answers TaskTimedOut.
 *
 * Deadlines are absolute dates, so a wait re-opened after a restart keeps its original due times
 * (or fires at once when they passed while the cloud was down). The observer hears of every change
 * before it takes effect, which is how the engine's journal makes waits durable.
 */
import { randomBytes } from 'node:crypto';
import { AwsServiceError } from '../model';
import type { TokenOutcome, TokenWaitRecord } from './journal';
import { TaskFailure } from './resources';

const TOKEN_PATTERN = /^AQ[A-Za-z0-9_-]{64}$/;
/** How many closed tokens we remember, to answer TaskTimedOut rather than TaskDoesNotExist. */
const CLOSED_TOKENS_KEPT = 10_000;
/** setTimeout overflows past 2^31-1 ms; longer deadlines are re-armed in steps. */
const LONGEST_TIMER_MS = 2_147_483_647;

export interface TokenWaitOptions {
  readonly executionArn: string;
  /** The Task state that waits (journaled, so a restart can give the wait back to that state). */
  readonly stateName: string;
  /** Fails the task with States.Timeout after this long. */
  readonly timeoutSeconds?: number;
  /** Fails the task with States.HeartbeatTimeout unless a heartbeat arrives in time. */
  readonly heartbeatSeconds?: number;
  /** Absolute deadlines (epoch ms) of a wait re-opened after a restart; win over the seconds. */
  readonly timeoutDue?: number;
  readonly heartbeatDue?: number;
  /** Re-opened from the journal after a restart: already journaled, so the observer is not told. */
  readonly restored?: boolean;
}

/** Told of every change to a wait, synchronously, before it takes effect. */
export interface TokenObserver {
  opened(executionArn: string, wait: TokenWaitRecord): void;
  heartbeat(executionArn: string, token: string, heartbeatDue: number): void;
  deadlinesMoved(executionArn: string, token: string, dues: { timeoutDue?: number; heartbeatDue?: number }): void;
  settled(executionArn: string, token: string, outcome: TokenOutcome): void;
}

interface OpenTask {
  readonly executionArn: string;
  readonly stateName: string;
  readonly heartbeatSeconds?: number;
  timeoutDue?: number;
  heartbeatDue?: number;
  resolve(output: unknown): void;
  reject(failure: TaskFailure): void;
  timeoutTimer?: NodeJS.Timeout;
  heartbeatTimer?: NodeJS.Timeout;
}

export class TaskTokenRegistry {
  private readonly open = new Map<string, OpenTask>();
  private readonly closed = new Set<string>();

  constructor(private readonly observer?: TokenObserver) {}

  mint(): string {
    return `AQ${randomBytes(48).toString('base64url')}`;
  }

  /** Opens the token; the promise settles with the callback's output or failure. */
  wait(token: string, options: TokenWaitOptions): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const now = Date.now();
      const task: OpenTask = {
        executionArn: options.executionArn,
        stateName: options.stateName,
        heartbeatSeconds: options.heartbeatSeconds,
        timeoutDue: options.timeoutDue ?? (options.timeoutSeconds === undefined ? undefined : now + options.timeoutSeconds * 1000),
        heartbeatDue: options.heartbeatDue ?? (options.heartbeatSeconds === undefined ? undefined : now + options.heartbeatSeconds * 1000),
        resolve,
        reject,
      };
      if (!options.restored) this.observer?.opened(task.executionArn, {
        state: task.stateName,
        token,
        openedAt: now,
        timeoutDue: task.timeoutDue,
        heartbeatSeconds: task.heartbeatSeconds,
        heartbeatDue: task.heartbeatDue,
      });
      this.open.set(token, task);
      this.armTimers(token, task);
    });
  }

  succeed(token: string, outputText: string): void {
    const task = this.openTask(token);
    let output: unknown;
    try {
      output = JSON.parse(outputText);
    } catch {
      throw new AwsServiceError('InvalidOutput', 'Invalid State Machine Output: output must be valid JSON');
    }
    this.settle(token, task, { output });
  }

  fail(token: string, error: string | undefined, cause: string | undefined): void {
    this.settle(token, this.openTask(token), { error: error ?? '', cause: cause ?? '' });
  }

  heartbeat(token: string): void {
    const task = this.openTask(token);
    if (task.heartbeatSeconds === undefined) return;
    task.heartbeatDue = Date.now() + task.heartbeatSeconds * 1000;
    this.observer?.heartbeat(task.executionArn, token, task.heartbeatDue);
    this.armTimers(token, task);
  }

  /**
   * Local only: brings the next deadline of the execution's open wait forward — by `seconds`, or to
   * now — so a 72-hour reminder can be seen in a minute. Returns what was moved, if anything.
   */
  advance(executionArn: string, seconds?: number): { state: string; timeoutDue?: number; heartbeatDue?: number } | undefined {
    for (const [token, task] of this.open) {
      if (task.executionArn !== executionArn) continue;
      const now = Date.now();
      const shift = (due: number | undefined) => (due === undefined ? undefined : seconds === undefined ? now : Math.max(now, due - seconds * 1000));
      const next = Math.min(task.timeoutDue ?? Infinity, task.heartbeatDue ?? Infinity);
      if (next === Infinity) return undefined;
      if (seconds === undefined) {
        // Only the deadline that comes first fires; the other keeps its distance.
        if (task.heartbeatDue === next) task.heartbeatDue = now;
        else task.timeoutDue = now;
      } else {
        task.timeoutDue = shift(task.timeoutDue);
        task.heartbeatDue = shift(task.heartbeatDue);
      }
      this.observer?.deadlinesMoved(executionArn, token, { timeoutDue: task.timeoutDue, heartbeatDue: task.heartbeatDue });
      this.armTimers(token, task);
      return { state: task.stateName, timeoutDue: task.timeoutDue, heartbeatDue: task.heartbeatDue };
    }
    return undefined;
  }

  /** Closes the token without settling it (abandoned attempts). */
  close(token: string): void {
    const task = this.open.get(token);
    if (!task) return;
    clearTimeout(task.timeoutTimer);
    clearTimeout(task.heartbeatTimer);
    this.open.delete(token);
    this.closed.add(token);
    if (this.closed.size > CLOSED_TOKENS_KEPT) {
      const oldest = this.closed.values().next().value;
      if (oldest !== undefined) this.closed.delete(oldest);
    }
  }

  /**
   * The execution ended: its open tokens die and their waits end, so the interpreter's run loop
   * finishes and clears its own timers instead of holding the process open.
   */
  closeExecution(executionArn: string): void {
    for (const [token, task] of this.open) {
      if (task.executionArn === executionArn) this.endWait(token, task);
    }
  }

  /** Ends every wait and clears every timer (service shutdown); the journal keeps them open. */
  stop(): void {
    for (const [token, task] of this.open) this.endWait(token, task);
  }

  private settle(token: string, task: OpenTask, outcome: TokenOutcome): void {
    this.observer?.settled(task.executionArn, token, outcome);
    this.close(token);
    task.resolve(outcomeResult(outcome));
  }

  private endWait(token: string, task: OpenTask): void {
    this.close(token);
    // Neither Retry nor Catch may resume an execution that is over (the interpreter reads these flags).
    task.reject(Object.assign(new TaskFailure('States.Runtime', 'The execution has ended'), { isRetryable: false, isCatchable: false }));
  }

  private armTimers(token: string, task: OpenTask): void {
    clearTimeout(task.timeoutTimer);
    clearTimeout(task.heartbeatTimer);
    const arm = (kind: 'timeoutTimer' | 'heartbeatTimer', due: number, fire: () => void) => {
      const wait = Math.max(0, due - Date.now());
      task[kind] = wait <= LONGEST_TIMER_MS ? setTimeout(fire, wait) : setTimeout(() => arm(kind, due, fire), LONGEST_TIMER_MS);
    };
    if (task.timeoutDue !== undefined) {
      arm('timeoutTimer', task.timeoutDue, () =>
        this.settle(token, task, { error: 'States.Timeout', cause: 'The task did not answer within its timeout' }),
      );
    }
    if (task.heartbeatDue !== undefined) {
      arm('heartbeatTimer', task.heartbeatDue, () =>
        this.settle(token, task, { error: 'States.HeartbeatTimeout', cause: 'No heartbeat was received in time' }),
      );
    }
  }

  private openTask(token: string): OpenTask {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) {
      throw new AwsServiceError('InvalidToken', 'Invalid Token: the task token is malformed');
    }
    const task = this.open.get(token);
    if (task) return task;
    if (this.closed.has(token)) {
      throw new AwsServiceError('TaskTimedOut', 'Task Timed Out: the task has already timed out or been closed');
    }
    throw new AwsServiceError('TaskDoesNotExist', 'Task Does Not Exist: no task has this token');
  }
}

/** A settled wait as the task sees it: its output, or a `TaskFailure` Retry/Catch match on. */
export function outcomeResult(outcome: TokenOutcome): Promise<unknown> {
  return 'output' in outcome ? Promise.resolve(outcome.output) : Promise.reject(new TaskFailure(outcome.error, outcome.cause));
}
