import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue';
import { OpsFunction } from './ops-function';
import { setMetadataName } from './repo';

export const ORDER_SWEEPER_ENTRY = 'functions/orders/sweep-orders.ts';
/** The schedule's short name: `npm run invoke -- order-sweeper` fires it on the local cloud. */
export const ORDER_SWEEPER_SCHEDULE = 'order-sweeper';

export interface OrderSweeperProps {
  readonly table: dynamodb.Table;
  readonly environment: Readonly<Record<string, string>>;
  /** @default Duration.minutes(5) */
  readonly every?: Duration;
}

/**
 * Finishes what failed compensations left (NEEDS_ATTENTION orders) and finds orders whose workflow died
 * or never started, every few minutes, by key queries on the status index (functions/orders/sweep-orders.ts).
 */
export class OrderSweeper extends Construct {
  readonly function: OpsFunction;
  readonly rule: events.Rule;
  /** Schedule deliveries that failed their retries (alarmed like every dead-letter queue). */
  readonly deadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: OrderSweeperProps) {
    super(scope, id);
    this.function = new OpsFunction(this, 'Function', {
      entry: ORDER_SWEEPER_ENTRY,
      shortName: 'orders-sweep-orders',
      timeout: Duration.seconds(60),
      description: 'Order sweeper: finishes NEEDS_ATTENTION orders, parks stalled ones, alerts overdue parcels',
      environment: props.environment,
    });
    this.function.grantTableReadWrite(props.table);
    this.deadLetterQueue = new DeadLetterQueue(this, 'DeadLetters', { shortName: 'order-sweeper-dlq' });
    this.rule = new events.Rule(this, 'Schedule', {
      description: 'Runs the order sweeper',
      schedule: events.Schedule.rate(props.every ?? Duration.minutes(5)),
      targets: [new targets.LambdaFunction(this.function.function, { retryAttempts: 2, deadLetterQueue: this.deadLetterQueue.queue })],
    });
    setMetadataName(this.rule.node.defaultChild as events.CfnRule, ORDER_SWEEPER_SCHEDULE);
  }
}
