/**
 * Recording one storefront event: what it adds to its day's counters, and what it does to its session. The
 * first event of a session creates it; a second page view or a checkout marks it engaged (once); every event
 * stretches its duration. Bounce rate = 1 − engaged sessions / sessions (GA4's definition, with "engaged"
 * as the issue states it).
 */
import type { CounterAdd, Dimension } from './counters';
import { normalizedQuery, regionOf, sourceOf, storeDay, type StorefrontEvent } from './storefront-events';

export interface Session {
  readonly sessionId: string;
  /** The store day it started: its session counters (sessions, engaged, duration) belong to that day. */
  readonly day: string;
  readonly startedAt: string;
  readonly lastAt: string;
  readonly pageViews: number;
  readonly engaged: boolean;
  readonly source: string;
  readonly region: string;
  readonly device: string;
  readonly visitorId: string;
  /** Bumped by every write: the next write is conditional on it. */
  readonly version: number;
  /** The ids of the events recorded into it (event-batch.ts): a resent event is found here. Absent on sessions from before. */
  readonly eventIds?: readonly string[];
}

export interface EventRecording {
  readonly session: Session;
  readonly newSession: boolean;
  readonly counters: readonly CounterAdd[];
}

const PAGE_TYPES = new Set(['page_view', 'product_view']);

/** Who the visitor is: the customer when signed in, else the browser's id, else the session alone. */
export const visitorOf = (event: StorefrontEvent): string => (event.customerId ? `C:${event.customerId}` : event.visitorId ? `V:${event.visitorId}` : `S:${event.sessionId}`);

/** What the event itself adds on its own day: page views, product views, searches, carts, checkouts. */
export function eventCounters(event: StorefrontEvent, timeZone: string): CounterAdd[] {
  const day = storeDay(event.occurredAt, timeZone);
  const at = (dimension: Dimension, add: Record<string, number>): CounterAdd => ({ day, dimension, add });
  const adds: CounterAdd[] = [at('TOTAL', { events: 1, ...(PAGE_TYPES.has(event.type) ? { pageViews: 1 } : {}) })];
  const sku = event.sku;
  const category = event.categoryId;
  switch (event.type) {
    case 'product_view':
      adds.push(at('TOTAL', { productViews: 1 }));
      if (sku) adds.push(at(`SKU#${sku}`, { views: 1 }));
      if (category) adds.push(at(`CATEGORY#${category}`, { views: 1 }));
      break;
    case 'add_to_cart':
      adds.push(at('TOTAL', { addToCarts: 1 }));
      if (sku) adds.push(at(`SKU#${sku}`, { addToCarts: 1, unitsAddedToCart: event.quantity ?? 1 }));
      if (category) adds.push(at(`CATEGORY#${category}`, { addToCarts: 1 }));
      break;
    case 'remove_from_cart':
      adds.push(at('TOTAL', { removeFromCarts: 1 }));
      if (sku) adds.push(at(`SKU#${sku}`, { removeFromCarts: 1 }));
      break;
    case 'search':
      adds.push(at('TOTAL', { searches: 1, ...(event.resultCount === 0 ? { noResultSearches: 1 } : {}) }));
      if (event.resultCount === 0 && event.query) adds.push(at(`NO_RESULT#${normalizedQuery(event.query)}`, { searches: 1 }));
      break;
    case 'checkout_started':
      adds.push(at('TOTAL', { checkouts: 1 }));
      break;
    case 'page_view':
      break;
  }
  return adds;
}

const seconds = (from: string, to: string) => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

/**
 * The event applied to its session (`current`, undefined for the session's first event): the next session and
 * the counters it adds — the event's own, and the session's (a new session, a visitor new that day unless
 * `visitorSeen`, the moment it becomes engaged, the seconds it grew by) on the session's start day.
 */
export function recordEvent(event: StorefrontEvent, current: Session | undefined, visitorSeen: boolean, timeZone: string): EventRecording {
  const counters = eventCounters(event, timeZone);
  const base: Session = current ?? {
    sessionId: event.sessionId,
    day: storeDay(event.occurredAt, timeZone),
    startedAt: event.occurredAt,
    lastAt: event.occurredAt,
    pageViews: 0,
    engaged: false,
    source: sourceOf(event),
    region: regionOf(event),
    device: event.device ?? 'other',
    visitorId: visitorOf(event),
    version: 0,
  };
  const startedAt = event.occurredAt < base.startedAt ? event.occurredAt : base.startedAt;
  const lastAt = event.occurredAt > base.lastAt ? event.occurredAt : base.lastAt;
  const pageViews = base.pageViews + (PAGE_TYPES.has(event.type) ? 1 : 0);
  const engaged = base.engaged || pageViews >= 2 || event.type === 'checkout_started';
  const session: Session = { ...base, startedAt, lastAt, pageViews, engaged, version: base.version + 1 };
  const sessionDay = (dimension: Dimension, add: Record<string, number>): CounterAdd => ({ day: base.day, dimension, add });
  const facets: Dimension[] = ['TOTAL', `SOURCE#${base.source}`, `REGION#${base.region}`, `DEVICE#${base.device}`];
  if (!current) {
    counters.push(...facets.map((dimension) => sessionDay(dimension, { sessions: 1 })));
    if (!visitorSeen) counters.push(sessionDay('TOTAL', { visitors: 1 }));
  }
  if (engaged && !base.engaged) counters.push(...facets.map((dimension) => sessionDay(dimension, { engagedSessions: 1 })));
  const grew = seconds(startedAt, lastAt) - seconds(base.startedAt, base.lastAt);
  if (grew > 0) counters.push(sessionDay('TOTAL', { sessionSeconds: grew }));
  return { session, newSession: !current, counters };
}

/** The visitor's day guard a session's first event is checked against: its store day and who the visitor is. */
export const visitorDayOf = (event: StorefrontEvent, timeZone: string) => ({ day: storeDay(event.occurredAt, timeZone), visitorId: visitorOf(event) });

/**
 * A session's events (in time order) folded over it: the session after them and every counter they add — what
 * one write records for all of them (`current` undefined: the first of them creates the session).
 */
export function recordSessionEvents(events: readonly StorefrontEvent[], current: Session | undefined, visitorSeen: boolean, timeZone: string): EventRecording {
  if (events.length === 0) throw new Error('recordSessionEvents needs at least one event');
  let session = current;
  const counters: CounterAdd[] = [];
  for (const event of events) {
    const recording = recordEvent(event, session, visitorSeen, timeZone);
    counters.push(...recording.counters);
    session = recording.session;
  }
  return { session: session!, newSession: !current, counters };
}
