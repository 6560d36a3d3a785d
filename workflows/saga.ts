/**
 * A saga as its steps declare it (Medusa's `createStep(name, invoke, compensate)` is the model): each step
 * that changes the world names the compensation that undoes it, and belongs to a stage of the process
 * (e.g. "cancellable", "shipped"). The definition then says, per stage, which errors go where; the catch
 * lists and the compensation chains are derived from the declarations instead of being kept by hand.
 *
 * Compensations are idempotent and undo nothing that was not done, so every chain runs all of them, in
 * the order their steps were declared.
 */
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { LambdaSteps } from './lambda-steps';

/** What undoes a step: the compensation's state name stem (`ReleaseStock`) and its task. */
export interface Compensation<Task extends string> {
  readonly name: string;
  readonly task: Task;
}

export const compensateWith = <Task extends string>(name: string, task: Task): Compensation<Task> => ({ name, task });

/** A chain of compensation states (`ReleaseStockOnFailure` → `VoidPaymentOnFailure` → …). */
export interface CompensationChain {
  readonly start: sfn.TaskStateBase;
  readonly states: readonly sfn.TaskStateBase[];
  /** The chain's last state, to continue with (`.next(...)`). */
  readonly end: sfn.TaskStateBase;
}

export function createSaga<Task extends string, Stage extends string>(lambda: Pick<LambdaSteps<Task>, 'compensation'>) {
  const steps: { readonly state: sfn.TaskStateBase; readonly stage: Stage }[] = [];
  const compensations: Compensation<Task>[] = [];

  return {
    /** Registers a step of `stage`, with the compensations that undo it (if it changes the world), in order. */
    step<T extends sfn.TaskStateBase>(stage: Stage, state: T, ...undoneBy: Compensation<Task>[]): T {
      steps.push({ state, stage });
      for (const compensation of undoneBy) if (!compensations.some((known) => known.task === compensation.task)) compensations.push(compensation);
      return state;
    },

    /**
     * Every declared compensation as one chain of states named `<name><suffix>`, each retrying any error for
     * minutes (`lambdaSteps.compensation`). The caller continues the chain and says where its failures go.
     */
    compensationChain(suffix: string): CompensationChain {
      const states = compensations.map(({ name, task }) => lambda.compensation(`${name}${suffix}`, task, sfn.JsonPath.DISCARD));
      if (states.length === 0) throw new Error('a compensation chain needs at least one declared compensation');
      states.reduce((previous, state) => {
        previous.next(state);
        return state;
      });
      return { start: states[0]!, states, end: states[states.length - 1]! };
    },

    /** Sends `errors` from every step of `stages` to `handler`, keeping the error at `resultPath`. */
    catchIn(stages: readonly Stage[], errors: readonly string[], handler: sfn.IChainable, resultPath: string): void {
      for (const { state, stage } of steps) if (stages.includes(stage)) state.addCatch(handler, { errors: [...errors], resultPath });
    },
  };
}
