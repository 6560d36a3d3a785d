/**
 * An execution as the local Step Functions keeps it, the state machine it runs, and what AWS says about
 * either: which executions are durable and redrivable, and the status-change event EventBridge receives.
 */
import type { StateMachine } from 'aws-local-stepfunctions';
import type { LocalStateMachine, PutEventsEntry } from '../model';
import type { PreparedDefinition } from './definition';
import type { ExecutionHistory } from './history';
import type { ExecutionStatus } from './journal';
import type { ResumePoint } from './resume';

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
  /** The top-level state it last entered, with its input: where a redrive picks up. */
  position?: ResumePoint;
  redriveCount?: number;
}

/** What RedriveExecution takes, as in AWS (Standard executions only). */
export const REDRIVABLE: readonly ExecutionStatus[] = ['FAILED', 'TIMED_OUT', 'ABORTED'];

export interface LoadedStateMachine {
  readonly model: LocalStateMachine;
  readonly prepared: PreparedDefinition;
  readonly interpreter: StateMachine;
  readonly topLevelStates: ReadonlySet<string>;
  readonly roleArn: string;
  readonly creationDate: number; // epoch ms
}

/**
 * Standard executions are journaled, resumed after a restart and announce their status changes on the bus,
 * as AWS keeps them; Express ones live in memory (at least once: the Standard parent that runs one starts it
 * again when it resumes) and send no status-change events, as in AWS.
 */
export const isDurable = (machine: LoadedStateMachine): boolean => machine.model.type === 'STANDARD';

/** The `Step Functions Execution Status Change` event of `record` as it stands, as AWS puts it on the default bus. */
export function statusChangeEntry(record: ExecutionRecord): PutEventsEntry {
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
  return {
    Source: 'aws.states',
    DetailType: 'Step Functions Execution Status Change',
    Detail: JSON.stringify(detail),
    Resources: [record.executionArn],
    Time: new Date(finished ? (record.stopDate ?? Date.now()) : record.startDate),
  };
}
