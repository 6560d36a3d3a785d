import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  supplierOnboardingDefinition,
  supplierOnboardingTaskEntries,
} from '../../workflows/supplier-onboarding/definition';
import { DeadLetterQueue } from '../constructs/dead-letter-queue';
import { OpsFunction } from '../constructs/ops-function';
import { OpsStateMachine } from '../constructs/ops-state-machine';
import { constructIdForName, setMetadataName, shortNameForEntry } from '../constructs/repo';

type SupplierOnboardingTask = keyof typeof supplierOnboardingTaskEntries;

/** The task that parks the workflow on a task token and may resume it itself. */
const RESUMES_OWN_TOKEN: SupplierOnboardingTask = 'requestDecision';

export interface SupplierOnboardingWorkflowProps {
  readonly table: dynamodb.Table;
  readonly bus: events.IEventBus;
  /** Environment for every task function (TABLE_NAME, decision window…). */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * Supplier onboarding: task functions, the Standard `supplier-onboarding` machine, and the rule that
 * starts it on `SupplierApplicationSubmitted` with `{ applicationId, correlationId }`.
 */
export class SupplierOnboardingWorkflow extends Construct {
  readonly workflow: OpsStateMachine;
  readonly taskFunctions: OpsFunction[] = [];
  readonly startDeadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: SupplierOnboardingWorkflowProps) {
    super(scope, id);

    const byEntry = new Map<string, OpsFunction>();
    const fns = {} as Record<SupplierOnboardingTask, lambda.IFunction>;
    for (const [task, entry] of Object.entries(supplierOnboardingTaskEntries) as [SupplierOnboardingTask, string][]) {
      let fn = byEntry.get(entry);
      if (!fn) {
        const shortName = shortNameForEntry(entry);
        fn = new OpsFunction(this, constructIdForName(shortName), {
          entry,
          shortName,
          timeout: Duration.seconds(30),
          description: `supplier-onboarding task ${String(task)}`,
          environment: props.environment,
        });
        fn.grantTableReadWrite(props.table);
        byEntry.set(entry, fn);
        this.taskFunctions.push(fn);
      }
      fns[task] = fn.function;
    }

    this.workflow = new OpsStateMachine(this, 'Workflow', {
      shortName: 'supplier-onboarding',
      definition: supplierOnboardingDefinition(this, fns),
      comment: 'Supplier onboarding: screening, scoring, operator decision, approval',
    });
    this.workflow.acknowledgeTaskFunctionVersions(Object.values(fns));

    const resumer = byEntry.get(supplierOnboardingTaskEntries[RESUMES_OWN_TOKEN]);
    resumer?.grantTaskResponse(this.workflow.stateMachine);

    this.startDeadLetterQueue = new DeadLetterQueue(this, 'StartDeadLetters', {
      shortName: 'supplier-onboarding-start-dlq',
    });
    const startRule = new events.Rule(this, 'StartOnApplicationSubmitted', {
      description: 'Starts supplier-onboarding for every submitted application',
      eventBus: props.bus,
      eventPattern: { source: ['commerce.suppliers'], detailType: ['SupplierApplicationSubmitted'] },
    });
    startRule.addTarget(
      new targets.SfnStateMachine(this.workflow.stateMachine, {
        input: events.RuleTargetInput.fromObject({
          applicationId: events.EventField.fromPath('$.detail.applicationId'),
          correlationId: events.EventField.fromPath('$.detail.correlationId'),
        }),
        deadLetterQueue: this.startDeadLetterQueue.queue,
        retryAttempts: 8,
        maxEventAge: Duration.hours(24),
      }),
    );
    setMetadataName(startRule.node.defaultChild as events.CfnRule, 'start-supplier-onboarding');
  }
}
