import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { DeadLetterQueue } from './dead-letter-queue';
import { jobFunction } from './job-function';
import type { OpsFunction } from './ops-function';
import { setMetadataName } from './repo';

export interface ScheduledFunctionProps {
  /** Handler source, e.g. `functions/orders/sweep-orders.ts`. */
  readonly entry: string;
  /** The schedule's short name: `npm run invoke -- <name>` fires it on the local cloud, e.g. `order-sweeper`. */
  readonly scheduleName: string;
  /** What the job does, for the function and its rule. */
  readonly description: string;
  readonly schedule: events.Schedule;
  /** The table the job reads and writes. */
  readonly table: dynamodb.Table;
  readonly environment: Readonly<Record<string, string>>;
  /** @default Duration.seconds(60) */
  readonly timeout?: Duration;
}

/**
 * A job on a schedule (a sweeper, an alert run, a nightly aggregation): its function with table read/write,
 * the EventBridge rule that runs it, named so the local cloud can fire it now, and a dead-letter queue for
 * runs that failed their retries (alarmed like every dead-letter queue).
 */
export class ScheduledFunction extends Construct {
  readonly function: OpsFunction;
  readonly rule: events.Rule;
  readonly deadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: ScheduledFunctionProps) {
    super(scope, id);
    ({ function: this.function, deadLetterQueue: this.deadLetterQueue } = jobFunction(this, {
      ...props,
      timeout: props.timeout ?? Duration.seconds(60),
      deadLetterQueueName: `${props.scheduleName}-dlq`,
    }));
    this.function.grantTableReadWrite(props.table);
    this.rule = new events.Rule(this, 'Schedule', {
      description: `Runs ${props.scheduleName}: ${props.description}`,
      schedule: props.schedule,
      targets: [new targets.LambdaFunction(this.function.function, { retryAttempts: 2, deadLetterQueue: this.deadLetterQueue.queue })],
    });
    setMetadataName(this.rule.node.defaultChild as events.CfnRule, props.scheduleName);
  }
}
