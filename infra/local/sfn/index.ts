/**
 * The local Step Functions: runs the template's state machines (ASL) with `aws-local-stepfunctions`.
 * Task states call local Lambda handlers, the local bus, other state machines (`startExecution.sync:2`:
 * nested.ts) and injected SDK integrations;
 * `.waitForTaskToken` tasks wait for SendTaskSuccess/SendTaskFailure. With a data dir, executions are
 * journaled and resumed after a restart (see engine.ts); without one they live in memory.
 */
import './polyfills';
import { AwsServiceError, type AwsJsonService, type EventBusService, type LambdaInvoker, type LocalStateMachine } from '../model';
import { createStepFunctionsApi, describeExecution, type ExecutionDescription } from './api';
import { StepFunctionsEngine, type ServiceLogger } from './engine';
import type { SdkIntegration } from './resources';
import { START_EXECUTION_SYNC, startExecutionSync } from './nested';

export type { ExecutionDescription } from './api';
export type { ExecutionStatus, ServiceLogger } from './engine';
export type { SdkIntegration } from './resources';

export interface LocalStepFunctionsOptions {
  readonly stateMachines: readonly LocalStateMachine[];
  readonly lambda: LambdaInvoker;
  /** Target of `events:putEvents` tasks and of the execution status-change events. */
  readonly events?: EventBusService;
  /** Handlers for other integrations, by Resource, e.g. `arn:aws:states:::sns:publish`. */
  readonly sdk?: Readonly<Record<string, SdkIntegration>>;
  readonly region: string;
  readonly accountId: string;
  readonly logger?: ServiceLogger;
  /** Multiplies Retry pauses; 0 retries at once (tests). Default: the definition's real backoff. */
  readonly retryIntervalScale?: number;
  /** @default 1000 */
  readonly maxFinishedExecutionsPerMachine?: number;
  /** Journal executions under `<dataDir>/stepfunctions` so they survive restarts. @default in memory */
  readonly dataDir?: string;
}

export interface LocalStepFunctions {
  /** The `AWSStepFunctions` JSON protocol for the :4566 endpoint. */
  readonly service: AwsJsonService;
  /** StartExecution with a JSON value as input; rejects with `AwsServiceError` like the API. */
  startExecution(stateMachineArn: string, input: unknown, name?: string): Promise<{ executionArn: string; startDate: number }>;
  /** Resolves once the execution left RUNNING (history complete, status events sent). */
  waitForExecution(executionArn: string): Promise<ExecutionDescription>;
  /** Resumes every journaled RUNNING execution (call once the rest of the cloud is up); how many. */
  resume(): number;
  /**
   * Local only: brings the next deadline of the execution's open task-token wait forward (by `seconds`,
   * or to now) so a reminder or an expiry days away can be seen at once. `execution` is an execution
   * ARN, a running execution's name, or the id it was started for (`{ "orderId": … }`). Undefined
   * when it waits for no deadline.
   */
  advanceTimer(
    execution: string,
    seconds?: number,
  ): { executionArn: string; state: string; timeoutDue?: number; heartbeatDue?: number } | undefined;
  /** Stops every run and timer; journaled executions stay RUNNING for the next start. */
  stop(): void;
}

const consoleLogger: ServiceLogger = {
  info: () => undefined,
  warn: (message, data) => console.warn(`[stepfunctions] ${message}`, data ?? ''),
  error: (message, data) => console.error(`[stepfunctions] ${message}`, data ?? ''),
};

export function createLocalStepFunctions(options: LocalStepFunctionsOptions): LocalStepFunctions {
  const sdk = { [START_EXECUTION_SYNC]: startExecutionSync(() => engine), ...options.sdk };
  const engine: StepFunctionsEngine = new StepFunctionsEngine({
    stateMachines: options.stateMachines,
    services: { lambda: options.lambda, events: options.events, sdk },
    events: options.events,
    region: options.region,
    accountId: options.accountId,
    logger: options.logger ?? consoleLogger,
    retryIntervalScale: options.retryIntervalScale,
    maxFinishedExecutionsPerMachine: options.maxFinishedExecutionsPerMachine ?? 1000,
    dataDir: options.dataDir,
  });
  return {
    service: createStepFunctionsApi(engine),
    async startExecution(stateMachineArn, input, name) {
      const execution = engine.start(stateMachineArn, JSON.stringify(input ?? {}), name);
      return { executionArn: execution.executionArn, startDate: execution.startDate / 1000 };
    },
    async waitForExecution(executionArn) {
      const execution = engine.execution(executionArn);
      await execution.finished;
      return describeExecution(execution);
    },
    resume: () => engine.resume(),
    advanceTimer: (execution, seconds) => {
      const executionArn = execution.startsWith('arn:') ? engine.execution(execution).executionArn : runningExecutionNamed(engine, execution);
      const moved = engine.tokens.advance(executionArn, seconds);
      return moved && { executionArn, ...moved };
    },
    stop: () => engine.stop(),
  };
}

/**
 * The running execution with that name, or with that id in its input (the application, product or
 * order id the workflows are started with), whichever machine runs it.
 */
function runningExecutionNamed(engine: StepFunctionsEngine, nameOrId: string): string {
  const carries = (inputText: string) => {
    const input = JSON.parse(inputText) as unknown;
    return typeof input === 'object' && input !== null && Object.values(input).includes(nameOrId);
  };
  const matches = engine.stateMachines.flatMap((machine) =>
    engine
      .executionsOf(machine.model.arn)
      .filter((execution) => execution.status === 'RUNNING' && (execution.name === nameOrId || carries(execution.inputText))),
  );
  if (matches.length === 1) return matches[0]!.executionArn;
  throw new AwsServiceError(
    'ExecutionDoesNotExist',
    matches.length === 0 ? `No running execution is named '${nameOrId}' or started for it` : `${matches.length} running executions match '${nameOrId}': give the execution ARN`,
  );
}
