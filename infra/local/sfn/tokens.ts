/**
 * Task tokens of `.waitForTaskToken` tasks: minted when `$$.Task.Token` is read, awaited by the
 * task, settled by SendTaskSuccess/SendTaskFailure, kept alive by SendTaskHeartbeat.
 * A token that timed out, completed or whose execution ended is "closed": AWS answers TaskTimedOut.
 */
import { randomBytes } from 'node:crypto';
import { AwsServiceError } from '../model';
import { TaskFailure } from './resources';

const TOKEN_PATTERN = /^AQ[A-Za-z0-9_-]{64}$/;
/** How many closed tokens we remember, to answer TaskTimedOut rather than TaskDoesNotExist. */
const CLOSED_TOKENS_KEPT = 10_000;

export interface TokenWaitOptions {
  readonly executionArn: string;
  /** Closes the token after this long; the interpreter itself fails the state with States.Timeout. */
  readonly timeoutSeconds?: number;
  /** Fails the task with States.HeartbeatTimeout unless a heartbeat arrives in time. */
  readonly heartbeatSeconds?: number;
}

interface OpenTask {
  readonly executionArn: string;
  readonly heartbeatSeconds?: number;
  resolve(output: unknown): void;
  reject(failure: TaskFailure): void;
  timeoutTimer?: NodeJS.Timeout;
  heartbeatTimer?: NodeJS.Timeout;
}

export class TaskTokenRegistry {
  private readonly open = new Map<string, OpenTask>();
  private readonly closed = new Set<string>();

  mint(): string {
    return `AQ${randomBytes(48).toString('base64url')}`;
  }

  /** Opens the token; the promise settles with the callback's output or failure. */
  wait(token: string, options: TokenWaitOptions): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const task: OpenTask = { executionArn: options.executionArn, heartbeatSeconds: options.heartbeatSeconds, resolve, reject };
      if (options.timeoutSeconds !== undefined) {
        task.timeoutTimer = setTimeout(() => this.close(token), options.timeoutSeconds * 1000);
      }
      this.open.set(token, task);
      this.armHeartbeat(token, task);
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
    this.close(token);
    task.resolve(output);
  }

  fail(token: string, error: string | undefined, cause: string | undefined): void {
    const task = this.openTask(token);
    this.close(token);
    task.reject(new TaskFailure(error ?? '', cause ?? ''));
  }

  heartbeat(token: string): void {
    this.armHeartbeat(token, this.openTask(token));
  }

  /** Closes the token without settling it (timeouts and abandoned attempts). */
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

  /** Ends every wait and clears every timer (service shutdown). */
  stop(): void {
    for (const [token, task] of this.open) this.endWait(token, task);
  }

  private endWait(token: string, task: OpenTask): void {
    this.close(token);
    // Neither Retry nor Catch may resume an execution that is over (the interpreter reads these flags).
    task.reject(Object.assign(new TaskFailure('States.Runtime', 'The execution has ended'), { isRetryable: false, isCatchable: false }));
  }

  private armHeartbeat(token: string, task: OpenTask): void {
    if (task.heartbeatSeconds === undefined) return;
    clearTimeout(task.heartbeatTimer);
    task.heartbeatTimer = setTimeout(() => {
      this.close(token);
      task.reject(new TaskFailure('States.HeartbeatTimeout', 'No heartbeat was received in time'));
    }, task.heartbeatSeconds * 1000);
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
