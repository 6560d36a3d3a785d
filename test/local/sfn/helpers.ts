import {
  LambdaInvocationError,
  type EventBusService,
  type LambdaInvoker,
  type LocalStateMachine,
  type PutEventsEntry,
} from '../../../infra/local/model';

export const REGION = 'us-east-1';
export const ACCOUNT = '000000000000';

export const functionArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
export const stateMachineArn = (name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;

export function stateMachine(name: string, definition: Record<string, unknown>): LocalStateMachine {
  return { logicalId: name.replace(/[^A-Za-z0-9]/g, ''), name, arn: stateMachineArn(name), definition, type: 'STANDARD', logging: { level: 'OFF', includeExecutionData: false } };
}

export type Event = Record<string, unknown>;
type FunctionStub = (event: Event, call: number) => unknown;

export interface StubLambda extends LambdaInvoker {
  readonly calls: { name: string; event: Event }[];
  /** Resolves with the event of the `nth` call (1-based) of a function, once it happened. */
  called(name: string, nth?: number): Promise<Event>;
}

/** Functions by name; a stub may throw `LambdaInvocationError` to fail like a handler. */
export function stubLambda(functions: Record<string, FunctionStub>): StubLambda {
  const calls: { name: string; event: Event }[] = [];
  const waiters: { name: string; nth: number; resolve: (event: Event) => void }[] = [];
  const callsOf = (name: string) => calls.filter((call) => call.name === name);
  return {
    calls,
    async invoke(functionNameOrArn, event) {
      const name = functionNameOrArn.split(':function:').pop()?.split(':')[0] ?? functionNameOrArn;
      const stub = functions[name];
      if (!stub) throw new LambdaInvocationError('ResourceNotFoundException', `Function not found: ${name}`);
      const payload = (event ?? {}) as Event;
      calls.push({ name, event: payload });
      const count = callsOf(name).length;
      for (const waiter of waiters.filter((w) => w.name === name && w.nth === count)) waiter.resolve(payload);
      return stub(payload, count);
    },
    called(name, nth = 1) {
      const existing = callsOf(name)[nth - 1];
      if (existing) return Promise.resolve(existing.event);
      return new Promise((resolve) => waiters.push({ name, nth, resolve }));
    },
  };
}

export interface RecordingBus extends EventBusService {
  readonly entries: PutEventsEntry[];
  /** Parsed details of the Step Functions status-change events, in order. */
  statusChanges(): Event[];
}

export function recordingBus(): RecordingBus {
  const entries: PutEventsEntry[] = [];
  return {
    entries,
    async putEvents(batch) {
      entries.push(...batch);
      return { FailedEntryCount: 0, Entries: batch.map((_, i) => ({ EventId: `event-${entries.length + i}` })) };
    },
    statusChanges: () =>
      entries
        .filter((entry) => entry.Source === 'aws.states' && entry.DetailType === 'Step Functions Execution Status Change')
        .map((entry) => JSON.parse(entry.Detail ?? '{}') as Event),
  };
}

export const fail = (errorType: string, message = errorType) => {
  throw new LambdaInvocationError(errorType, message);
};

/** Minimal single-Task machine around one Task state definition. */
export const singleTask = (task: Record<string, unknown>, next: Record<string, unknown> = {}) => ({
  StartAt: 'Work',
  States: { Work: { Type: 'Task', End: true, ...task }, ...next },
});
