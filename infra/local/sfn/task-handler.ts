/**
 * How a Task state of an execution calls its resource on the local cloud (the engine hands one handler per task
 * state to the interpreter): a plain call, or a call with a task token that then waits for the token's answer.
 * A resumed run's open wait is handed back to its state instead of invoking the resource again.
 */
import type { RunOptions } from 'aws-local-stepfunctions';
import { unwrapTaskInput, type TaskStateSpec } from './definition';
import type { ExecutionHistory, TaskCall } from './history';
import { asInterpreterFailure } from './interpreter-errors';
import type { JournalEntry } from './journal';
import { invokeResource, parseResource, type ParsedResource, type TaskServices } from './resources';
import type { ResumedWait } from './resume';
import type { TaskTokenRegistry } from './tokens';

export type TaskHandler = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>[string];

/** What the tasks of one execution call through. */
export interface TaskContext {
  readonly services: TaskServices;
  readonly region: string;
  readonly tokens: TaskTokenRegistry;
  readonly executionArn: string;
  readonly history: ExecutionHistory;
  /** Records an entry in the execution's journal. */
  readonly journal: (entry: JournalEntry) => void;
}

/** The part of a run's state its tasks share with the interpreter callbacks. */
export interface TaskRunControl {
  /** Minted when `$$.Task.Token` is read; taken by the Task override called right after. */
  pendingToken?: string;
  /** A resumed run's token wait, handed back to its state's task instead of invoking it again. */
  resumedWait?: ResumedWait;
}

export function taskHandler(context: TaskContext, control: TaskRunControl, spec: TaskStateSpec): TaskHandler {
  const resource = parseResource(spec.resource);
  const { services, region, tokens, history, executionArn } = context;
  return async (effectiveInput) => {
    // Synchronous with the Parameters evaluation that may have minted it: this call's token.
    const mintedToken = control.pendingToken;
    control.pendingToken = undefined;
    const resumed = control.resumedWait;
    if (resumed && resumed.call.stateName === spec.name) {
      control.resumedWait = undefined;
      // Cut off while handing the token over: hand it over again (the same token, so at most twice).
      if (resumed.handOverAgain) await invokeWithToken(context, resumed.token, resource, unwrapTaskInput(spec, effectiveInput).parameters);
      resumed.call.output = await asInterpreterFailure(resumed.result);
      return resumed.call.output as Awaited<ReturnType<TaskHandler>>;
    }
    const { parameters, timeoutSeconds, heartbeatSeconds } = unwrapTaskInput(spec, effectiveInput);
    const call: TaskCall = { stateName: spec.name, resource, parameters, region, timeoutSeconds, heartbeatSeconds };
    history.recordTaskCall(call);
    if (!resource.waitForTaskToken) {
      call.output = await invokeResource(resource, parameters, services);
      return call.output as Awaited<ReturnType<TaskHandler>>;
    }
    const token = mintedToken ?? tokens.mint();
    // Let the event log catch up first, so the journal places the execution in this state before
    // it records the wait (the log is consumed on microtasks; one macrotask turn drains it).
    await new Promise((resolve) => setImmediate(resolve));
    const callback = tokens.wait(token, { executionArn, stateName: spec.name, timeoutSeconds, heartbeatSeconds });
    callback.catch(() => undefined); // awaited below; the invocation may fail first
    await invokeWithToken(context, token, resource, parameters);
    call.output = await asInterpreterFailure(callback);
    return call.output as Awaited<ReturnType<TaskHandler>>;
  };
}

/** Calls a token task's resource; journaled once it answered, so a resume knows it has the token. */
async function invokeWithToken(context: TaskContext, token: string, resource: ParsedResource, parameters: unknown): Promise<void> {
  try {
    await invokeResource(resource, parameters, context.services);
  } catch (error) {
    context.tokens.close(token);
    throw error;
  }
  context.journal({ k: 'invoked', token });
}
