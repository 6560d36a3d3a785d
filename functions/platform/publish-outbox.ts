import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../../shared/adapters/logger';
import { metrics, MetricUnit } from '../../shared/adapters/metrics';
import { requiredSetting } from '../../shared/adapters/settings';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import type { StoredOrder } from '../../shared/adapters/orders-repository';
import { withoutKeys } from '../../shared/adapters/table-access';
import { withBodyExpanded } from '../../shared/adapters/compressed-body';

/**
 * Table stream → EventBridge (and an order's index items: `projectIndexes` below). Two kinds of outbox: every INSERTed `OUTBOX#` item is one event; and an item that
 * carries the events of its own last write in `outbox` (an order: its events ride on the order's one conditional
 * write instead of items of their own, docs/data-model.md) has the events it gained — those whose `eventId` its old
 * image did not carry — published.
 * At-least-once: Powertools' BatchProcessor reports each record that failed by sequence number (a partial
 * batch response), the stream redelivers from there, and consumers drop duplicates by `detail.eventId`.
 * Every published event is counted under its detail-type (EMF, namespace CommerceOps): `OrderPlaced`,
 * `OrderRejected`, the alerts (`PackingOverdue`, `OrderNeedsAttention`, …) — the business counters, in one place.
 */
const eventBridge = new EventBridgeClient({});
/** PutEvents accepts at most 10 entries per call. */
const PUT_EVENTS_BATCH = 10;

type Image = Record<string, AttributeValue> | undefined;
type Row = Record<string, unknown>;

const isOutboxInsert = (record: DynamoDBRecord): boolean =>
  record.eventName === 'INSERT' && (record.dynamodb?.NewImage?.pk?.S ?? '').startsWith('OUTBOX#');

/** Lambda's stream events carry binary attributes base64-encoded (JSON); unmarshall wants their bytes. */
const withBinaryDecoded = (image: NonNullable<Image>): NonNullable<Image> =>
  Object.fromEntries(
    Object.entries(image).map(([name, value]) => [name, typeof (value.B as unknown) === 'string' ? { B: Buffer.from(value.B as unknown as string, 'base64') } : value]),
  );

/** An item as stored, its compressed body (an order's: compressed-body.ts) expanded. */
const rowOf = (image: Image): Row => (image ? withBodyExpanded(unmarshall(withBinaryDecoded(image))) : {});
const carried = (row: Row): Row[] => (Array.isArray(row.outbox) ? (row.outbox as Row[]) : []);
const eventIdOf = (event: Row): unknown => (event.detail as Row | undefined)?.eventId;

/** A record's old and new items, each read once (an order's body is decompressed here, for its events and its index items alike). */
interface RecordRows {
  readonly before?: Row;
  readonly after?: Row;
}
const rowsOf = (record: DynamoDBRecord): RecordRows => ({
  ...(record.dynamodb?.OldImage ? { before: rowOf(record.dynamodb.OldImage as Image) } : {}),
  ...(record.dynamodb?.NewImage ? { after: rowOf(record.dynamodb.NewImage as Image) } : {}),
});

/** The events a record asks to publish: its OUTBOX# row, or the carried events its write added. */
const eventsOf = (record: DynamoDBRecord, { before, after }: RecordRows): Row[] => {
  if (isOutboxInsert(record)) return [after ?? {}];
  if (record.eventName === 'REMOVE') return [];
  const published = new Set(carried(before ?? {}).map(eventIdOf));
  return carried(after ?? {}).filter((event) => !published.has(eventIdOf(event)));
};

