/**
 * Runs executions of the template's state machines with `aws-local-stepfunctions`. With a data dir,
 * executions are durable: each one's journal (journal.ts) records its history, the top-level state it
 * stands in, its task-token wait and its end as they happen, and `resume()` picks every RUNNING
 * execution up where it stood after a restart or a crash (at most the last N finished per machine are
 * kept). Resuming happens at state boundaries: a task token wait is re-opened with the same token and
 * its original deadlines; a task that was running when the process died runs again (at-least-once,
 * like a Lambda retry); a Wait state waits until its original due time.
 */
import './polyfills';
import { randomUUID } from 'node:crypto';
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import { AwsServiceError, type EventBusService, type LocalStateMachine } from '../model';
import { assertExecutionName, executionArnOf } from './arns';
import {
  prepareDefinition,
  resumeDefinition,
  scaledRetryIntervals,
  topLevelStateNames,
} from './definition';
import { ExecutionHistory, type InterpreterEvent } from './history';
import { ExecutionJournal, type JournalEntry, type JournaledExecution } from './journal';
import type { TaskServices } from './resources';
import { taskHandler, type TaskContext, type TaskRunControl } from './task-handler';
import { journalingObserver, reopenWait, type ResumePoint } from './resume';
import { TaskTokenRegistry } from './tokens';
import { isDurable, REDRIVABLE, statusChangeEntry, type ExecutionRecord, type LoadedStateMachine, type ServiceLogger } from './execution';

export type { ExecutionStatus } from './journal';
export type { ExecutionRecord, LoadedStateMachine, ServiceLogger } from './execution';

export interface EngineOptions {
  readonly stateMachines: readonly LocalStateMachine[];
  readonly services: TaskServices;
  readonly events?: EventBusService;
  readonly region: string;
  readonly accountId: string;
  readonly logger: ServiceLogger;
  readonly retryIntervalScale?: number;
  readonly maxFinishedExecutionsPerMachine: number;
  /** Where executions are journaled; without it they live in memory only. */
  readonly dataDir?: string;
}

type InterpreterInput = Parameters<StateMachine['run']>[0];

/** Per-run state the interpreter callbacks share (its tasks': task-handler.ts). */
interface RunControl extends TaskRunControl {
  abort(): void;
  abortDetails: { error?: string; cause?: string };
}

export class StepFunctionsEngine {
  readonly tokens: TaskTokenRegistry;
  private readonly journal?: ExecutionJournal;
  private readonly machines = new Map<string, LoadedStateMachine>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly executionsByMachine = new Map<string, ExecutionRecord[]>();
  private readonly finishedByMachine = new Map<string, string[]>();
  private readonly runs = new Map<string, RunControl>();
  private sequence = 0;
  private stopped = false;

  constructor(private readonly options: EngineOptions) {
    for (const model of options.stateMachines) this.machines.set(model.arn, this.load(model));
    if (options.dataDir) this.journal = new ExecutionJournal(options.dataDir);
    const recordFor = (executionArn: string, entry: JournalEntry) => {
      const execution = this.executions.get(executionArn);
      if (execution) this.record(execution, entry);
    };
    this.tokens = new TaskTokenRegistry(this.journal ? journalingObserver(recordFor) : undefined);
  }

