import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { acknowledgeNag, childExecutionsFinding } from './nag';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue';
import { OpsFunction } from './ops-function';
import { OpsStateMachine } from './ops-state-machine';
import { constructIdForName, setMetadataName, shortNameForEntry } from './repo';

/** An Express workflow that a Standard one runs synchronously for a stretch of its steps (`startExecution.sync:2`). */
export interface ExpressChildWorkflow<Task extends string> {
  /** Stable short name of the child machine, e.g. `order-shipping`. */
  readonly shortName: string;
  readonly comment: string;
  /** Builds the child's states from the parent's task functions. */
  readonly definition: (scope: Construct, fns: Record<Task, lambda.IFunction>) => sfn.IChainable;
}

export interface EventStartedWorkflowProps<Task extends string> {
  /** Stable short name of the machine, e.g. `product-listing`. */
  readonly shortName: string;
  readonly comment: string;
  /** Task name → handler source entry; tasks sharing an entry share one function. */
  readonly taskEntries: Readonly<Record<Task, string>>;
  /**
   * Builds the states from the task functions (workflows/<name>/definition.ts) and the Express children
   * it starts, by their key in `expressChildren`.
   */
  readonly definition: (scope: Construct, fns: Record<Task, lambda.IFunction>, children: Readonly<Record<string, sfn.IStateMachine>>) => sfn.IChainable;
  /**
   * Express workflows for synchronous stretches (billed per request, not per transition), built from the
   * same task functions; the parent starts them with `startExecution.sync:2`. @default - none
   */
  readonly expressChildren?: Readonly<Record<string, ExpressChildWorkflow<Task>>>;
  readonly table: dynamodb.Table;
  readonly bus: events.IEventBus;
  /** Environment for every task function (TABLE_NAME, windows, thresholds…). */
  readonly environment: Readonly<Record<string, string>>;
  /** The domain event that starts an execution. */
  readonly startOn: { readonly source: string; readonly detailType: string };
  /** Execution input: field name → JSONPath into the event, e.g. `{ productId: '$.detail.productId' }`. */
  readonly input: Readonly<Record<string, string>>;
  /** Tasks that park the execution on a task token and may answer it themselves. @default - none */
  readonly resumesOwnToken?: readonly Task[];
}

/**
 * A Standard workflow started by a domain event: one OpsFunction per task entry (table read/write), the
 * OpsStateMachine, and the rule that starts it, with a dead-letter queue for starts that keep failing.
 */
export class EventStartedWorkflow<Task extends string> extends Construct {
  readonly workflow: OpsStateMachine;
  readonly children: OpsStateMachine[] = [];
  readonly taskFunctions: OpsFunction[] = [];
  readonly startDeadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: EventStartedWorkflowProps<Task>) {
    super(scope, id);

    const byEntry = new Map<string, OpsFunction>();
    const fns = {} as Record<Task, lambda.IFunction>;
    for (const [task, entry] of Object.entries(props.taskEntries) as [Task, string][]) {
      let fn = byEntry.get(entry);
      if (!fn) {
        const shortName = shortNameForEntry(entry);
        fn = new OpsFunction(this, constructIdForName(shortName), {
          entry,
          shortName,
          timeout: Duration.seconds(30),
          description: `${props.shortName} task ${task}`,
          environment: props.environment,
        });
        fn.grantTableReadWrite(props.table);
        byEntry.set(entry, fn);
        this.taskFunctions.push(fn);
      }
      fns[task] = fn.function;
    }

    const children: Record<string, sfn.IStateMachine> = {};
    for (const [key, child] of Object.entries(props.expressChildren ?? {})) {
      const machine = new OpsStateMachine(this, constructIdForName(child.shortName), {
        shortName: child.shortName,
        type: 'EXPRESS',
        definition: child.definition(this, fns),
        comment: child.comment,
      });
      machine.acknowledgeTaskFunctionVersions(Object.values(fns));
      this.children.push(machine);
      children[key] = machine.stateMachine;
    }

    this.workflow = new OpsStateMachine(this, 'Workflow', {
      shortName: props.shortName,
      definition: props.definition(this, fns, children),
      comment: props.comment,
    });
    this.workflow.acknowledgeTaskFunctionVersions(Object.values(fns));
    for (const child of this.children) {
      acknowledgeNag(
        this.workflow.stateMachine.role,
        childExecutionsFinding(child.stateMachine.node.defaultChild as sfn.CfnStateMachine),
        `startExecution.sync describes and stops the executions of its Express child ${child.shortName}, whose names are not known in advance.`,
      );
    }
    for (const task of props.resumesOwnToken ?? []) {
      byEntry.get(props.taskEntries[task])?.grantTaskResponse(this.workflow.stateMachine);
    }

    this.startDeadLetterQueue = new DeadLetterQueue(this, 'StartDeadLetters', { shortName: `${props.shortName}-start-dlq` });
    const startRule = new events.Rule(this, 'StartOnEvent', {
      description: `Starts ${props.shortName} for every ${props.startOn.detailType}`,
      eventBus: props.bus,
      eventPattern: { source: [props.startOn.source], detailType: [props.startOn.detailType] },
    });
    startRule.addTarget(
      new targets.SfnStateMachine(this.workflow.stateMachine, {
        input: events.RuleTargetInput.fromObject(
          Object.fromEntries(Object.entries(props.input).map(([field, path]) => [field, events.EventField.fromPath(path)])),
        ),
        deadLetterQueue: this.startDeadLetterQueue.queue,
        retryAttempts: 8,
        maxEventAge: Duration.hours(24),
      }),
    );
    setMetadataName(startRule.node.defaultChild as events.CfnRule, `start-${props.shortName}`);
  }
}
