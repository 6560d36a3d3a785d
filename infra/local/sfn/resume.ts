/**
 * What a resumed run needs from the journal (see journal.ts and engine.ts): where it picks up, the
 * token wait it stood in handed back to its state's task, and the token registry's changes journaled.
 */
import type { JournalEntry, TokenWaitRecord } from './journal';
import { parseResource } from './resources';
import type { TaskCall } from './history';
import type { TaskStateSpec } from './definition';
import { outcomeResult, type TaskTokenRegistry, type TokenObserver } from './tokens';

/** Where a resumed execution picks up. */
export interface ResumePoint {
  readonly state: string;
  readonly input: unknown;
  readonly enteredAt: number;
  readonly wait?: TokenWaitRecord;
}

/** A resumed run's token wait, handed back to its state's task instead of invoking it again. */
export interface ResumedWait {
  readonly call: TaskCall;
  readonly token: string;
  /** Cut off while handing the token over: the task's resource is called again with the same token. */
  readonly handOverAgain: boolean;
  /** The callback's output or failure: settled before the restart, or the re-opened wait's. */
  readonly result: Promise<unknown>;
}

/** Hands back a journaled wait: settled already, or re-opened with its original deadlines. */
export function reopenWait(tokens: TaskTokenRegistry, spec: TaskStateSpec, executionArn: string, region: string, wait: TokenWaitRecord): ResumedWait {
  const call: TaskCall = { stateName: spec.name, resource: parseResource(spec.resource), parameters: null, region };
  const result = wait.outcome
    ? outcomeResult(wait.outcome)
    : tokens.wait(wait.token, {
        executionArn,
        stateName: wait.state,
        heartbeatSeconds: wait.heartbeatSeconds,
        timeoutDue: wait.timeoutDue,
        heartbeatDue: wait.heartbeatDue,
        restored: true,
      });
  result.catch(() => undefined); // awaited by the task; a run aborted first must not leave it unhandled
  return { call, token: wait.token, handOverAgain: !wait.invoked && !wait.outcome, result };
}

/** The token registry's changes as journal lines of the execution that waits. */
export function journalingObserver(recordFor: (executionArn: string, entry: JournalEntry) => void): TokenObserver {
  return {
    opened: (executionArn, wait) => recordFor(executionArn, { k: 'wait', wait }),
    heartbeat: (executionArn, token, heartbeatDue) => recordFor(executionArn, { k: 'beat', token, heartbeatDue }),
    deadlinesMoved: (executionArn, token, dues) => recordFor(executionArn, { k: 'due', token, ...dues }),
    settled: (executionArn, token, outcome) => recordFor(executionArn, { k: 'settled', token, outcome }),
  };
}
