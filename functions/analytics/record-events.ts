import { analyticsRoutes, STOREFRONT_KEY_HEADER } from '../../shared/contracts/analytics';
import * as analyticsRepository from '../../shared/adapters/analytics-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { inBatches } from '../../shared/adapters/table-access';
import { storefrontHandler } from '../../shared/http/storefront-handler';
import { invalid } from '../../shared/domain/errors';
import { decideEventBatch, isSessionVisitor, sessionRounds } from '../../shared/domain/analytics/event-batch';
import type { Session } from '../../shared/domain/analytics/sessions';
import { visitorDayOf } from '../../shared/domain/analytics/sessions';
import { batchRefusals, type StorefrontEvent } from '../../shared/domain/analytics/storefront-events';
import { untilSettled } from './retry';
import { settings } from './settings';

/** What the sessions of `events` hold now, and which of their visitors were already seen that day. */
async function readSessions(events: readonly StorefrontEvent[]) {
  const firsts = new Map<string, StorefrontEvent>();
  for (const event of events) if (!firsts.has(event.sessionId)) firsts.set(event.sessionId, event);
  const read = await inBatches([...firsts.values()], async (event) => ({ event, session: await analyticsRepository.getSession(event.sessionId) }));
  const sessions = new Map<string, Session>(read.filter(({ session }) => session !== undefined).map(({ event, session }) => [event.sessionId, session!]));
  const visitors = [...new Set(read.filter(({ session }) => !session).map(({ event }) => JSON.stringify(visitorDayOf(event, settings.timeZone))))]
    .map((key) => JSON.parse(key) as { day: string; visitorId: string })
    .filter(({ visitorId }) => !isSessionVisitor(visitorId));
  const seen = await inBatches(visitors, async ({ day, visitorId }) => ((await analyticsRepository.visitorSeen(day, visitorId)) ? `${day}|${visitorId}` : undefined));
  return { sessions, visitorsSeen: new Set(seen.filter((key) => key !== undefined)) };
}

/**
 * The batch exactly once (shared/domain/analytics/event-batch.ts): per round (a session's next 20 events), read its
 * sessions, leave out the events they already hold, and write the rest — the sessions, new visitors and merged
 * counters — in as few transactions as fit. A session that moved meanwhile: read and decide the round again (what
 * this request wrote already is then held by its session, and still counts as recorded by it).
 */
async function recordBatch(events: readonly StorefrontEvent[]): Promise<{ recorded: number; duplicates: number }> {
  const recorded = new Set<string>();
  const duplicates = new Set<string>();
  for (const round of sessionRounds(events)) {
    await untilSettled(`a batch of ${round.length} events`, async () => {
      const { sessions, visitorsSeen } = await readSessions(round);
      const decision = decideEventBatch(round, sessions, visitorsSeen, settings.timeZone);
      for (const eventId of decision.duplicates) if (!recorded.has(eventId)) duplicates.add(eventId);
      for (const write of decision.writes) {
        const outcome = await analyticsRepository.recordSessionChanges(write, settings.counterShards);
        if (outcome !== 'recorded') return outcome;
        for (const change of write) for (const eventId of change.eventIds) recorded.add(eventId);
      }
      return 'recorded';
    });
  }
  return { recorded: recorded.size, duplicates: duplicates.size };
}

const isActiveKey = async (presented: string) => (await analyticsRepository.activeKeyFor(presented)) !== undefined;

/**
 * POST /events — a storefront's batch: its key checked first (401, shared/http/storefront-handler.ts), every event
 * checked (400 naming each bad one by index, nothing written), then recorded once: the sessions (holding their
 * events' ids) and the day counters of the whole batch, merged.
 */
export const handler = storefrontHandler(analyticsRoutes.recordEvents, isActiveKey, async function recordEvents({ body, headers }) {
  const keyId = analyticsRepository.keyIdOf(headers[STOREFRONT_KEY_HEADER] ?? '');
  const refusals = batchRefusals(body.events, clock.now());
  if (refusals.length > 0) throw invalid('Some events of the batch cannot be recorded; nothing of it was.', refusals);
  const counted = await recordBatch(body.events);
  logger.info('storefront events', { keyId, ...counted });
  return counted;
});
