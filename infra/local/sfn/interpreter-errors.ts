/**
 * `aws-local-stepfunctions` lets `States.TaskFailed` match every task error but its own timeout, which
 * it recognises by class (`StatesTimeoutError`, not exported). Token waits keep their deadlines in our
 * registry (durably), so a deadline they miss must reach Retry/Catch as that very class. We take it
 * from the library once: a Task with a 1 ms timeout whose work never ends fails with one.
 */
import './polyfills';
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import { TaskFailure } from './resources';

type ErrorFactory = () => Error;

const timeoutErrorFactory: Promise<ErrorFactory> = (async () => {
  const probe = new StateMachine(
    { StartAt: 'Never', States: { Never: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:never', TimeoutSeconds: 0.001, End: true } } },
    { validationOptions: { noValidate: true } },
  );
  const run = probe.run({}, { overrides: { taskResourceLocalHandlers: { Never: () => new Promise<never>(() => undefined) } } });
  try {
    await run.result;
  } catch (error) {
    const cause = error instanceof ExecutionError ? error.cause : undefined;
    if (cause instanceof Error && cause.name === 'States.Timeout') {
      const TimeoutError = cause.constructor as new () => Error;
      return () => new TimeoutError();
    }
  }
  throw new Error('aws-local-stepfunctions no longer fails a timed-out Task with its States.Timeout error');
})();
timeoutErrorFactory.catch(() => undefined);

/** A token wait's missed deadline fails the task with the interpreter's own `States.Timeout`. */
export async function asInterpreterFailure(wait: Promise<unknown>): Promise<unknown> {
  try {
    return await wait;
  } catch (error) {
    if (error instanceof TaskFailure && error.name === 'States.Timeout') throw (await timeoutErrorFactory)();
    throw error;
  }
}
