import { analyticsRoutes, STOREFRONT_KEY_HEADER } from '../../shared/contracts/analytics';
import * as analyticsRepository from '../../shared/adapters/analytics-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { inBatches } from '../../shared/adapters/table-access';
import { storefrontHandler } from '../../shared/http/storefront-handler';
import { invalid } from '../../shared/domain/errors';
import { recordSessionEvents, visitorDayOf } from '../../shared/domain/analytics/sessions';
import { batchRefusals, type StorefrontEvent } from '../../shared/domain/analytics/storefront-events';
import { untilSettled } from './retry';
import { settings } from './settings';

/** A session's events written together at most (a guard each, the session, the visitor, its counters: under 100 items). */
const EVENTS_PER_WRITE = 20;

/**
 * Events of one session, exactly once, in one transaction: read the session (and, for a new one, whether its
 * visitor was seen that day), fold the events over it in time order, write. `duplicate` when one of them was
 * counted before: nothing was written, so they are recorded one by one (each then `recorded` or `duplicate`).
 */
const recordTogether = (events: readonly StorefrontEvent[]) =>
  untilSettled(`events of session ${events[0]!.sessionId}`, async () => {
    const read = await analyticsRepository.getSession(events[0]!.sessionId);
    const visitor = visitorDayOf(events[0]!, settings.timeZone);
    const seen = read !== undefined || (await analyticsRepository.visitorSeen(visitor.day, visitor.visitorId));
    const recording = recordSessionEvents(events, read, seen, settings.timeZone);
    return analyticsRepository.recordEvents({
      eventIds: events.map((event) => event.eventId),
      session: recording.session,
      readVersion: read?.version,
      newVisitor: recording.newSession && !seen,
      counters: recording.counters,
      shards: settings.counterShards,
    });
  });

async function recordSession(events: readonly StorefrontEvent[]): Promise<string[]> {
  const done: string[] = [];
  for (let start = 0; start < events.length; start += EVENTS_PER_WRITE) {
    const chunk = events.slice(start, start + EVENTS_PER_WRITE);
    const together = await recordTogether(chunk);
    if (together === 'recorded') done.push(...chunk.map(() => 'recorded'));
    else if (chunk.length === 1) done.push(together);
    else for (const event of chunk) done.push(await recordTogether([event]));
  }
  return done;
}

/** The sessions side by side, each session's events in time order (they change one item). */
async function recordBatch(events: readonly StorefrontEvent[]): Promise<string[]> {
  const bySession = new Map<string, StorefrontEvent[]>();
  for (const event of events) bySession.set(event.sessionId, [...(bySession.get(event.sessionId) ?? []), event]);
  const outcomes = await inBatches([...bySession.values()], (sessionEvents) => recordSession([...sessionEvents].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))));
  return outcomes.flat();
}

const isActiveKey = async (presented: string) => (await analyticsRepository.activeKeyFor(presented)) !== undefined;

/**
 * POST /events — a storefront's batch: its key checked first (401, shared/http/storefront-handler.ts), every event
 * checked (400 naming each bad one by index, nothing written), then each session's events recorded once, together,
 * with the session and day counters.
 */
export const handler = storefrontHandler(analyticsRoutes.recordEvents, isActiveKey, async function recordEvents({ body, headers }) {
  const keyId = analyticsRepository.keyIdOf(headers[STOREFRONT_KEY_HEADER] ?? '');
  const refusals = batchRefusals(body.events, clock.now());
  if (refusals.length > 0) throw invalid('Some events of the batch cannot be recorded; nothing of it was.', refusals);
  const outcomes = await recordBatch(body.events);
  const recorded = outcomes.filter((outcome) => outcome === 'recorded').length;
  logger.info('storefront events', { keyId, recorded, duplicates: outcomes.length - recorded });
  return { recorded, duplicates: outcomes.length - recorded };
});
