import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue';
import { acknowledgeXrayWildcard } from './nag';
import { OpsFunction } from './ops-function';

export const OUTBOX_PUBLISHER_ENTRY = 'functions/platform/publish-outbox.ts';

export interface OutboxPublisherProps {
  readonly table: dynamodb.ITable;
  readonly bus: events.IEventBus;
  /** @default OUTBOX_PUBLISHER_ENTRY */
  readonly entry?: string;
  /** Items per invocation. @default 10 (one PutEvents call) */
  readonly batchSize?: number;
  /** @default - Powertools defaults only */
  readonly environment?: Readonly<Record<string, string>>;
}

/**
 * The outbox relay: the table stream, filtered to INSERTs of `OUTBOX#` items, feeds a function that
 * puts the events on the bus. Failed batches are split, retried, then parked in a dead-letter queue.
 */
export class OutboxPublisher extends Construct {
  readonly function: OpsFunction;
  readonly deadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: OutboxPublisherProps) {
    super(scope, id);
    this.function = new OpsFunction(this, 'Publisher', {
      entry: props.entry ?? OUTBOX_PUBLISHER_ENTRY,
      shortName: 'platform-publish-outbox',
      timeout: Duration.seconds(30),
      description: 'Publishes outbox items from the table stream to the event bus',
      environment: { ...props.environment, TABLE_NAME: props.table.tableName, EVENT_BUS_NAME: props.bus.eventBusName },
    });
    props.bus.grantPutEventsTo(this.function.function);

    this.deadLetterQueue = new DeadLetterQueue(this, 'DeadLetters', { shortName: 'outbox-publisher-dlq' });
    this.function.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: props.batchSize ?? 10,
        bisectBatchOnError: true,
        retryAttempts: 5,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetterQueue.queue),
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { pk: { S: lambda.FilterRule.beginsWith('OUTBOX#') } } },
          }),
        ],
      }),
    );
    acknowledgeXrayWildcard(
      this.function.role,
      'dynamodb:ListStreams (granted by the stream event source) has no resource-level permissions either.',
    );
  }
}
