import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent, DomainEventDraft } from '../domain/events';
import { clock, epochSecondsFromNow } from './clock';
import { tableName } from './dynamo';
import { newId } from './ids';

export type TransactWriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Outbox items only need to outlive the stream's 24 h retention; a week leaves room for replays. */
const OUTBOX_RETENTION_HOURS = 7 * 24;

export const stampEvent = <D extends object>(draft: DomainEventDraft<D>, correlationId: string): DomainEvent<D> => ({
  ...draft,
  eventId: newId(),
  occurredAt: clock.now().toISOString(),
  correlationId,
});

/**
 * The outbox row for `event`, to put in the SAME TransactWriteCommand as the state change it describes:
 * either both are written or neither, and functions/platform/publish-outbox.ts ships it to the bus.
 */
/** The outbox rows of `drafts`, stamped with one correlation id: for the transaction of their state change. */
export const outboxPuts = (drafts: readonly DomainEventDraft<object>[] = [], correlationId = ''): TransactWriteItem[] =>
  drafts.map((draft) => outboxPut(stampEvent(draft, correlationId)));

/** An event as the publisher ships it: on an `OUTBOX#` row of its own, or in the `outbox` of the item it changed. */
export const outboxEntry = (event: DomainEvent<object>) => ({
  source: event.source,
  detailType: event.detailType,
  detail: {
    ...event.detail,
    eventId: event.eventId,
    occurredAt: event.occurredAt,
    correlationId: event.correlationId,
  },
});

export const outboxPut = (event: DomainEvent<object>): TransactWriteItem => ({
  Put: {
    TableName: tableName(),
    Item: {
      pk: `OUTBOX#${event.eventId}`,
      sk: 'OUTBOX',
      entity: 'OutboxEvent',
      ...outboxEntry(event),
      expiresAt: epochSecondsFromNow(OUTBOX_RETENTION_HOURS),
    },
  },
});
