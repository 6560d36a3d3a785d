/**
 * Execution history in the shape of GetExecutionHistory, built from the interpreter's event log
 * plus what our task overrides record (the interpreter knows states, not the resources they call).
 */
import type { ParsedResource } from './resources';

export interface HistoryEvent {
  readonly timestamp: number; // epoch seconds
  readonly type: string;
  readonly id: number;
  readonly previousEventId: number;
  readonly [details: string]: unknown;
}

/** One call of a Task's resource (one attempt), recorded by the override. */
export interface TaskCall {
  readonly stateName: string;
  readonly resource: ParsedResource;
  readonly parameters: unknown;
  readonly region: string;
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
  output?: unknown;
}

/** The slice of the interpreter's `EventLog` we read (kept loose: the library types are not exported). */
export interface InterpreterEvent {
  readonly type: string;
  readonly timestamp: number;
  readonly state?: { readonly name: string; readonly type: string; readonly input?: unknown; readonly output?: unknown };
  readonly parentState?: { readonly name: string };
  readonly index?: number;
  readonly input?: unknown;
  readonly output?: unknown;
  readonly Error?: string;
  readonly Cause?: unknown;
}

const json = (value: unknown): string => JSON.stringify(value ?? null);
const notTruncated = { truncated: false } as const;
const causeText = (cause: unknown): string => (typeof cause === 'string' ? cause : json(cause));
const TIMEOUT_ERRORS = new Set(['States.Timeout', 'States.HeartbeatTimeout']);

export class ExecutionHistory {
  readonly events: HistoryEvent[];
  /** Calls recorded but not yet shown, and calls shown but not yet closed, per state name. */
  private readonly recordedCalls = new Map<string, TaskCall[]>();
  private readonly shownCalls = new Map<string, TaskCall[]>();
  /** A resumed run re-enters the state it stood in; AWS shows that state entered once. */
  private resumedState?: string;

  /**
   * @param events the history so far (an execution resumed after a restart)
   * @param onAppend told of each new event (the journal)
   */
  constructor(
    private readonly roleArn: string,
    events: HistoryEvent[] = [],
    private readonly onAppend?: (event: HistoryEvent) => void,
  ) {
    this.events = events;
  }

  append(type: string, details?: Record<string, unknown>, timestampMs = Date.now()): void {
    const previous = this.events.at(-1);
    const id = (previous?.id ?? 0) + 1;
    const event: HistoryEvent = { timestamp: timestampMs / 1000, type, id, previousEventId: previous?.id ?? 0, ...details };
    this.onAppend?.(event);
    this.events.push(event);
  }

  /**
   * The run resumes a task that was already waiting for its token: its entry and its scheduled call
   * are in the history already, so the re-entry shows nothing and the call's end closes that call.
   */
  resumeWaitingTask(call: TaskCall): void {
    this.resumedState = call.stateName;
    queue(this.shownCalls, call.stateName).push(call);
  }

  recordTaskCall(call: TaskCall): void {
    queue(this.recordedCalls, call.stateName).push(call);
  }

