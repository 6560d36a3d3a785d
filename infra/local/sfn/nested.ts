/**
 * `arn:aws:states:::states:startExecution.sync:2`: a workflow runs another one and waits for it, as AWS's
 * optimized integration does (the nested-workflow pattern; the order workflow's Express shipping child).
 * The task's result is the child's description with its output as JSON (`:2`); a child that does not
 * succeed fails the task with `States.TaskFailed` and the description, child's error and cause included,
 * as the cause text.
 */
import type { StepFunctionsEngine } from './engine';
import { TaskFailure, type SdkIntegration } from './resources';

export const START_EXECUTION_SYNC = 'arn:aws:states:::states:startExecution.sync:2';

const asJson = (text: string | undefined): unknown => (text === undefined ? undefined : (JSON.parse(text) as unknown));

/** The integration, on the engine it starts the child in (passed lazily: the engine is built with its integrations). */
export function startExecutionSync(engine: () => StepFunctionsEngine): SdkIntegration {
  return async (params) => {
    if (typeof params.StateMachineArn !== 'string') throw new TaskFailure('States.Runtime', 'startExecution.sync:2 needs a StateMachineArn parameter');
    const inputText = typeof params.Input === 'string' ? params.Input : JSON.stringify(params.Input ?? {});
    const child = engine().start(params.StateMachineArn, inputText, typeof params.Name === 'string' ? params.Name : undefined);
    await child.finished;
    const description = {
      ExecutionArn: child.executionArn,
      StateMachineArn: child.stateMachineArn,
      Name: child.name,
      Status: child.status,
      StartDate: child.startDate,
      StopDate: child.stopDate,
      Input: asJson(inputText),
      InputDetails: { Included: true },
      Output: asJson(child.outputText),
      OutputDetails: child.outputText === undefined ? undefined : { Included: true },
      Error: child.error,
      Cause: child.cause,
    };
    if (child.status === 'SUCCEEDED') return description;
    throw new TaskFailure('States.TaskFailed', JSON.stringify(description));
  };
}
