import {
  DescribeExecutionCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { isDeepStrictEqual } from 'node:util';

/** Built once per function instance; honours AWS_ENDPOINT_URL (the local cloud's :4566). */
export const sfnClient = new SFNClient({});

export type TaskResponseOutcome = 'ok' | 'token-expired';

/** Errors that mean "nobody is waiting on this token any more": not ours to retry. */
const GONE_TOKEN_ERRORS = new Set(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist']);

const nameOf = (err: unknown): string | undefined => (err instanceof Error ? err.name : undefined);

const parseJson = (text: string | undefined): unknown => {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
};

export const executionArnFor = (stateMachineArn: string, name: string): string =>
  `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

/**
 * Starts `name` once. Starting it again with the same input (a redelivered event) is fine and returns
 * the existing execution; the same name with a different input is a real conflict and throws.
 */
export const startExecution = async (
  stateMachineArn: string,
  name: string,
  input: unknown,
): Promise<{ executionArn: string; alreadyStarted: boolean }> => {
  const inputJson = JSON.stringify(input);
  try {
    const started = await sfnClient.send(new StartExecutionCommand({ stateMachineArn, name, input: inputJson }));
    return { executionArn: started.executionArn ?? executionArnFor(stateMachineArn, name), alreadyStarted: false };
  } catch (err) {
    if (nameOf(err) !== 'ExecutionAlreadyExists') throw err;
    const executionArn = executionArnFor(stateMachineArn, name);
    const existing = await sfnClient.send(new DescribeExecutionCommand({ executionArn }));
    if (!isDeepStrictEqual(parseJson(existing.input), parseJson(inputJson))) throw err;
    return { executionArn, alreadyStarted: true };
  }
};

const respond = async (send: () => Promise<unknown>): Promise<TaskResponseOutcome> => {
  try {
    await send();
    return 'ok';
  } catch (err) {
    if (GONE_TOKEN_ERRORS.has(nameOf(err) ?? '')) return 'token-expired';
    throw err;
  }
};

export const sendTaskSuccess = (taskToken: string, output: unknown): Promise<TaskResponseOutcome> =>
  respond(() => sfnClient.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output ?? {}) })));

export const sendTaskFailure = (taskToken: string, error: string, cause: string): Promise<TaskResponseOutcome> =>
  respond(() => sfnClient.send(new SendTaskFailureCommand({ taskToken, error, cause })));

/** A sign of life for a wait with a heartbeat deadline: its clock starts again from now. */
export const sendTaskHeartbeat = (taskToken: string): Promise<TaskResponseOutcome> =>
  respond(() => sfnClient.send(new SendTaskHeartbeatCommand({ taskToken })));
