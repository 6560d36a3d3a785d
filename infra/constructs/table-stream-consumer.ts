import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import type { DeadLetterQueue } from './dead-letter-queue';
import { jobFunction } from './job-function';
import { acknowledgeXrayWildcard } from './nag';
import type { OpsFunction } from './ops-function';

export interface TableStreamConsumerProps {
  readonly table: dynamodb.ITable;
  /** Handler source, e.g. `functions/inventory/watch-stock.ts`. */
  readonly entry: string;
  readonly description: string;
  /** Which records reach the function (Lambda event filtering: the rest never invoke it, and cost nothing). */
  readonly filters: readonly Record<string, unknown>[];
  /** Records per invocation. @default 10 */
  readonly batchSize?: number;
  /** @default - none */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** @default `<the function's short name>-dlq` */
  readonly deadLetterQueueName?: string;
}

/**
 * A function fed by the table stream (from its start, so nothing written before it existed is skipped),
 * filtered to the records it cares about. A failed batch is split and retried, and a record that still
 * fails lands in a dead-letter queue; the function reports failures record by record (partial batch response).
 */
export class TableStreamConsumer extends Construct {
  readonly function: OpsFunction;
  readonly deadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: TableStreamConsumerProps) {
    super(scope, id);
    ({ function: this.function, deadLetterQueue: this.deadLetterQueue } = jobFunction(this, {
      ...props,
      timeout: props.timeout ?? Duration.seconds(30),
      environment: { ...props.environment, TABLE_NAME: props.table.tableName },
    }));
    this.function.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: props.batchSize ?? 10,
        bisectBatchOnError: true,
        retryAttempts: 5,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetterQueue.queue),
        filters: props.filters.map((pattern) => lambda.FilterCriteria.filter(pattern)),
      }),
    );
    acknowledgeXrayWildcard(
      this.function.role,
      'dynamodb:ListStreams (granted by the stream event source) has no resource-level permissions either.',
    );
  }
}
