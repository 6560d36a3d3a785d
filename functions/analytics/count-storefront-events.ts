import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { queuedEventBatchSchema } from '../../shared/contracts/analytics';
import * as z from '../../shared/contracts/z';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import type { StorefrontEvent } from '../../shared/domain/analytics/storefront-events';
import { countEvents } from './count-events';

/** Left for the one-by-one pass to stop in: what it has not tried goes back to the queue instead of timing out. */
const RESERVED_MS = 10_000;

/** The message's events, checked as `POST /events` checked them (a redriven or hand-sent message may be anything). */
function eventsOf(record: SQSRecord): readonly StorefrontEvent[] | undefined {
  try {
    const parsed = z.safeParse(queuedEventBatchSchema, JSON.parse(record.body));
    if (parsed.success) return parsed.data.events;
    logger.error('unreadable storefront batch', { messageId: record.messageId, problems: parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.')}: ${issue.message}`) });
  } catch (error) {
    logger.error('unreadable storefront batch', { messageId: record.messageId, error });
  }
  return undefined;
}

/**
 * The queued batches of `POST /events` (shared/adapters/storefront-events-queue.ts), counted together: one
 * storefront's batch is often one short session, and counting many at once writes each day counter once for all
 * of them (count-events.ts). SQS may deliver a message twice; its events are then found in their sessions and
 * count nothing. When the whole fails, each message is counted alone, and only those that still fail (or were not
 * tried before the time ran short) are retried, so one bad message cannot hold back the others.
 */
export const handler = async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
  if (context) logger.addContext(context);
  const messages = event.Records.map((record) => ({ record, events: eventsOf(record) }));
  const failed: SQSBatchItemFailure[] = messages.filter((message) => !message.events).map(({ record }) => ({ itemIdentifier: record.messageId }));
  const readable = messages.filter((message): message is { record: SQSRecord; events: readonly StorefrontEvent[] } => message.events !== undefined);
  try {
    const counted = await countEvents(readable.flatMap(({ events }) => events), clock.now());
    logger.info('storefront events counted', { messages: readable.length, ...counted });
    return { batchItemFailures: failed };
  } catch (error) {
    logger.warn('counting the messages together failed; counting each alone', { messages: readable.length, error });
  }
  for (const { record, events } of readable) {
    if (context && context.getRemainingTimeInMillis() < RESERVED_MS) {
      failed.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      logger.info('storefront events counted', { messageId: record.messageId, ...(await countEvents(events, clock.now())) });
    } catch (error) {
      logger.error('storefront batch not counted; SQS delivers it again', { messageId: record.messageId, error });
      failed.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failed };
};