/** The bus entry for one event, or undefined when it is not a publishable event. */
const toEntry = (event: Row, eventBusName: string): PutEventsRequestEntry | undefined => {
  const { source, detailType, detail } = event as { source?: unknown; detailType?: unknown; detail?: Row | null };
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

/**
 * The index items that follow an item from the stream (shared/adapters/order-projections.ts: an order's listing
 * and parcel-due entry). The relay runs them because DynamoDB Streams serves at most two readers per shard well;
 * each write is conditional on the order's version, so records handled in parallel, late or twice end right.
 */
const projectIndexes = async (record: DynamoDBRecord, { before, after }: RecordRows): Promise<void> => {
  if (after?.entity !== 'Order') return;
  // An order first written before its body was compressed predates customer entries too: its listing was its entry.
  const oldImage = record.dynamodb?.OldImage as Image;
  const customerEntryDue = !oldImage || oldImage.body === undefined;
  await ordersRepository.projectOrderChange(before ? (withoutKeys(before) as StoredOrder) : undefined, withoutKeys(after) as StoredOrder, customerEntryDue);
};

interface Pending {
  readonly entry: PutEventsRequestEntry;
  readonly settle: (failure?: Error) => void;
}

/** Sends one PutEvents call and settles each entry: published, rejected by the bus, or lost with the call. */
const putEvents = async (batch: readonly Pending[]): Promise<void> => {
  try {
    const result = await eventBridge.send(new PutEventsCommand({ Entries: batch.map(({ entry }) => entry) }));
    batch.forEach((pending, index) => {
      const outcome = result.Entries?.[index];
      if (outcome?.ErrorCode) {
        logger.warn('event rejected by the bus', {
          errorCode: outcome.ErrorCode,
          errorMessage: outcome.ErrorMessage,
          detailType: pending.entry.DetailType,
        });
      }
      // Fewer results than entries would hide failures: the missing ones count as failed.
      pending.settle(!outcome || outcome.ErrorCode ? new Error(outcome?.ErrorMessage ?? 'no result for this entry') : undefined);
    });
  } catch (error) {
    logger.error('PutEvents failed', { error, entries: batch.length });
    for (const pending of batch) pending.settle(error instanceof Error ? error : new Error(String(error)));
  }
};

/**
 * One invocation's way to the bus: the record handlers (run together by the BatchProcessor) each hand in their
 * entry, and what they hand in before the next turn of the event loop goes out 10 per PutEvents call.
 */
const busSender = () => {
  let queued: Pending[] = [];
  const flush = () => {
    const all = queued;
    queued = [];
    for (let start = 0; start < all.length; start += PUT_EVENTS_BATCH) void putEvents(all.slice(start, start + PUT_EVENTS_BATCH));
  };
  return (entry: PutEventsRequestEntry): Promise<void> =>
    new Promise((resolve, reject) => {
      if (queued.length === 0) setImmediate(flush);
      queued.push({ entry, settle: (failure) => (failure ? reject(failure) : resolve()) });
    });
};

export const handler = async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => {
  const eventBusName = requiredSetting('EVENT_BUS_NAME');
  const send = busSender();
  let published = 0;
  const publishRecord = async (record: DynamoDBRecord): Promise<void> => {
    const rows = rowsOf(record);
    const entries = eventsOf(record, rows).map((event) => toEntry(event, eventBusName));
    if (entries.some((entry) => entry === undefined)) {
      // Retrying cannot fix a malformed row: failing it sends it to the on-failure destination for a human.
      logger.error('malformed outbox item', { pk: record.dynamodb?.NewImage?.pk?.S });
      throw new Error('malformed outbox item');
    }
    // Queued now, in the order of the records (sent 10 a call), while the record's index items are written.
    await Promise.all([...entries.map((entry) => send(entry!)), projectIndexes(record, rows)]);
    published += entries.length;
    for (const entry of entries) metrics.addMetric(entry!.DetailType ?? 'Unknown', MetricUnit.Count, 1);
  };
  // A processor per invocation: it holds the batch being processed. A batch that fails whole is reported
  // record by record like any other, not thrown, as this publisher always did.
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const response = await processPartialResponse(event, publishRecord, processor, { context, throwOnFullBatchFailure: false });
  // A batch that only moved index items is not worth a line (most of an order's status changes publish nothing).
  const failed = response.batchItemFailures.length;
  if (published > 0 || failed > 0) logger.info('outbox published', { published, failed });
  else logger.debug('outbox published', { published, failed });
  if (published > 0) metrics.publishStoredMetrics();
  return response;
};
