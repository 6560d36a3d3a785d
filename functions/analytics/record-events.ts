import { analyticsRoutes, STOREFRONT_KEY_HEADER } from '../../shared/contracts/analytics';
import * as analyticsRepository from '../../shared/adapters/analytics-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { inBatches } from '../../shared/adapters/table-access';
import { storefrontHandler } from '../../shared/http/storefront-handler';
import { invalid } from '../../shared/domain/errors';
import { recordEvent } from '../../shared/domain/analytics/sessions';
import { batchRefusals, type StorefrontEvent } from '../../shared/domain/analytics/storefront-events';
import { untilSettled } from './retry';
import { settings } from './settings';

/** One event, exactly once: read its session (and, for a new one, whether its visitor was seen that day), decide, write. */
const recordOne = (event: StorefrontEvent) =>
  untilSettled(`event ${event.eventId}`, async () => {
    const session = await analyticsRepository.getSession(event.sessionId);
    const first = session ? undefined : recordEvent(event, undefined, false, settings.timeZone).session;
    const seen = first ? await analyticsRepository.visitorSeen(first.day, first.visitorId) : true;
    const recording = recordEvent(event, session, seen, settings.timeZone);
    return analyticsRepository.recordEvent({
      eventId: event.eventId,
      session: recording.session,
      readVersion: session?.version,
      newVisitor: recording.newSession && !seen,
      counters: recording.counters,
      shards: settings.counterShards,
    });
  });

/** The sessions side by side, each session's events one after another in time order (they change one item). */
async function recordBatch(events: readonly StorefrontEvent[]): Promise<string[]> {
  const bySession = new Map<string, StorefrontEvent[]>();
  for (const event of events) bySession.set(event.sessionId, [...(bySession.get(event.sessionId) ?? []), event]);
  const outcomes = await inBatches([...bySession.values()], async (sessionEvents) => {
    const done: string[] = [];
    for (const event of [...sessionEvents].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))) done.push(await recordOne(event));
    return done;
  });
  return outcomes.flat();
}

const isActiveKey = async (presented: string) => (await analyticsRepository.activeKeyFor(presented)) !== undefined;

/**
 * POST /events — a storefront's batch: its key checked first (401, shared/http/storefront-handler.ts), every event checked (400 naming each bad one by
 * index, nothing written), then each event recorded once with its session and day counters.
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
