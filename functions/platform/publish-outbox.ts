import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../../shared/adapters/logger';
import { requiredSetting } from '../../shared/adapters/settings';

/**
 * Table stream → EventBridge: every INSERTed `OUTBOX#` item becomes one event on the bus.
 * At-least-once: a failed entry is reported by sequence number, the stream redelivers from there, and
 * consumers drop duplicates by `detail.eventId`.
 */
const eventBridge = new EventBridgeClient({});
/** PutEvents accepts at most 10 entries per call. */
const PUT_EVENTS_BATCH = 10;

interface OutboxEntry {
  readonly sequenceNumber: string;
  readonly entry: PutEventsRequestEntry;
}

const isOutboxInsert = (record: DynamoDBRecord): boolean =>
  record.eventName === 'INSERT' && (record.dynamodb?.NewImage?.pk?.S ?? '').startsWith('OUTBOX#');

/** The bus entry for one outbox row, or undefined when the row is not a publishable event. */
const toEntry = (record: DynamoDBRecord, eventBusName: string): PutEventsRequestEntry | undefined => {
  const item = unmarshall(record.dynamodb?.NewImage as Record<string, AttributeValue>);
  const { source, detailType, detail } = item;
  if (typeof source !== 'string' || typeof detailType !== 'string' || detail === null || typeof detail !== 'object') {
    return undefined;
  }
  const occurredAt = typeof detail.occurredAt === 'string' ? new Date(detail.occurredAt) : undefined;
  return {
    EventBusName: eventBusName,
    Source: source,
    DetailType: detailType,
    Detail: JSON.stringify(detail),
    ...(occurredAt && !Number.isNaN(occurredAt.getTime()) ? { Time: occurredAt } : {}),
  };
};

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));

/** Sends one batch; returns the sequence numbers that did not make it. */
const publish = async (batch: readonly OutboxEntry[]): Promise<string[]> => {
  try {
    const result = await eventBridge.send(new PutEventsCommand({ Entries: batch.map(({ entry }) => entry) }));
    const failed = batch.filter((_, index) => result.Entries?.[index]?.ErrorCode !== undefined);
    for (const [index, outcome] of (result.Entries ?? []).entries()) {
      if (outcome.ErrorCode) {
        logger.warn('event rejected by the bus', {
          errorCode: outcome.ErrorCode,
          errorMessage: outcome.ErrorMessage,
          detailType: batch[index]?.entry.DetailType,
        });
      }
    }
    // Fewer results than entries would hide failures: treat the missing ones as failed.
    const missing = batch.slice(result.Entries?.length ?? 0);
    return [...failed, ...missing].map(({ sequenceNumber }) => sequenceNumber);
  } catch (error) {
    logger.error('PutEvents failed', { error, entries: batch.length });
    return batch.map(({ sequenceNumber }) => sequenceNumber);
  }
};

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const eventBusName = requiredSetting('EVENT_BUS_NAME');
  const failures: string[] = [];
  const entries: OutboxEntry[] = [];
  for (const record of event.Records.filter(isOutboxInsert)) {
    const sequenceNumber = record.dynamodb?.SequenceNumber ?? '';
    const entry = toEntry(record, eventBusName);
    if (entry) entries.push({ sequenceNumber, entry });
    else {
      // Retrying cannot fix a malformed row: failing it sends it to the on-failure destination for a human.
      logger.error('malformed outbox item', { pk: record.dynamodb?.NewImage?.pk?.S });
      failures.push(sequenceNumber);
    }
  }
  const rejected: string[] = [];
  for (const batch of chunks(entries, PUT_EVENTS_BATCH)) rejected.push(...(await publish(batch)));
  failures.push(...rejected);
  logger.info('outbox published', { published: entries.length - rejected.length, failed: failures.length });
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
};
