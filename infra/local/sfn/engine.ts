/**
 * Runs executions of the template's state machines with `aws-local-stepfunctions` and keeps them
 * in memory (a restart forgets them; at most the last N finished per machine are kept).
 */
import './polyfills';
import { randomUUID } from 'node:crypto';
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError, StateMachine, type RunOptions } from 'aws-local-stepfunctions';
import { AwsServiceError, type EventBusService, type LocalStateMachine } from '../model';
import { assertExecutionName, executionArnOf } from './arns';
import { prepareDefinition, scaledRetryIntervals, unwrapTaskInput, type PreparedDefinition, type TaskStateSpec } from './definition';
import { ExecutionHistory, type InterpreterEvent, type TaskCall } from './history';
import { invokeResource, parseResource, type TaskServices } from './resources';
import { TaskTokenRegistry } from './tokens';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ServiceLogger {
  info(message: string, data?: object): void;
  warn(message: string, data?: object): void;
  error(message: string, data?: object): void;
}

export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly inputText: string;
  readonly startDate: number; // epoch ms
  /** Start order, used for newest-first listing and page cursors. */
  readonly sequence: number;
  readonly history: ExecutionHistory;
  status: ExecutionStatus;
  stopDate?: number;
  outputText?: string;
  error?: string;
  cause?: string;
  /** Settles once the execution left RUNNING, its history is complete and its status events are out. */
  finished: Promise<void>;
}

export interface LoadedStateMachine {
  readonly model: LocalStateMachine;
  readonly prepared: PreparedDefinition;
  readonly interpreter: StateMachine;
  readonly roleArn: string;
  readonly creationDate: number; // epoch ms
}

export interface EngineOptions {
  readonly stateMachines: readonly LocalStateMachine[];
  readonly services: TaskServices;
  readonly events?: EventBusService;
  readonly region: string;
  readonly accountId: string;
  readonly logger: ServiceLogger;
  readonly retryIntervalScale?: number;
  readonly maxFinishedExecutionsPerMachine: number;
}

type TaskHandler = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>[string];
type InterpreterInput = Parameters<StateMachine['run']>[0];

/** Per-run state the interpreter callbacks share. */
interface RunControl {
  abort(): void;
  /** Minted when `$$.Task.Token` is read; taken by the Task override called right after. */
  pendingToken?: string;
  abortDetails: { error?: string; cause?: string };
}

export class StepFunctionsEngine {
  readonly tokens = new TaskTokenRegistry();
  private readonly machines = new Map<string, LoadedStateMachine>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly executionsByMachine = new Map<string, ExecutionRecord[]>();
  private readonly finishedByMachine = new Map<string, string[]>();
  private readonly runs = new Map<string, RunControl>();
  private sequence = 0;
  private stopped = false;

  constructor(private readonly options: EngineOptions) {
    for (const model of options.stateMachines) this.machines.set(model.arn, this.load(model));
  }

  get stateMachines(): readonly LoadedStateMachine[] {
    return [...this.machines.values()];
  }

  machine(stateMachineArn: string): LoadedStateMachine {
    const machine = this.machines.get(stateMachineArn);
    if (!machine) throw new AwsServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    return machine;
  }

  execution(executionArn: string): ExecutionRecord {
    const execution = this.executions.get(executionArn);
    if (!execution) throw new AwsServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  }

  /** Oldest first. */
  executionsOf(stateMachineArn: string): readonly ExecutionRecord[] {
    return this.executionsByMachine.get(stateMachineArn) ?? [];
  }

