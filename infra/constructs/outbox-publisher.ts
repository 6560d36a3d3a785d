import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { DeadLetterQueue } from './dead-letter-queue';
import type { OpsFunction } from './ops-function';
import { TableStreamConsumer } from './table-stream-consumer';

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
  /**
   * The `entity` of items that carry the events of their own last write in `outbox` (instead of `OUTBOX#` items):
   * their inserts and updates reach the publisher too.
   * @default - none: only `OUTBOX#` items
   */
  readonly eventCarryingEntities?: readonly string[];
}

/**
 * The outbox relay: the table stream, filtered to INSERTs of `OUTBOX#` items (and to the writes of the entities
 * that carry their events), feeds a function that puts the events on the bus. Failed batches are split,
 * retried, then parked in a dead-letter queue.
 */
export class OutboxPublisher extends Construct {
  readonly function: OpsFunction;
  readonly deadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: OutboxPublisherProps) {
    super(scope, id);
    const consumer = new TableStreamConsumer(this, 'Publisher', {
      table: props.table,
      entry: props.entry ?? OUTBOX_PUBLISHER_ENTRY,
      description: 'Publishes outbox items from the table stream to the event bus',
      batchSize: props.batchSize,
      deadLetterQueueName: 'outbox-publisher-dlq',
      environment: { ...props.environment, EVENT_BUS_NAME: props.bus.eventBusName },
      filters: [
        { eventName: lambda.FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { pk: { S: lambda.FilterRule.beginsWith('OUTBOX#') } } } },
        ...(props.eventCarryingEntities?.length ? [{ dynamodb: { NewImage: { entity: { S: [...props.eventCarryingEntities] } } } }] : []),
      ],
    });
    this.function = consumer.function;
    this.deadLetterQueue = consumer.deadLetterQueue;
    props.bus.grantPutEventsTo(this.function.function);
  }
}
