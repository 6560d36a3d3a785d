/**
 * The two kinds of Lambda step every workflow here is made of, built the same way everywhere: a task
 * answered by the function's return value, and a task that parks the execution on a task token. Both
 * pass the execution's reference fields (ids, correlationId) and retry Lambda's transient errors.
 */
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

/** Lambda's own transient failures: worth a retry, unlike our DomainErrors. */
export const TRANSIENT_LAMBDA_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

export const withTransientRetry = <T extends sfn.TaskStateBase>(task: T): T => {
  task.addRetry({ errors: TRANSIENT_LAMBDA_ERRORS, interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 3 });
  return task;
};

/**
 * A compensation must not give up on a throttle or a timeout: every error is retried with jittered
 * exponential backoff for about two minutes (2 s, 4 s, 8 s, 16 s, then 30 s apart) before its Catch
 * parks the order for the sweeper. Its task is idempotent, so a retry after an ambiguous failure is safe.
 */
export const withCompensationRetry = <T extends sfn.TaskStateBase>(task: T): T => {
  task.addRetry({
    errors: [sfn.Errors.ALL],
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 7,
    maxDelay: Duration.seconds(30),
    jitterStrategy: sfn.JitterType.FULL,
  });
  return task;
};

/** JSONPaths to the seconds a task-token wait may last. */
export interface TokenDeadline {
  readonly timeoutSecondsPath?: string;
  readonly heartbeatSecondsPath?: string;
  /** A fixed heartbeat deadline (from the stack's settings) instead of one read from the state. */
  readonly heartbeat?: Duration;
}

export function lambdaSteps<Task extends string>(
  states: Construct,
  fns: Record<Task, lambda.IFunction>,
  /** Fields every task receives, e.g. `{ productId: JsonPath.stringAt('$.productId') }`. */
  reference: Record<string, unknown>,
) {
  /** The function's return value (`payloadResponseOnly`), stored at `resultPath`; retries are the caller's. */
  const invoke = (name: string, task: Task, resultPath: string, extra: Record<string, unknown>) =>
    new tasks.LambdaInvoke(states, name, {
      lambdaFunction: fns[task],
      payload: sfn.TaskInput.fromObject({ ...reference, ...extra }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      resultPath,
    });
  return {
    /** A task answered by the function's return value (`payloadResponseOnly`), stored at `resultPath`. */
    step: (name: string, task: Task, resultPath: string, extra: Record<string, unknown> = {}) =>
      withTransientRetry(invoke(name, task, resultPath, extra)),

    /** A compensation step: like `step`, but it retries every error for minutes (withCompensationRetry). */
    compensation: (name: string, task: Task, resultPath: string, extra: Record<string, unknown> = {}) =>
      withCompensationRetry(invoke(name, task, resultPath, extra)),

    /**
     * Parks the execution until someone answers the task token, or its deadline passes: `timeoutSecondsPath`
     * for the whole wait, `heartbeatSecondsPath` for a sign of life from the other side (either or both).
     */
    awaitTaskToken: (name: string, task: Task, deadline: TokenDeadline, resultPath: string, extra: Record<string, unknown> = {}) =>
      withTransientRetry(
        new tasks.LambdaInvoke(states, name, {
          lambdaFunction: fns[task],
          integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
          payload: sfn.TaskInput.fromObject({ ...reference, ...extra, taskToken: sfn.JsonPath.taskToken }),
          ...(deadline.heartbeatSecondsPath ? { heartbeatTimeout: sfn.Timeout.at(deadline.heartbeatSecondsPath) } : {}),
          ...(deadline.heartbeat ? { heartbeatTimeout: sfn.Timeout.duration(deadline.heartbeat) } : {}),
          ...(deadline.timeoutSecondsPath ? { taskTimeout: sfn.Timeout.at(deadline.timeoutSecondsPath) } : {}),
          retryOnServiceExceptions: false,
          resultPath,
        }),
      ),
  };
}

export type LambdaSteps<Task extends string> = ReturnType<typeof lambdaSteps<Task>>;