  /**
   * Loads the journaled executions and resumes every RUNNING one. Call once the services its tasks
   * call are up. Returns how many were resumed.
   */
  resume(): number {
    if (!this.journal) return 0;
    let resumed = 0;
    for (const machine of this.machines.values()) {
      if (!isDurable(machine)) continue;
      for (const journaled of this.journal.load(machine.model.name)) {
        const record = this.restore(machine, journaled);
        if (record.status !== 'RUNNING') {
          this.forgetOldExecutions(record);
          continue;
        }
        resumed += 1;
        const point: ResumePoint | undefined = journaled.position && { ...journaled.position, wait: journaled.wait };
        this.options.logger.info(`Resuming execution ${record.name} of ${machine.model.name}`, {
          executionArn: record.executionArn,
          at: point?.state ?? '(start)',
          waitingForToken: point?.wait !== undefined && point.wait.outcome === undefined,
        });
        record.finished = this.run(machine, record, JSON.parse(record.inputText) as unknown, point);
      }
    }
    return resumed;
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
      history: new ExecutionHistory(machine.roleArn, [], (event) => this.record(record, { k: 'event', event })),
      status: 'RUNNING',
      finished: Promise.resolve(),
    };
    if (isDurable(machine)) this.journal?.begin(machine.model.name, { executionArn, stateMachineArn, name, inputText, startDate: record.startDate, sequence: record.sequence });
    this.executions.set(executionArn, record);
    listOf(this.executionsByMachine, stateMachineArn).push(record);
    record.finished = this.run(machine, record, input);
    return record;
  }

  /**
   * RedriveExecution: a Standard execution that FAILED, TIMED_OUT or was ABORTED runs again from the top-level
   * state it stood in when it ended, with that state's input, as AWS redrives it (after ops fixed the cause).
   */
  redrive(executionArn: string): ExecutionRecord {
    const record = this.execution(executionArn);
    const machine = this.machine(record.stateMachineArn);
    const position = record.position;
    if (!isDurable(machine) || !REDRIVABLE.includes(record.status) || !position || this.runs.has(executionArn)) {
      throw new AwsServiceError('ExecutionNotRedrivable', `Execution ${executionArn} is ${record.status} and cannot be redriven`);
    }
    Object.assign(record, { status: 'RUNNING', stopDate: undefined, outputText: undefined, error: undefined, cause: undefined });
    record.redriveCount = (record.redriveCount ?? 0) + 1;
    const finished = listOf(this.finishedByMachine, record.stateMachineArn);
    if (finished.includes(executionArn)) finished.splice(finished.indexOf(executionArn), 1);
    this.record(record, { k: 'redriven', at: Date.now() });
    record.history.append('ExecutionRedriven', { executionRedrivenEventDetails: { redriveCount: record.redriveCount } });
    record.finished = this.run(machine, record, position.input, { state: position.state, input: position.input, enteredAt: position.enteredAt });
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

  /**
   * Stops the service: every run and timer ends silently (no status events). Journaled executions stay
   * RUNNING on disk, for `resume()` after the next start; without a journal they are lost (ABORTED).
   */
  stop(): void {
    this.stopped = true;
    for (const [executionArn, control] of this.runs) {
      const record = this.executions.get(executionArn);
      const durable = record !== undefined && isDurable(this.machine(record.stateMachineArn));
      if (record?.status === 'RUNNING' && !(this.journal && durable)) {
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
    return { model, prepared, interpreter, roleArn, creationDate: Date.now(), topLevelStates: topLevelStateNames(prepared.runnable) };
  }

  /** An execution record rebuilt from its journal. */
  private restore(machine: LoadedStateMachine, journaled: JournaledExecution): ExecutionRecord {
    const record: ExecutionRecord = {
      ...journaled.start,
      history: new ExecutionHistory(machine.roleArn, journaled.events, (event) => this.record(record, { k: 'event', event })),
      status: journaled.end?.status ?? 'RUNNING',
      stopDate: journaled.end?.stopDate,
      outputText: journaled.end?.outputText,
      error: journaled.end?.error,
      cause: journaled.end?.cause,
      finished: Promise.resolve(),
      position: journaled.position,
      redriveCount: journaled.events.filter((event) => event.type === 'ExecutionRedriven').length || undefined,
    };
    this.sequence = Math.max(this.sequence, record.sequence);
    this.executions.set(record.executionArn, record);
    listOf(this.executionsByMachine, record.stateMachineArn).push(record);
    return record;
  }

  /** Appends to the execution's journal, unless the service is stopping (its runs are cut, not ended). */
  private record(record: Pick<ExecutionRecord, 'stateMachineArn' | 'name'>, entry: JournalEntry): void {
    if (!this.journal || this.stopped) return;
    const machine = this.machines.get(record.stateMachineArn);
    if (machine && isDurable(machine)) this.journal.append(machine.model.name, record.name, entry);
  }

  private async run(machine: LoadedStateMachine, record: ExecutionRecord, input: unknown, resume?: ResumePoint): Promise<void> {
    const control: RunControl = { abort: () => undefined, abortDetails: {} };
    // Only the state it stands in can take a wait back (a wait of an earlier state was settled).
    const waitingTask = resume?.wait && resume.wait.state === resume.state ? machine.prepared.tasks.get(resume.state) : undefined;
    if (resume?.wait && waitingTask) {
      control.resumedWait = reopenWait(this.tokens, waitingTask, record.executionArn, this.options.region, resume.wait);
      record.history.resumeWaitingTask(control.resumedWait.call);
    }
    const tokens = this.tokens;
    const context = {
      Execution: { Id: record.executionArn, Name: record.name, RoleArn: machine.roleArn },
      StateMachine: { Id: machine.model.arn, Name: machine.model.name },
      // The interpreter copies the context shallowly per (sub-)run, so the getter lives one level down.
      Task: {
        get Token() {
          return (control.pendingToken ??= control.resumedWait?.token ?? tokens.mint());
        },
      },
    };
    const taskResourceLocalHandlers = Object.fromEntries(
      [...machine.prepared.tasks.values()].map((spec) => [spec.name, taskHandler(this.taskContext(record), control, spec)]),
    );
    const retryIntervalOverrides = scaledRetryIntervals(machine.prepared.retryIntervals, this.options.retryIntervalScale);
    // Before the first state runs, so RUNNING reaches the bus ahead of anything the tasks put there
    // (a resumed execution announced it in its first life).
    let statusEvents = resume || record.history.events.length > 0 || !isDurable(machine) ? Promise.resolve() : this.emitStatusChange(record);
    const interpreter = resume
      ? new StateMachine(resumeDefinition(machine.prepared.runnable, { ...resume, executionStartDate: record.startDate }), {
          validationOptions: { noValidate: true },
        })
      : machine.interpreter;
    const execution = interpreter.run((resume ? resume.input : input) as InterpreterInput, {
      overrides: { taskResourceLocalHandlers, retryIntervalOverrides },
      context,
    });
    control.abort = execution.abort;
    this.runs.set(record.executionArn, control);

    const historyComplete = (async () => {
      for await (const event of execution.eventLogs) {
        const logged = event as InterpreterEvent;
        if (logged.type === 'StateEntered' && logged.state && machine.topLevelStates.has(logged.state.name)) {
          const at = { state: logged.state.name, input: logged.state.input ?? null, enteredAt: logged.timestamp };
          this.record(record, { k: 'at', ...at });
          if (!record.position || at.enteredAt >= record.position.enteredAt) record.position = at;
        }
        record.history.consume(logged, control.abortDetails);
      }
    })().catch((error: unknown) => this.options.logger.error('Could not record execution history', { error: String(error) }));

    const outcome = await execution.result.then(
      (output): Outcome => ({ status: 'SUCCEEDED', outputText: JSON.stringify(output ?? null) }),
      (error: unknown) => outcomeOfError(error),
    );
    await historyComplete;
    this.runs.delete(record.executionArn);
    this.tokens.closeExecution(record.executionArn);
    if (this.stopped) return; // cut by the service stopping: journaled as RUNNING, resumed next start
    if (record.status === 'RUNNING') {
      Object.assign(record, outcome, { stopDate: Date.now() });
    }
    if (record.status !== 'RUNNING') {
      const { status, stopDate = Date.now(), outputText, error, cause } = record;
      this.record(record, { k: 'end', status, stopDate, outputText, error, cause });
    }
    this.options.logger.info(`Execution ${record.name} of ${machine.model.name}: ${record.status}`, {
      executionArn: record.executionArn,
      status: record.status,
      error: record.error,
    });
    if (isDurable(machine)) statusEvents = statusEvents.then(() => this.emitStatusChange(record));
    await statusEvents;
    this.forgetOldExecutions(record);
  }

  /** What a task state of `record` calls through: the services, the token registry, and the execution's journal. */
  private taskContext(record: ExecutionRecord): TaskContext {
    return {
      services: this.options.services,
      region: this.options.region,
      tokens: this.tokens,
      executionArn: record.executionArn,
      history: record.history,
      journal: (entry) => this.record(record, entry),
    };
  }

  /** Sends `Step Functions Execution Status Change` to the default bus, as AWS does. */
  private async emitStatusChange(record: ExecutionRecord): Promise<void> {
    if (!this.options.events) return;
    try {
      await this.options.events.putEvents([statusChangeEntry(record)]);
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
    for (const executionArn of forgotten) {
      const execution = this.executions.get(executionArn);
      const machine = this.machines.get(record.stateMachineArn);
      if (execution && machine) this.journal?.forget(machine.model.name, execution.name);
      this.executions.delete(executionArn);
    }
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