  start(stateMachineArn: string, inputText: string, requestedName?: string): ExecutionRecord {
    if (this.stopped) throw new AwsServiceError('ServiceUnavailable', 'The local Step Functions service is stopped', 503);
    const machine = this.machine(stateMachineArn);
    const name = assertExecutionName(requestedName ?? randomUUID());
    const input = parseInput(inputText);
    const executionArn = executionArnOf(stateMachineArn, name);

    const existing = this.executions.get(executionArn);
    if (existing) {
      // As in AWS: only a running execution with the same input makes the call idempotent.
      if (existing.status === 'RUNNING' && sameJson(existing.inputText, inputText)) return existing;
      throw new AwsServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }

    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn,
      name,
      inputText,
      startDate: Date.now(),
      sequence: ++this.sequence,
      history: new ExecutionHistory(machine.roleArn),
      status: 'RUNNING',
      finished: Promise.resolve(),
    };
    this.executions.set(executionArn, record);
    listOf(this.executionsByMachine, stateMachineArn).push(record);
    record.finished = this.run(machine, record, input);
    return record;
  }

  stopExecution(executionArn: string, error?: string, cause?: string): ExecutionRecord {
    const record = this.execution(executionArn);
    const control = this.runs.get(executionArn);
    if (record.status !== 'RUNNING' || !control) return record;
    record.status = 'ABORTED';
    record.stopDate = Date.now();
    record.error = error;
    record.cause = cause;
    control.abortDetails = { error, cause };
    control.abort();
    this.tokens.closeExecution(executionArn);
    return record;
  }

  /** Aborts every running execution silently (no status events) and clears all timers. */
  stop(): void {
    this.stopped = true;
    for (const [executionArn, control] of this.runs) {
      const record = this.executions.get(executionArn);
      if (record?.status === 'RUNNING') {
        record.status = 'ABORTED';
        record.stopDate = Date.now();
      }
      control.abort();
    }
    this.tokens.stop();
  }

  private load(model: LocalStateMachine): LoadedStateMachine {
    const prepared = prepareDefinition(model.definition);
    let interpreter: StateMachine;
    try {
      interpreter = new StateMachine(prepared.runnable, { validationOptions: { checkArn: false } });
    } catch (error) {
      // The interpreter's validator lags behind AWS (new fields); run the definition anyway.
      this.options.logger.warn(`State machine ${model.name}: definition did not validate, running it unvalidated`, {
        reason: error instanceof Error ? error.message : String(error),
      });
      interpreter = new StateMachine(prepared.runnable, { validationOptions: { noValidate: true } });
    }
    const roleArn = `arn:aws:iam::${this.options.accountId}:role/${model.name}-role`;
    return { model, prepared, interpreter, roleArn, creationDate: Date.now() };
  }

  private async run(machine: LoadedStateMachine, record: ExecutionRecord, input: unknown): Promise<void> {
    const control: RunControl = { abort: () => undefined, abortDetails: {} };
    const tokens = this.tokens;
    const context = {
      Execution: { Id: record.executionArn, Name: record.name, RoleArn: machine.roleArn },
      StateMachine: { Id: machine.model.arn, Name: machine.model.name },
      // The interpreter copies the context shallowly per (sub-)run, so the getter lives one level down.
      Task: {
        get Token() {
          return (control.pendingToken ??= tokens.mint());
        },
      },
    };
    const taskResourceLocalHandlers = Object.fromEntries(
      [...machine.prepared.tasks.values()].map((spec) => [spec.name, this.taskHandler(record, control, spec)]),
    );
    const retryIntervalOverrides = scaledRetryIntervals(machine.prepared.retryIntervals, this.options.retryIntervalScale);
    // Before the first state runs, so RUNNING reaches the bus ahead of anything the tasks put there.
    let statusEvents = this.emitStatusChange(record);
    const execution = machine.interpreter.run(input as InterpreterInput, {
      overrides: { taskResourceLocalHandlers, retryIntervalOverrides },
      context,
    });
    control.abort = execution.abort;
    this.runs.set(record.executionArn, control);

    const historyComplete = (async () => {
      for await (const event of execution.eventLogs) {
        record.history.consume(event as InterpreterEvent, control.abortDetails);
      }
    })().catch((error: unknown) => this.options.logger.error('Could not record execution history', { error: String(error) }));

    const outcome = await execution.result.then(
      (output): Outcome => ({ status: 'SUCCEEDED', outputText: JSON.stringify(output ?? null) }),
      (error: unknown) => outcomeOfError(error),
    );
    await historyComplete;
    this.runs.delete(record.executionArn);
    this.tokens.closeExecution(record.executionArn);
    if (record.status === 'RUNNING') {
      Object.assign(record, outcome, { stopDate: Date.now() });
    }
    this.options.logger.info(`Execution ${record.name} of ${machine.model.name}: ${record.status}`, {
      executionArn: record.executionArn,
      status: record.status,
      error: record.error,
    });
    if (!this.stopped) {
      statusEvents = statusEvents.then(() => this.emitStatusChange(record));
      await statusEvents;
    }
    this.forgetOldExecutions(record);
  }

  private taskHandler(record: ExecutionRecord, control: RunControl, spec: TaskStateSpec): TaskHandler {
    const resource = parseResource(spec.resource);
    const { services, region } = this.options;
    return async (effectiveInput) => {
      // Synchronous with the Parameters evaluation that may have minted it: this call's token.
      const mintedToken = control.pendingToken;
      control.pendingToken = undefined;
      const { parameters, timeoutSeconds, heartbeatSeconds } = unwrapTaskInput(spec, effectiveInput);
      const call: TaskCall = { stateName: spec.name, resource, parameters, region, timeoutSeconds, heartbeatSeconds };
      record.history.recordTaskCall(call);
      if (!resource.waitForTaskToken) {
        call.output = await invokeResource(resource, parameters, services);
        return call.output as Awaited<ReturnType<TaskHandler>>;
      }
      const token = mintedToken ?? this.tokens.mint();
      const callback = this.tokens.wait(token, { executionArn: record.executionArn, timeoutSeconds, heartbeatSeconds });
      callback.catch(() => undefined); // awaited below; the invocation may fail first
      try {
        await invokeResource(resource, parameters, services);
      } catch (error) {
        this.tokens.close(token);
        throw error;
      }
      call.output = await callback;
      return call.output as Awaited<ReturnType<TaskHandler>>;
    };
  }

  /** Sends `Step Functions Execution Status Change` to the default bus, as AWS does. */
  private async emitStatusChange(record: ExecutionRecord): Promise<void> {
    if (!this.options.events) return;
    const finished = record.status !== 'RUNNING';
    const detail = {
      executionArn: record.executionArn,
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: record.startDate,
      stopDate: record.stopDate ?? null,
      input: record.inputText,
      output: record.outputText ?? null,
      inputDetails: { included: true },
      outputDetails: record.outputText === undefined ? null : { included: true },
      error: record.error ?? null,
      cause: record.cause ?? null,
    };
    try {
      await this.options.events.putEvents([
        {
          Source: 'aws.states',
          DetailType: 'Step Functions Execution Status Change',
          Detail: JSON.stringify(detail),
          Resources: [record.executionArn],
          Time: new Date(finished ? (record.stopDate ?? Date.now()) : record.startDate),
        },
      ]);
    } catch (error) {
      this.options.logger.warn('Could not put the execution status change on the bus', {
        executionArn: record.executionArn,
        error: String(error),
      });
    }
  }

  private forgetOldExecutions(record: ExecutionRecord): void {
    const finished = listOf(this.finishedByMachine, record.stateMachineArn);
    finished.push(record.executionArn);
    const excess = finished.length - this.options.maxFinishedExecutionsPerMachine;
    if (excess <= 0) return;
    const forgotten = new Set(finished.splice(0, excess));
    for (const executionArn of forgotten) this.executions.delete(executionArn);
    const all = listOf(this.executionsByMachine, record.stateMachineArn);
    this.executionsByMachine.set(
      record.stateMachineArn,
      all.filter((execution) => !forgotten.has(execution.executionArn)),
    );
  }
}

type Outcome = Pick<ExecutionRecord, 'status' | 'outputText' | 'error' | 'cause'>;

function outcomeOfError(error: unknown): Outcome {
  if (error instanceof ExecutionAbortedError) return { status: 'ABORTED' };
  if (error instanceof ExecutionTimeoutError) return { status: 'TIMED_OUT' };
  const failure = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
  if (failure instanceof Error) return { status: 'FAILED', error: failure.name, cause: failure.message };
  return { status: 'FAILED', error: 'States.Runtime', cause: String(failure) };
}

function parseInput(inputText: string): unknown {
  try {
    return JSON.parse(inputText);
  } catch {
    throw new AwsServiceError('InvalidExecutionInput', 'Invalid State Machine Execution Input: input must be valid JSON');
  }
}

function sameJson(left: string, right: string): boolean {
  return JSON.stringify(JSON.parse(left)) === JSON.stringify(JSON.parse(right));
}

function listOf<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (!list) {
    list = [];
    map.set(key, list);
  }
  return list;
}
