/**
 * The Step Functions JSON protocol (`X-Amz-Target: AWSStepFunctions.<Action>`), with the request and
 * response shapes the AWS SDK v3 and the AWS CLI use. Dates are epoch seconds.
 */
import { AwsServiceError, type AwsJsonService } from '../model';
import { assertExecutionArn, assertStateMachineArn, requireString } from './arns';
import type { ExecutionRecord, StepFunctionsEngine } from './engine';

type Input = Record<string, unknown>;

const STATUSES = new Set(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']);
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

const seconds = (epochMs: number): number => epochMs / 1000;

/** The fields ListExecutions gives per execution; DescribeExecution gives these and more. */
const executionListItem = (execution: ExecutionRecord) =>
  withoutUndefined({
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: seconds(execution.startDate),
    stopDate: execution.stopDate === undefined ? undefined : seconds(execution.stopDate),
  });

/** DescribeExecution's response for one execution. */
export function describeExecution(execution: ExecutionRecord) {
  return withoutUndefined({
    ...executionListItem(execution),
    input: execution.inputText,
    inputDetails: { included: true },
    output: execution.outputText,
    outputDetails: execution.outputText === undefined ? undefined : { included: true },
    error: execution.error,
    cause: execution.cause,
  });
}

export type ExecutionDescription = ReturnType<typeof describeExecution>;

export function createStepFunctionsApi(engine: StepFunctionsEngine): AwsJsonService {
  const actions: Record<string, (input: Input) => unknown> = {
    StartExecution: (input) => {
      const stateMachineArn = assertStateMachineArn(input.stateMachineArn);
      const inputText = input.input === undefined ? '{}' : requireString(input.input, 'input');
      const name = input.name === undefined ? undefined : requireString(input.name, 'name');
      const execution = engine.start(stateMachineArn, inputText, name);
      return { executionArn: execution.executionArn, startDate: seconds(execution.startDate) };
    },
    DescribeExecution: (input) => describeExecution(engine.execution(assertExecutionArn(input.executionArn))),
    RedriveExecution: (input) => {
      engine.redrive(assertExecutionArn(input.executionArn));
      return { redriveDate: seconds(Date.now()) };
    },
    StopExecution: (input) => {
      const executionArn = assertExecutionArn(input.executionArn);
      const error = optionalString(input.error, 'error');
      const cause = optionalString(input.cause, 'cause');
      const execution = engine.stopExecution(executionArn, error, cause);
      return { stopDate: seconds(execution.stopDate ?? Date.now()) };
    },
    ListExecutions: (input) => {
      const stateMachineArn = assertStateMachineArn(input.stateMachineArn);
      engine.machine(stateMachineArn);
      const statusFilter = optionalString(input.statusFilter, 'statusFilter');
      if (statusFilter !== undefined && !STATUSES.has(statusFilter)) {
        throw validation(`Value '${statusFilter}' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [${[...STATUSES].join(', ')}]`);
      }
      const pageSize = pageSizeOf(input.maxResults);
      const after = decodeCursor(input.nextToken, 'sequence');
      const newestFirst = [...engine.executionsOf(stateMachineArn)].reverse();
      const matching = newestFirst.filter(
        (execution) => (statusFilter === undefined || execution.status === statusFilter) && (after === undefined || execution.sequence < after),
      );
      const page = matching.slice(0, pageSize);
      const last = page.at(-1);
      return withoutUndefined({
        executions: page.map(executionListItem),
        nextToken: matching.length > pageSize && last ? encodeCursor({ sequence: last.sequence }) : undefined,
      });
    },
    GetExecutionHistory: (input) => {
      const execution = engine.execution(assertExecutionArn(input.executionArn));
      const pageSize = pageSizeOf(input.maxResults);
      const offset = decodeCursor(input.nextToken, 'offset') ?? 0;
      const includeData = input.includeExecutionData !== false;
      const ordered = input.reverseOrder === true ? [...execution.history.events].reverse() : execution.history.events;
      const page = ordered.slice(offset, offset + pageSize).map((event) => (includeData ? event : withoutData(event)));
      return withoutUndefined({
        events: page,
        nextToken: offset + pageSize < ordered.length ? encodeCursor({ offset: offset + pageSize }) : undefined,
      });
    },
    SendTaskSuccess: (input) => {
      engine.tokens.succeed(requireString(input.taskToken, 'taskToken'), requireString(input.output, 'output'));
      return {};
    },
    SendTaskFailure: (input) => {
      const token = requireString(input.taskToken, 'taskToken');
      engine.tokens.fail(token, optionalString(input.error, 'error'), optionalString(input.cause, 'cause'));
      return {};
    },
    SendTaskHeartbeat: (input) => {
      engine.tokens.heartbeat(requireString(input.taskToken, 'taskToken'));
      return {};
    },
    ListStateMachines: (input) => {
      const pageSize = pageSizeOf(input.maxResults);
      const offset = decodeCursor(input.nextToken, 'offset') ?? 0;
      const machines = engine.stateMachines;
      return withoutUndefined({
        stateMachines: machines.slice(offset, offset + pageSize).map((machine) => ({
          stateMachineArn: machine.model.arn,
          name: machine.model.name,
          type: machine.model.type,
          creationDate: seconds(machine.creationDate),
        })),
        nextToken: offset + pageSize < machines.length ? encodeCursor({ offset: offset + pageSize }) : undefined,
      });
    },
    DescribeStateMachineForExecution: (input) => {
      const execution = engine.execution(assertExecutionArn(input.executionArn));
      const machine = engine.machine(execution.stateMachineArn);
      return {
        stateMachineArn: machine.model.arn,
        name: machine.model.name,
        definition: JSON.stringify(machine.model.definition),
        roleArn: machine.roleArn,
        updateDate: seconds(machine.creationDate),
        loggingConfiguration: { level: 'OFF', includeExecutionData: false },
        tracingConfiguration: { enabled: false },
      };
    },
    DescribeStateMachine: (input) => {
      const machine = engine.machine(assertStateMachineArn(input.stateMachineArn));
      return {
        stateMachineArn: machine.model.arn,
        name: machine.model.name,
        status: 'ACTIVE',
        definition: JSON.stringify(machine.model.definition),
        roleArn: machine.roleArn,
        type: machine.model.type,
        creationDate: seconds(machine.creationDate),
        loggingConfiguration: { level: 'OFF', includeExecutionData: false },
        tracingConfiguration: { enabled: false },
      };
    },
  };

  return {
    targetPrefix: 'AWSStepFunctions',
    async handle(action, input, request) {
      const run = actions[action];
      if (!run) throw new AwsServiceError('UnknownOperationException', `Operation ${action} is not supported by the local Step Functions`);
      if (request && !request.ownRegion) return answerAsEmptyRegion(action, input ?? {});
      return run(input ?? {});
    },
  };
}

/** Another region has none of our machines, executions or tasks: empty lists, else that region's not-found error. */
function answerAsEmptyRegion(action: string, input: Input): unknown {
  if (action === 'ListStateMachines') return { stateMachines: [] };
  if (action === 'SendTaskSuccess' || action === 'SendTaskFailure' || action === 'SendTaskHeartbeat') {
    throw new AwsServiceError('InvalidToken', 'Invalid Token: the task token is not valid in this region');
  }
  if (typeof input.executionArn === 'string') {
    const arn = assertExecutionArn(input.executionArn);
    throw new AwsServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
  }
  const arn = assertStateMachineArn(input.stateMachineArn);
  throw new AwsServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
}

function optionalString(value: unknown, field: string): string | undefined {
  return value === undefined || value === null ? undefined : requireString(value, field);
}

function pageSizeOf(maxResults: unknown): number {
  if (maxResults === undefined || maxResults === null || maxResults === 0) return DEFAULT_PAGE_SIZE;
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 0 || maxResults > MAX_PAGE_SIZE) {
    throw validation(`Value '${String(maxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value between 0 and ${MAX_PAGE_SIZE}`);
  }
  return maxResults;
}

function encodeCursor(cursor: Record<string, number>): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(token: unknown, key: string): number | undefined {
  if (token === undefined || token === null) return undefined;
  try {
    const value = (JSON.parse(Buffer.from(requireString(token, 'nextToken'), 'base64url').toString()) as Record<string, unknown>)[key];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  } catch {
    // fall through to the AWS error
  }
  throw new AwsServiceError('InvalidToken', 'Invalid Token: the pagination token is not valid');
}

/** `includeExecutionData: false` drops inputs, outputs and parameters from the event details (history pages, and what logging without data sends). */
export function withoutData(event: Record<string, unknown>): Record<string, unknown> {
  const dataFields = new Set(['input', 'output', 'parameters']);
  return Object.fromEntries(
    Object.entries(event).map(([key, value]) =>
      key.endsWith('EventDetails') && typeof value === 'object' && value !== null
        ? [key, Object.fromEntries(Object.entries(value).filter(([field]) => !dataFields.has(field)))]
        : [key, value],
    ),
  );
}

const validation = (message: string) => new AwsServiceError('ValidationException', `1 validation error detected: ${message}`);

function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
