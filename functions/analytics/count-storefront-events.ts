import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as analyticsRepository from '../../shared/adapters/analytics-repository';
import { logger } from '../../shared/adapters/logger';
import type { QueuedEventBatch } from '../../shared/adapters/storefront-events-queue';
import { inBatches } from '../../shared/adapters/table-access';
import { decideEventBatch, distinctEvents, isSessionVisitor, sessionRounds } from '../../shared/domain/analytics/event-batch';
import type { Session } from '../../shared/domain/analytics/sessions';
import { visitorDayOf } from '../../shared/domain/analytics/sessions';
import type { StorefrontEvent } from '../../shared/domain/analytics/storefront-events';
import { untilSettled } from './retry';
import { settings } from './settings';

/** What the sessions of `events` hold now, and who claimed their visitors' days (for the new ones). */
async function readSessions(events: readonly StorefrontEvent[]) {
  const firsts = new Map<string, StorefrontEvent>();
  for (const event of events) if (!firsts.has(event.sessionId)) firsts.set(event.sessionId, event);
  const read = await inBatches([...firsts.values()], async (event) => ({ event, session: await analyticsRepository.getSession(event.sessionId) }));
  const sessions = new Map<string, Session>(read.filter(({ session }) => session !== undefined).map(({ event, session }) => [event.sessionId, session!]));
  const visitors = [...new Set(read.filter(({ session }) => !session).map(({ event }) => JSON.stringify(visitorDayOf(event, settings.timeZone))))]
    .map((key) => JSON.parse(key) as { day: string; visitorId: string })
    .filter(({ visitorId }) => !isSessionVisitor(visitorId));
  const claims = await inBatches(visitors, async ({ day, visitorId }): Promise<[string, string | undefined]> => [`${day}|${visitorId}`, await analyticsRepository.visitorClaimedBy(day, visitorId)]);
  return { sessions, visitorClaims: new Map(claims.filter((claim): claim is [string, string] => claim[1] !== undefined)) };
}

/**
 * Events exactly once (shared/domain/analytics/event-batch.ts): per round (a session's next 20 events), read its
 * sessions, leave out the events they already hold, and write the rest — the sessions, new visitors and merged
 * counters — in as few transactions as fit. A session that moved meanwhile: read and decide the round again.
 */
async function countEvents(events: readonly StorefrontEvent[]): Promise<{ counted: number; duplicates: number }> {
  const counted = new Set<string>();
  const duplicates = new Set<string>();
  const distinct = distinctEvents(events);
  for (const round of sessionRounds(distinct)) {
    await untilSettled(`a round of ${round.length} events`, async () => {
      const { sessions, visitorClaims } = await readSessions(round);
      const decision = decideEventBatch(round, sessions, visitorClaims, settings.timeZone);
      for (const eventId of decision.duplicates) if (!counted.has(eventId)) duplicates.add(eventId);
      for (const write of decision.writes) {
        const outcome = await analyticsRepository.recordSessionChanges(write, settings.counterShards);
        if (outcome !== 'recorded') return outcome;
        for (const change of write) for (const eventId of change.eventIds) counted.add(eventId);
      }
      return 'recorded';
    });
  }
  return { counted: counted.size, duplicates: duplicates.size + events.length - distinct.length };
}

const batchOf = (record: SQSRecord): QueuedEventBatch => {
  const batch = JSON.parse(record.body) as QueuedEventBatch;
  if (!Array.isArray(batch.events)) throw new Error(`message ${record.messageId} holds no events`);
  return batch;
};

/**
 * The queued batches of `POST /events` (shared/adapters/storefront-events-queue.ts), counted together: one
 * storefront's batch is often one short session, and counting many at once writes each day counter once for all
 * of them. SQS may deliver a message twice; its events are then found in their sessions and count nothing. When
 * the whole fails, each message is counted alone, and only those that still fail are retried (partial batch
 * response), so one bad message cannot hold back the others.
 */
export const handler = async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
  if (context) logger.addContext(context);
  const messages = event.Records.map((record) => {
    try {
      return { record, batch: batchOf(record) };
    } catch (error) {
      logger.error('unreadable storefront batch', { messageId: record.messageId, error });
      return { record, batch: undefined };
    }
  });
  const readable = messages.filter((message) => message.batch !== undefined);
  const unreadable = messages.filter((message) => message.batch === undefined).map(({ record }) => ({ itemIdentifier: record.messageId }));
  try {
    const counted = await countEvents(readable.flatMap(({ batch }) => batch!.events));
    logger.info('storefront events counted', { messages: readable.length, ...counted });
    return { batchItemFailures: unreadable };
  } catch (error) {
    logger.warn('counting the messages together failed; counting each alone', { messages: readable.length, error });
  }
  const failed = [...unreadable];
  for (const { record, batch } of readable) {
    try {
      const counted = await countEvents(batch!.events);
      logger.info('storefront events counted', { messageId: record.messageId, keyId: batch!.keyId, ...counted });
    } catch (error) {
      logger.error('storefront batch not counted; SQS delivers it again', { messageId: record.messageId, keyId: batch!.keyId, error });
      failed.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failed };
};
