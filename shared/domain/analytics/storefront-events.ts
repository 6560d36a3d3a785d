/**
 * What a storefront tells us about shoppers (`POST /events`), and the checks a batch passes before anything
 * of it is written: each event's type-specific fields, and its time — an event from the future (beyond a
 * small clock skew) or older than 48 h is refused with the reason, by its index in the batch.
 */
import type { FieldError } from '../errors';
import { localDateTime } from '../orders/calendar';

export const STOREFRONT_EVENT_TYPES = ['page_view', 'product_view', 'search', 'add_to_cart', 'remove_from_cart', 'checkout_started'] as const;
export type StorefrontEventType = (typeof STOREFRONT_EVENT_TYPES)[number];

export const DEVICE_CLASSES = ['desktop', 'mobile', 'tablet', 'other'] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

/** At most this many events per batch (and 256 KB per request, the API's body limit). */
export const MAX_BATCH_EVENTS = 100;
/** An event older than this is refused: its day's counters may already be aggregated. */
export const MAX_EVENT_AGE_HOURS = 48;
/**
 * Counting keeps an event's session (its event ids) and its visitor's day claim this long after the event, so a
 * queued batch is counted exactly once however late it is counted: 48 h late on arrival, plus the 4 days the
 * storefront-events queue keeps a message, plus a day of margin.
 */
export const COUNTING_MEMORY_DAYS = 7;
/**
 * Only events at most this old are counted (a dead letter redriven later is left out and logged): past it, the
 * session or claim that would recognise it as counted may be gone, and counting it could count it twice.
 */
export const COUNTING_WINDOW_DAYS = COUNTING_MEMORY_DAYS - 1;

/** Whether counting may still take the event now (COUNTING_WINDOW_DAYS). */
export const isWithinCountingWindow = (event: Pick<StorefrontEvent, 'occurredAt'>, now: Date): boolean =>
  now.getTime() - Date.parse(event.occurredAt) <= COUNTING_WINDOW_DAYS * 86_400_000;

/** A browser clock this far ahead of ours is tolerated; further is "from the future". */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export interface StorefrontEvent {
  /** The client's id of the event: a batch sent twice counts once. */
  readonly eventId: string;
  readonly type: StorefrontEventType;
  /** ISO-8601 UTC, when it happened in the browser. */
  readonly occurredAt: string;
  readonly sessionId: string;
  readonly customerId?: string;
  /** An anonymous, long-lived browser id (a first-party cookie): one visitor across sessions. */
  readonly visitorId?: string;
  /** UTM source or referrer host; `direct` when absent. */
  readonly source?: string;
  readonly device?: DeviceClass;
  /** ISO 3166-1 alpha-2 country, or a region code of the store's choosing. */
  readonly region?: string;
  readonly sku?: string;
  readonly productId?: string;
  readonly categoryId?: string;
  readonly quantity?: number;
  readonly query?: string;
  readonly resultCount?: number;
}

/** The fields a type needs beyond the common ones. */
const REQUIRED_BY_TYPE: Readonly<Record<StorefrontEventType, readonly (keyof StorefrontEvent)[]>> = {
  page_view: [],
  product_view: ['sku'],
  search: ['query', 'resultCount'],
  add_to_cart: ['sku'],
  remove_from_cart: ['sku'],
  checkout_started: [],
};

/**
 * Every reason to refuse the batch, each naming its event by index (`events.3.occurredAt`); empty when
 * every event may be recorded. A batch is recorded whole or not at all.
 */
export function batchRefusals(events: readonly StorefrontEvent[], now: Date): FieldError[] {
  const refusals: FieldError[] = [];
  const latest = now.getTime() + MAX_CLOCK_SKEW_SECONDS * 1000;
  const earliest = now.getTime() - MAX_EVENT_AGE_HOURS * 3_600_000;
  const seen = new Map<string, number>();
  events.forEach((event, index) => {
    for (const field of REQUIRED_BY_TYPE[event.type]) {
      if (event[field] === undefined) refusals.push({ field: `events.${index}.${field}`, message: `required for a ${event.type} event` });
    }
    const at = Date.parse(event.occurredAt);
    if (at > latest) refusals.push({ field: `events.${index}.occurredAt`, message: 'in the future (more than 5 minutes ahead of the server clock)' });
    if (at < earliest) refusals.push({ field: `events.${index}.occurredAt`, message: `older than ${MAX_EVENT_AGE_HOURS} hours` });
    const first = seen.get(event.eventId);
    if (first !== undefined) refusals.push({ field: `events.${index}.eventId`, message: `the same id as event ${first} of this batch` });
    else seen.set(event.eventId, index);
  });
  return refusals;
}

/** The store's calendar day of an instant (`YYYY-MM-DD` in its time zone): the day a counter belongs to. */
export const storeDay = (at: string | Date, timeZone: string): string => localDateTime(typeof at === 'string' ? new Date(at) : at, timeZone).date;

/** Traffic source as counted: lower-case, `direct` when the storefront named none. */
export const sourceOf = (event: Pick<StorefrontEvent, 'source'>): string => event.source?.trim().toLowerCase() || 'direct';
export const regionOf = (event: Pick<StorefrontEvent, 'region'>): string => event.region?.trim().toUpperCase() || 'UNKNOWN';

/** A search query as counted: trimmed, lower-case, inner spaces collapsed (so "Red  Mug" and "red mug" are one). */
export const normalizedQuery = (query: string): string => query.trim().toLowerCase().replace(/\s+/g, ' ').slice(0, 100);

/**
 * The shard of a hot counter a write goes to: a stable hash (FNV-1a) of the event's id modulo `shards`. Each
 * shard is its own partition, so a flash sale's writes spread over `shards` partitions; readers sum them.
 */
export function shardOf(id: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}
