/**
 * Counting storefront events exactly once, for count-storefront-events.ts: what a queue delivery's events do to
 * their sessions, visitors and day counters (docs/analytics.md, "Aggregation at write time").
 */
import * as analyticsRepository from '../../shared/adapters/analytics-repository';
import { inBatches } from '../../shared/adapters/table-access';
import { decideEventBatch, distinctEvents, isSessionVisitor, sessionRounds, visitorClaimKey } from '../../shared/domain/analytics/event-batch';
import { visitorDayOf, type Session } from '../../shared/domain/analytics/sessions';
import { isWithinCountingWindow, type StorefrontEvent } from '../../shared/domain/analytics/storefront-events';
import { untilSettled } from './retry';
import { settings } from './settings';

/** What the sessions of `events` hold now, and who claimed their visitors' days (for the new ones). */
async function readSessions(events: readonly StorefrontEvent[]) {
  const firsts = new Map<string, StorefrontEvent>();
  for (const event of events) if (!firsts.has(event.sessionId)) firsts.set(event.sessionId, event);
  const read = await inBatches([...firsts.values()], async (event) => ({ event, session: await analyticsRepository.getSession(event.sessionId) }));
  const sessions = new Map<string, Session>(read.filter(({ session }) => session !== undefined).map(({ event, session }) => [event.sessionId, session!]));
  const visitors = new Map(read.filter(({ session }) => !session).map(({ event }) => visitorDayOf(event, settings.timeZone)).filter(({ visitorId }) => !isSessionVisitor(visitorId)).map((visitor) => [visitorClaimKey(visitor), visitor]));
  const claims = await inBatches([...visitors], async ([key, { day, visitorId }]): Promise<[string, string | undefined]> => [key, await analyticsRepository.visitorClaimedBy(day, visitorId)]);
  return { sessions, visitorClaims: new Map(claims.filter((claim): claim is [string, string] => claim[1] !== undefined)) };
}

/**
 * Events exactly once (shared/domain/analytics/event-batch.ts): each once, those still within the counting window;
 * per round (a session's next 20 events), read its sessions, leave out the events they already hold, and write the
 * rest — the sessions, new visitors' claims and merged counters — in as few transactions as fit. A session or
 * visitor that moved meanwhile: read and decide the round again.
 */
export async function countEvents(events: readonly StorefrontEvent[], now: Date): Promise<{ counted: number; duplicates: number; tooLate: number }> {
  const counted = new Set<string>();
  const duplicates = new Set<string>();
  const distinct = distinctEvents(events);
  const countable = distinct.filter((event) => isWithinCountingWindow(event, now));
  for (const round of sessionRounds(countable)) {
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
  return { counted: counted.size, duplicates: duplicates.size + events.length - distinct.length, tooLate: distinct.length - countable.length };
}
