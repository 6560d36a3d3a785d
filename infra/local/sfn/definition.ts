/**
 * Prepares a template's ASL for `aws-local-stepfunctions`:
 * - collects every Task state (incl. Parallel branches and Map iterators) so each can be overridden;
 * - makes task timeouts behave like AWS: the library defaults a Task to 60 s, AWS to "no timeout";
 * - resolves `TimeoutSecondsPath`/`HeartbeatSecondsPath` against the state input, as AWS does (the
 *   library reads them from the effective parameters), by carrying them next to the parameters.
 */
import type { StateMachineDefinition } from 'aws-local-stepfunctions';

/** setTimeout overflows past 2^31-1 ms (~24.8 days), so that is the longest local timer. */
export const MAX_TIMER_SECONDS = 2_147_483;

/** Keys of the wrapper that carries dynamic timeouts next to the task's parameters. */
const TIMEOUTS_KEY = '__localTaskTimeouts';
const PARAMETERS_KEY = '__localTaskParameters';

type Json = Record<string, unknown>;

export interface TaskStateSpec {
  readonly name: string;
  readonly resource: string;
  /** Static `TimeoutSeconds` (capped), when the definition has one. */
  readonly timeoutSeconds?: number;
  /** Static `HeartbeatSeconds`, when the definition has one. */
  readonly heartbeatSeconds?: number;
  /** The parameters are wrapped to carry `TimeoutSecondsPath`/`HeartbeatSecondsPath` values. */
  readonly hasDynamicTimeouts: boolean;
  /** A `.waitForTaskToken` task: its deadlines are the token registry's. */
  readonly waitsForToken: boolean;
}

export interface PreparedDefinition {
  /** The definition handed to the interpreter (a rewritten deep copy). */
  readonly runnable: StateMachineDefinition;
  readonly tasks: ReadonlyMap<string, TaskStateSpec>;
  /** `Retry` intervals (seconds) of every retrying state, by state name. */
  readonly retryIntervals: ReadonlyMap<string, readonly number[]>;
}

export interface TaskInvocationInput {
  readonly parameters: unknown;
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const positiveNumber = (value: unknown): number | undefined =>
  typeof value === 'number' && value > 0 ? value : undefined;

export function prepareDefinition(definition: Record<string, unknown>): PreparedDefinition {
  const runnable = structuredClone(definition);
  const tasks = new Map<string, TaskStateSpec>();
  const retryIntervals = new Map<string, number[]>();

  const visitMachine = (machine: Json) => {
    const states = isObject(machine.States) ? machine.States : {};
    for (const [name, state] of Object.entries(states)) {
      if (!isObject(state)) continue;
      if (Array.isArray(state.Retry)) {
        const intervals = state.Retry.map((retrier) =>
          isObject(retrier) && typeof retrier.IntervalSeconds === 'number' ? retrier.IntervalSeconds : 1,
        );
        retryIntervals.set(name, intervals);
      }
      if (state.Type === 'Task') {
        if (tasks.has(name)) throw new Error(`Task state name "${name}" is used twice; names must be unique per machine`);
        tasks.set(name, rewriteTask(name, state));
      } else if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
        state.Branches.filter(isObject).forEach(visitMachine);
      } else if (state.Type === 'Map') {
        const processor = state.ItemProcessor ?? state.Iterator;
        if (isObject(processor)) visitMachine(processor);
      }
    }
  };
  visitMachine(runnable);

  if (typeof runnable.TimeoutSeconds === 'number') {
    runnable.TimeoutSeconds = Math.min(runnable.TimeoutSeconds, MAX_TIMER_SECONDS);
  }
  return { runnable: runnable as unknown as StateMachineDefinition, tasks, retryIntervals };
}

/** Rewrites one Task state in place and describes it. */
function rewriteTask(name: string, state: Json): TaskStateSpec {
  const timeoutPath = typeof state.TimeoutSecondsPath === 'string' ? state.TimeoutSecondsPath : undefined;
  const heartbeatPath = typeof state.HeartbeatSecondsPath === 'string' ? state.HeartbeatSecondsPath : undefined;
  const staticTimeout = positiveNumber(state.TimeoutSeconds);
  const staticHeartbeat = positiveNumber(state.HeartbeatSeconds);
  const hasDynamicTimeouts = timeoutPath !== undefined || heartbeatPath !== undefined;
  const waitsForToken = typeof state.Resource === 'string' && state.Resource.endsWith('.waitForTaskToken');

  if (hasDynamicTimeouts) {
    const timeouts: Json = {};
    if (timeoutPath) timeouts['timeoutSeconds.$'] = timeoutPath;
    if (heartbeatPath) timeouts['heartbeatSeconds.$'] = heartbeatPath;
    state.Parameters =
      'Parameters' in state
        ? { [TIMEOUTS_KEY]: timeouts, [PARAMETERS_KEY]: state.Parameters }
        : { [TIMEOUTS_KEY]: timeouts, [`${PARAMETERS_KEY}.$`]: '$' };
  }
  delete state.TimeoutSecondsPath;
  delete state.HeartbeatSecondsPath;
  delete state.HeartbeatSeconds;
  if (waitsForToken) {
    // The token registry keeps a token wait's deadlines (durably, across restarts); the interpreter
    // must not race it with a timer of its own.
    state.TimeoutSeconds = MAX_TIMER_SECONDS;
  } else if (timeoutPath) {
    // The interpreter enforces the timeout itself, so Retry/Catch see its own `States.Timeout`.
    delete state.TimeoutSeconds;
    state.TimeoutSecondsPath = `$.${TIMEOUTS_KEY}.timeoutSeconds`;
  } else {
    state.TimeoutSeconds = Math.min(staticTimeout ?? MAX_TIMER_SECONDS, MAX_TIMER_SECONDS);
  }

  return {
    name,
    resource: typeof state.Resource === 'string' ? state.Resource : '',
    // A token wait's deadline is the registry's, which has no timer limit.
    timeoutSeconds: staticTimeout === undefined || waitsForToken ? staticTimeout : Math.min(staticTimeout, MAX_TIMER_SECONDS),
    heartbeatSeconds: staticHeartbeat,
    hasDynamicTimeouts,
    waitsForToken,
  };
}

