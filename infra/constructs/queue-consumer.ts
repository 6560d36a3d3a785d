import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import type { DeadLetterQueue } from './dead-letter-queue';
import { jobFunction } from './job-function';
import type { OpsFunction } from './ops-function';
import { setMetadataName } from './repo';

export interface QueueConsumerProps {
  /** Handler source, e.g. `functions/analytics/count-storefront-events.ts`. */
  readonly entry: string;
  readonly description: string;
  /** Short name of the queue, e.g. `storefront-events`; its dead-letter queue is `<queueName>-dlq`. */
  readonly queueName: string;
  /** The table the function reads and writes. */
  readonly table: dynamodb.Table;
  /** @default - none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Messages per invocation at most. @default 50 */
  readonly batchSize?: number;
  /** How long a batch may wait to fill (what lets many small messages share one invocation). @default Duration.seconds(2) */
  readonly maxBatchingWindow?: Duration;
  /**
   * Deliveries counted at once. Without it Lambda scales SQS pollers out by hundreds, and consumers that write the
   * same items (analytics' day counters) would only lose transactions to each other; the queue holds the rest.
   * @default 4
   */
  readonly maxConcurrency?: number;
  /** @default Duration.seconds(60) */
  readonly timeout?: Duration;
  /** Receives before a message is parked in the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
  /** Alarmed when the oldest message waits longer than this (the consumer is behind or failing). @default Duration.minutes(15) */
  readonly maxMessageAge?: Duration;
  /** Where the age alarm goes. @default - no age alarm (the dead-letter queue's depth is still alarmed by its context) */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * A queue and the function that drains it in batches: what lets a caller answer fast and hand the writes to a
 * consumer that merges many requests into one (SQS delivers at least once, so the function must be safe to run
 * twice for a message). A message that keeps failing ends in a dead-letter queue; the function reports failures
 * message by message (partial batch response), so one bad message does not hold back the rest of its batch.
 */
export class QueueConsumer extends Construct {
  readonly queue: sqs.Queue;
  readonly function: OpsFunction;
  readonly deadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: QueueConsumerProps) {
    super(scope, id);
    const timeout = props.timeout ?? Duration.seconds(60);
    ({ function: this.function, deadLetterQueue: this.deadLetterQueue } = jobFunction(this, {
      ...props,
      timeout,
      deadLetterQueueName: `${props.queueName}-dlq`,
      environment: { ...props.environment, TABLE_NAME: props.table.tableName },
    }));
    this.function.grantTableReadWrite(props.table);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's advice for a Lambda event source: at least six times the function's timeout, so retries of a
      // throttled batch do not make its messages visible again while it still runs.
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue.queue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
    setMetadataName(this.queue.node.defaultChild as sqs.CfnQueue, props.queueName);
    this.function.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: props.batchSize ?? 50,
        maxBatchingWindow: props.maxBatchingWindow ?? Duration.seconds(2),
        maxConcurrency: props.maxConcurrency ?? 4,
        reportBatchItemFailures: true,
      }),
    );
    if (props.alarmTopic) {
      const age = this.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' });
      new cloudwatch.Alarm(this, 'OldestMessageAge', {
        alarmDescription: `${props.queueName}: a message has waited over ${(props.maxMessageAge ?? Duration.minutes(15)).toHumanString()} (its consumer is behind or failing)`,
        metric: age,
        threshold: (props.maxMessageAge ?? Duration.minutes(15)).toSeconds(),
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new actions.SnsAction(props.alarmTopic));
    }
  }

  /** Lets a function send to the queue. */
  grantSend(fn: OpsFunction): void {
    this.queue.grantSendMessages(fn.function);
  }
}