  /** Maps one interpreter event to the AWS history events it stands for. */
  consume(event: InterpreterEvent, abort: { error?: string; cause?: string } = {}): void {
    const at = event.timestamp;
    const state = event.state;
    switch (event.type) {
      case 'ExecutionStarted':
        if (this.events.length > 0) return; // a resumed run: the execution started long ago
        return this.append('ExecutionStarted', {
          executionStartedEventDetails: { input: json(event.input), inputDetails: notTruncated, roleArn: this.roleArn },
        }, at);
      case 'ExecutionSucceeded':
        return this.append('ExecutionSucceeded', {
          executionSucceededEventDetails: { output: json(event.output), outputDetails: notTruncated },
        }, at);
      case 'ExecutionFailed':
        return this.append('ExecutionFailed', {
          executionFailedEventDetails: { error: event.Error ?? '', cause: causeText(event.Cause) },
        }, at);
      case 'ExecutionAborted':
        return this.append('ExecutionAborted', { executionAbortedEventDetails: withoutUndefined(abort) }, at);
      case 'ExecutionTimeout':
        return this.append('ExecutionTimedOut', { executionTimedOutEventDetails: {} }, at);
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const detailsKey = `${event.type[0]?.toLowerCase()}${event.type.slice(1)}EventDetails`;
        return this.append(event.type, { [detailsKey]: { name: event.parentState?.name, index: event.index } }, at);
      }
      case 'StateEntered':
        if (!state) return;
        if (this.resumedState === state.name) {
          this.resumedState = undefined;
          return;
        }
        this.append(`${state.type}StateEntered`, {
          stateEnteredEventDetails: { name: state.name, input: json(state.input), inputDetails: notTruncated },
        }, at);
        if (state.type === 'Parallel' || state.type === 'Map') this.append(`${state.type}StateStarted`, undefined, at);
        if (state.type === 'Task') this.showNextCall(state.name, at);
        return;
      case 'StateRetried':
        this.resumedState = undefined;
        if (state?.type === 'Task') this.showNextCall(state.name, at);
        return;
      case 'StateFailed':
        if (!state) return;
        if (state.type === 'Task') this.closeCallFailed(state.name, event.Error ?? '', causeText(event.Cause), at);
        if (state.type === 'Parallel' || state.type === 'Map') this.append(`${state.type}StateFailed`, undefined, at);
        return;
      case 'StateExited':
        if (!state) return;
        if (state.type === 'Task') this.closeCallSucceeded(state.name, at);
        if (state.type === 'Parallel' || state.type === 'Map') this.append(`${state.type}StateSucceeded`, undefined, at);
        return this.append(`${state.type}StateExited`, {
          stateExitedEventDetails: { name: state.name, output: json(state.output), outputDetails: notTruncated },
        }, at);
      default:
        // ParallelBranch*, StateCaught: AWS has no history event for them.
        return;
    }
  }

  private showNextCall(stateName: string, at: number): void {
    const call = queue(this.recordedCalls, stateName).shift();
    if (!call) return;
    queue(this.shownCalls, stateName).push(call);
    const { resource } = call;
    if (resource.kind === 'lambda-function') {
      this.append('LambdaFunctionScheduled', {
        lambdaFunctionScheduledEventDetails: withoutUndefined({
          resource: resource.arn,
          input: json(call.parameters),
          inputDetails: notTruncated,
          timeoutInSeconds: call.timeoutSeconds,
        }),
      }, at);
      return this.append('LambdaFunctionStarted', undefined, at);
    }
    const names = { resourceType: resource.resourceType, resource: resource.resourceName };
    this.append('TaskScheduled', {
      taskScheduledEventDetails: withoutUndefined({
        ...names,
        region: call.region,
        parameters: json(call.parameters),
        timeoutInSeconds: call.timeoutSeconds,
        heartbeatInSeconds: call.heartbeatSeconds,
      }),
    }, at);
    this.append('TaskStarted', { taskStartedEventDetails: names }, at);
  }

  private closeCallSucceeded(stateName: string, at: number): void {
    const call = queue(this.shownCalls, stateName).shift();
    if (!call) return;
    const output = { output: json(call.output), outputDetails: notTruncated };
    if (call.resource.kind === 'lambda-function') {
      return this.append('LambdaFunctionSucceeded', { lambdaFunctionSucceededEventDetails: output }, at);
    }
    const names = { resourceType: call.resource.resourceType, resource: call.resource.resourceName };
    this.append('TaskSucceeded', { taskSucceededEventDetails: { ...names, ...output } }, at);
  }

  private closeCallFailed(stateName: string, error: string, cause: string, at: number): void {
    const call = queue(this.shownCalls, stateName).shift();
    if (!call) return;
    const timedOut = TIMEOUT_ERRORS.has(error);
    if (call.resource.kind === 'lambda-function') {
      const type = timedOut ? 'LambdaFunctionTimedOut' : 'LambdaFunctionFailed';
      const key = timedOut ? 'lambdaFunctionTimedOutEventDetails' : 'lambdaFunctionFailedEventDetails';
      return this.append(type, { [key]: { error, cause } }, at);
    }
    const names = { resourceType: call.resource.resourceType, resource: call.resource.resourceName };
    const type = timedOut ? 'TaskTimedOut' : 'TaskFailed';
    const key = timedOut ? 'taskTimedOutEventDetails' : 'taskFailedEventDetails';
    this.append(type, { [key]: { ...names, error, cause } }, at);
  }
}

function queue(map: Map<string, TaskCall[]>, key: string): TaskCall[] {
  let calls = map.get(key);
  if (!calls) {
    calls = [];
    map.set(key, calls);
  }
  return calls;
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
