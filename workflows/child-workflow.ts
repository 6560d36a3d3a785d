/**
 * A Standard workflow's synchronous stretch as an Express child it starts and waits for
 * (`startExecution.sync:2`, the nested pattern AWS documents for cost): the steps run at Express prices and
 * the parent pays one transition. The child gets the parent's reference fields (ids, correlationId) and is
 * associated with the parent's execution in the console; a child that does not succeed fails this task with
 * `States.TaskFailed` (its own error is in the cause: `failedStepError`).
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

export interface ChildRun {
  /** Where the child's output goes (`{ output: <the child's output> }`); DISCARD to keep nothing. */
  readonly resultPath: string;
}

export function runChild(states: Construct, name: string, child: sfn.IStateMachine | undefined, reference: Record<string, unknown>, run: ChildRun): tasks.StepFunctionsStartExecution {
  if (!child) throw new Error(`${name} needs its Express child workflow: pass it in the definition's children`);
  return new tasks.StepFunctionsStartExecution(states, name, {
    stateMachine: child,
    integrationPattern: sfn.IntegrationPattern.RUN_JOB,
    input: sfn.TaskInput.fromObject(reference),
    associateWithParent: true,
    resultSelector: run.resultPath === sfn.JsonPath.DISCARD ? undefined : { output: sfn.JsonPath.objectAt('$.Output') },
    resultPath: run.resultPath,
  });
}
