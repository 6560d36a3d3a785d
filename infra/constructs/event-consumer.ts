import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { DeadLetterQueue } from './dead-letter-queue';
import { jobFunction } from './job-function';
import type { OpsFunction } from './ops-function';
import { setMetadataName, shortNameForEntry } from './repo';

export interface EventConsumerProps {
  /** Handler source, e.g. `functions/inventory/record-sales.ts`. */
  readonly entry: string;
  readonly description: string;
  readonly bus: events.IEventBus;
  /** The domain event it consumes (or several of one source, e.g. every way an order ends). */
  readonly on: { readonly source: string; readonly detailType: string | readonly string[] };
  /** The table it reads and writes. */
  readonly table: dynamodb.Table;
  readonly environment: Readonly<Record<string, string>>;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
}

/**
 * A function that another context's domain event drives: the rule on the bus, the function with table
 * read/write, delivery retried for a day and then parked in a dead-letter queue (alarmed like every one).
 * The function must be safe to run twice for one event (EventBridge delivers at least once).
 */
export class EventConsumer extends Construct {
  readonly function: OpsFunction;
  readonly rule: events.Rule;
  readonly deadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: EventConsumerProps) {
    super(scope, id);
    const shortName = shortNameForEntry(props.entry);
    ({ function: this.function, deadLetterQueue: this.deadLetterQueue } = jobFunction(this, { ...props, timeout: props.timeout ?? Duration.seconds(30) }));
    this.function.grantTableReadWrite(props.table);
    const detailTypes: readonly string[] = typeof props.on.detailType === 'string' ? [props.on.detailType] : props.on.detailType;
    this.rule = new events.Rule(this, 'OnEvent', {
      description: `${detailTypes.join(', ')} → ${shortName}`,
      eventBus: props.bus,
      eventPattern: { source: [props.on.source], detailType: [...detailTypes] },
      targets: [new targets.LambdaFunction(this.function.function, { retryAttempts: 8, maxEventAge: Duration.hours(24), deadLetterQueue: this.deadLetterQueue.queue })],
    });
    setMetadataName(this.rule.node.defaultChild as events.CfnRule, `${shortName}-on-${detailTypes.join('-')}`);
  }
}
