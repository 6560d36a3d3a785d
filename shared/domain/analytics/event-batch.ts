/**
 * A batch of storefront events decided together (docs/analytics.md, "Aggregation at write time"): each session's
 * events folded over it, the ones it already holds (`eventIds`: an event always belongs to its session) left out as
 * duplicates, a visitor counted once per day whatever the number of its sessions in the batch, and the sessions
 * packed into transactions of at most 100 items — their puts and their counters merged across sessions, so a
 * counter item is paid once per transaction instead of once per session.
 */
import { mergeCounterAdds, type CounterAdd } from './counters';
import { recordSessionEvents, visitorDayOf, type Session } from './sessions';
import type { StorefrontEvent } from './storefront-events';

/** Events of one session folded in one write at most (a round takes each session's next ones). */
export const EVENTS_PER_SESSION_WRITE = 20;
/** DynamoDB's limit of items in one transaction. */
export const MAX_WRITE_ITEMS = 100;

export interface SessionChange {
  /** The session after its new events, holding their ids. */
  readonly session: Session;
  /** The version read (undefined: these events create it): its put is conditional on it. */
  readonly readVersion: number | undefined;
  /**
   * Put the visitor's day guard: the first session of a visitor not yet seen that day — unless the visitor is the
   * session itself (no visitor or customer id: `S:<session>`), whose creation already counts it once.
   */
  readonly newVisitor: boolean;
  readonly counters: readonly CounterAdd[];
  readonly eventIds: readonly string[];
}

export interface BatchDecision {
  /** Writes of sessions, each under MAX_WRITE_ITEMS items with its merged counters. */
  readonly writes: readonly (readonly SessionChange[])[];
  /** Events their session already held. */
  readonly duplicates: readonly string[];
}

/**
 * Each event once, the first of its session and id kept: a queue delivery may hold a batch and its resending (both
 * queued before either was counted), whose events no session holds yet. An event belongs to its session, so two
 * storefronts' equal ids in different sessions are two events.
 */
export function distinctEvents(events: readonly StorefrontEvent[]): StorefrontEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => {
    const key = `${event.sessionId}\u0000${event.eventId}`;
    return !seen.has(key) && seen.add(key);
  });
}

/** How a visitor's day is named in `visitorClaims` (the key of its claim, `<day>|<visitor>`). */
export const visitorClaimKey = ({ day, visitorId }: { readonly day: string; readonly visitorId: string }): string => `${day}|${visitorId}`;

/** The batch's events by session, each session's in time order, cut in rounds of EVENTS_PER_SESSION_WRITE. */
export function sessionRounds(events: readonly StorefrontEvent[]): StorefrontEvent[][] {
  const bySession = new Map<string, StorefrontEvent[]>();
  for (const event of events) bySession.set(event.sessionId, [...(bySession.get(event.sessionId) ?? []), event]);
  const rounds: StorefrontEvent[][] = [];
  for (const sessionEvents of bySession.values()) {
    const ordered = [...sessionEvents].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    for (let start = 0, round = 0; start < ordered.length; start += EVENTS_PER_SESSION_WRITE, round += 1) {
      (rounds[round] ??= []).push(...ordered.slice(start, start + EVENTS_PER_SESSION_WRITE));
    }
  }
  return rounds;
}

/**
 * One round's events (at most EVENTS_PER_SESSION_WRITE a session) against their sessions as read (`sessions`, by
 * id; absent: new) and the visitor days already claimed (`visitorClaims`, `<day>|<visitor>` → the session that
 * claimed it, for new sessions). A claimed visitor counts only with its claiming session — when that one is new
 * here, its earlier write failed after the claim; an unclaimed one with the round's first new session of it.
 */
export function decideEventBatch(events: readonly StorefrontEvent[], sessions: ReadonlyMap<string, Session>, visitorClaims: ReadonlyMap<string, string>, timeZone: string): BatchDecision {
  const bySession = new Map<string, StorefrontEvent[]>();
  for (const event of events) bySession.set(event.sessionId, [...(bySession.get(event.sessionId) ?? []), event]);
  const claimedHere = new Set<string>();
  const changes: SessionChange[] = [];
  const duplicates: string[] = [];
  for (const [sessionId, sessionEvents] of bySession) {
    const current = sessions.get(sessionId);
    const held = new Set(current?.eventIds ?? []);
    const fresh = [...sessionEvents].filter((event) => !held.has(event.eventId)).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    duplicates.push(...sessionEvents.filter((event) => held.has(event.eventId)).map((event) => event.eventId));
    if (fresh.length === 0) continue;
    const visitor = visitorDayOf(fresh[0]!, timeZone);
    const visitorKey = visitorClaimKey(visitor);
    const claimer = visitorClaims.get(visitorKey);
    const seen = current !== undefined || (claimer !== undefined ? claimer !== sessionId : claimedHere.has(visitorKey));
    const recording = recordSessionEvents(fresh, current, seen, timeZone);
    const newVisitor = recording.newSession && !seen && !isSessionVisitor(visitor.visitorId);
    claimedHere.add(visitorKey);
    const eventIds = fresh.map((event) => event.eventId);
    changes.push({ session: { ...recording.session, eventIds: [...held, ...eventIds] }, readVersion: current?.version, newVisitor, counters: recording.counters, eventIds });
  }
  return { writes: packWrites(changes), duplicates };
}

/** A visitor known only by its session: seen on no other session, so it needs no guard of its own. */
export const isSessionVisitor = (visitorId: string): boolean => visitorId.startsWith('S:');

/** Items a transaction of these sessions takes: a put each and one update per merged counter item (visitor claims are written before it). */
export const writeItems = (changes: readonly SessionChange[]): number => changes.length + mergeCounterAdds(changes.flatMap((change) => change.counters)).length;

/** Sessions in order, a write filled while its items stay within MAX_WRITE_ITEMS. */
export function packWrites(changes: readonly SessionChange[]): SessionChange[][] {
  const writes: SessionChange[][] = [];
  let current: SessionChange[] = [];
  for (const change of changes) {
    if (current.length > 0 && writeItems([...current, change]) > MAX_WRITE_ITEMS) {
      writes.push(current);
      current = [];
    }
    current.push(change);
  }
  if (current.length > 0) writes.push(current);
  return writes;
}