/** What a task override receives, split back into the task's parameters and its timeouts. */
export function unwrapTaskInput(spec: TaskStateSpec, effectiveInput: unknown): TaskInvocationInput {
  if (!spec.hasDynamicTimeouts || !isObject(effectiveInput)) {
    return { parameters: effectiveInput, timeoutSeconds: spec.timeoutSeconds, heartbeatSeconds: spec.heartbeatSeconds };
  }
  const timeouts = isObject(effectiveInput[TIMEOUTS_KEY]) ? effectiveInput[TIMEOUTS_KEY] : {};
  const heartbeatSeconds = spec.heartbeatSeconds ?? timeouts.heartbeatSeconds;
  if (heartbeatSeconds !== undefined && !(Number.isInteger(heartbeatSeconds) && (heartbeatSeconds as number) >= 1)) {
    throw new Error(`HeartbeatSecondsPath of state "${spec.name}" must select a positive integer`);
  }
  const timeoutSeconds = spec.timeoutSeconds ?? positiveNumber(timeouts.timeoutSeconds);
  return {
    parameters: effectiveInput[PARAMETERS_KEY],
    timeoutSeconds: timeoutSeconds === undefined || spec.waitsForToken ? timeoutSeconds : Math.min(timeoutSeconds, MAX_TIMER_SECONDS),
    heartbeatSeconds: heartbeatSeconds as number | undefined,
  };
}

/**
 * Retry pauses scaled by `scale` (0 = retry at once). The interpreter takes one fixed pause per
 * retrier, so a scaled run keeps `IntervalSeconds` but loses the exponential backoff.
 */
export function scaledRetryIntervals(
  retryIntervals: ReadonlyMap<string, readonly number[]>,
  scale: number | undefined,
): Record<string, number[]> | undefined {
  if (scale === undefined || scale === 1) return undefined;
  const overrides: Record<string, number[]> = {};
  for (const [stateName, intervals] of retryIntervals) {
    overrides[stateName] = intervals.map((seconds) => Math.max(0, Math.round(seconds * 1000 * scale)));
  }
  return overrides;
}

/**
 * The definition a resumed execution runs: the same states, starting at the one it stood in. A Wait
 * state there waits until its original due time (entered + Seconds), not its full length again, and
 * the execution's own timeout counts from its original start.
 */
export function resumeDefinition(
  runnable: StateMachineDefinition,
  resume: { readonly state: string; readonly input: unknown; readonly enteredAt: number; readonly executionStartDate: number },
): StateMachineDefinition {
  const definition = structuredClone(runnable) as unknown as Json;
  definition.StartAt = resume.state;
  const states = definition.States as Record<string, Json>;
  const state = states[resume.state];
  if (state?.Type === 'Wait') {
    const seconds = typeof state.Seconds === 'number' ? state.Seconds : typeof state.SecondsPath === 'string' ? valueAt(resume.input, state.SecondsPath) : undefined;
    if (typeof seconds === 'number') {
      delete state.Seconds;
      delete state.SecondsPath;
      state.Timestamp = new Date(resume.enteredAt + seconds * 1000).toISOString();
    }
  }
  if (typeof definition.TimeoutSeconds === 'number') {
    const left = Math.ceil((resume.executionStartDate + definition.TimeoutSeconds * 1000 - Date.now()) / 1000);
    definition.TimeoutSeconds = Math.max(1, left);
  }
  return definition as unknown as StateMachineDefinition;
}

/** The top-level state names: the only places an execution resumes at (branches re-run whole). */
export function topLevelStateNames(runnable: StateMachineDefinition): ReadonlySet<string> {
  const states = (runnable as unknown as Json).States;
  return new Set(isObject(states) ? Object.keys(states) : []);
}

/** A reference path (`$.a.b`) into a JSON value; enough for SecondsPath. */
function valueAt(input: unknown, path: string): unknown {
  if (path === '$') return input;
  let value: unknown = input;
  for (const key of path.replace(/^\$\.?/, '').split('.')) {
    if (!isObject(value)) return undefined;
    value = value[key];
  }
  return value;
}
