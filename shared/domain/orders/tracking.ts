/**
 * Carrier tracking updates, which arrive late, out of order and more than once.
 *
 * The state keeps maxima only — the furthest progress (IN_TRANSIT < OUT_FOR_DELIVERY < DELIVERED),
 * the time of the latest progress scan, the latest exception — and derives the status from them:
 *   DELIVERED   once any DELIVERED scan arrived: final, nothing after it changes the status;
 *   EXCEPTION   when the latest exception is at or after the latest progress scan (a tie counts as
 *               open: better one alert too many); a later progress scan resolves it, and an
 *               exception older than the latest progress scan arrives already resolved (STALE);
 *   otherwise   the furthest progress; undefined before the first scan (the order is SHIPPED).
 * Maxima do not care about order or repetition, so any arrival order of the same updates ends in the
 * same status, and a replay changes nothing. Event ids are remembered only to report duplicates.
 *
 * `effect` tells the caller what to do: STATUS_CHANGED → update the order and notify the customer
 * (and alert ops when it became EXCEPTION); RECORDED → save the state, tell nobody; DUPLICATE or STALE → nothing.
 */
import { invalid } from '../errors';

export const TRACKING_STATUSES = ['IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION'] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];
export type ProgressStatus = Exclude<TrackingStatus, 'EXCEPTION'>;

const PROGRESS_RANK: Readonly<Record<ProgressStatus, number>> = { IN_TRANSIT: 1, OUT_FOR_DELIVERY: 2, DELIVERED: 3 };

/** Event ids kept for duplicate reports; older ones may be forgotten safely (a replay is then merely STALE). */
export const SEEN_EVENT_LIMIT = 100;

export interface TrackingUpdate {
  /** The carrier's id for this scan event: the same event delivered twice has the same id. */
  readonly eventId: string;
  readonly status: TrackingStatus;
  /** When the carrier scanned it, ISO-8601 (any offset; stored as UTC). */
  readonly occurredAt: string;
  readonly description?: string;
}

export interface TrackingState {
  readonly status?: TrackingStatus;
  readonly furthest?: ProgressStatus;
  readonly lastProgressAt?: string;
  readonly lastException?: { readonly eventId: string; readonly occurredAt: string; readonly description?: string };
  readonly seenEventIds: readonly string[];
}

export const NO_TRACKING: TrackingState = { seenEventIds: [] };

export type TrackingEffect = 'STATUS_CHANGED' | 'RECORDED' | 'DUPLICATE' | 'STALE';

export interface TrackingResult {
  readonly state: TrackingState;
  readonly effect: TrackingEffect;
  readonly from?: TrackingStatus;
  readonly to?: TrackingStatus;
  readonly notifyCustomer: boolean;
  readonly alertOps: boolean;
}

const toUtc = (occurredAt: string): string => {
  const time = Date.parse(occurredAt);
  if (Number.isNaN(time)) throw invalid('A tracking update needs a valid time', [{ field: 'occurredAt', message: 'must be an ISO-8601 date-time' }]);
  return new Date(time).toISOString();
};

const later = (a: string | undefined, b: string): string => (a !== undefined && a >= b ? a : b);

const statusOf = (state: Omit<TrackingState, 'status' | 'seenEventIds'>): TrackingStatus | undefined => {
  if (state.furthest === 'DELIVERED') return 'DELIVERED';
  const { lastException, lastProgressAt } = state;
  if (lastException && (lastProgressAt === undefined || lastException.occurredAt >= lastProgressAt)) return 'EXCEPTION';
  return state.furthest;
};

const result = (state: TrackingState, effect: TrackingEffect, from: TrackingStatus | undefined): TrackingResult => ({
  state,
  effect,
  from,
  to: state.status,
  notifyCustomer: effect === 'STATUS_CHANGED',
  alertOps: effect === 'STATUS_CHANGED' && state.status === 'EXCEPTION',
});

export function applyTrackingUpdate(current: TrackingState, update: TrackingUpdate): TrackingResult {
  const from = current.status;
  if (current.seenEventIds.includes(update.eventId)) return result(current, 'DUPLICATE', from);
  const occurredAt = toUtc(update.occurredAt);
  const seenEventIds = [...current.seenEventIds, update.eventId].slice(-SEEN_EVENT_LIMIT);
  if (from === 'DELIVERED') return result({ ...current, seenEventIds }, 'STALE', from);

  let { furthest, lastProgressAt, lastException } = current;
  if (update.status === 'EXCEPTION') {
    // One older than the latest progress scan was resolved already; it can never be open again, so it is not kept.
    const resolved = lastProgressAt !== undefined && occurredAt < lastProgressAt;
    if (!resolved && (!lastException || occurredAt > lastException.occurredAt)) {
      lastException = { eventId: update.eventId, occurredAt, ...(update.description ? { description: update.description } : {}) };
    }
  } else {
    if (!furthest || PROGRESS_RANK[update.status] > PROGRESS_RANK[furthest]) furthest = update.status;
    lastProgressAt = later(lastProgressAt, occurredAt);
  }

  const learned = furthest !== current.furthest || lastProgressAt !== current.lastProgressAt || lastException !== current.lastException;
  const status = statusOf({ furthest, lastProgressAt, lastException });
  const state: TrackingState = {
    ...(status ? { status } : {}),
    ...(furthest ? { furthest } : {}),
    ...(lastProgressAt ? { lastProgressAt } : {}),
    ...(lastException ? { lastException } : {}),
    seenEventIds,
  };
  return result(state, status !== from ? 'STATUS_CHANGED' : learned ? 'RECORDED' : 'STALE', from);
}

/**
 * The moment a delivery promised for `promisedBy` (`YYYY-MM-DD`) is late: the start of the next day, UTC.
 * In our EU time zones that is 00:00–02:00 local, a lenient reading of "by that date". A workflow can wait for it.
 */
export const deliveryDeadline = (promisedBy: string): string => {
  const startOfDay = Date.parse(`${promisedBy}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(promisedBy) || Number.isNaN(startOfDay)) {
    throw invalid('A promised delivery date is a calendar date', [{ field: 'promisedBy', message: 'must be YYYY-MM-DD' }]);
  }
  return new Date(startOfDay + 86_400_000).toISOString();
};

/** Whether a parcel not yet delivered is late at `now`. The caller checks it was not delivered. */
export const isDeliveryOverdue = (promisedBy: string, now: Date): boolean => now.getTime() >= Date.parse(deliveryDeadline(promisedBy));

const ORDER_PROGRESS: readonly (TrackingStatus | undefined)[] = [undefined, 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED'];

/**
 * Where a multi-parcel order stands from its parcels' tracking: DELIVERED when every parcel is; EXCEPTION
 * while any parcel has an open exception; else as far as the least advanced parcel (undefined: none has
 * moved yet, the order stays SHIPPED). With one parcel it is that parcel's status.
 */
export function ordersTrackingStatus(parcels: readonly Pick<TrackingState, 'status'>[]): TrackingStatus | undefined {
  if (parcels.length === 0) return undefined;
  if (parcels.some((parcel) => parcel.status === 'EXCEPTION')) return 'EXCEPTION';
  const ranks = parcels.map((parcel) => ORDER_PROGRESS.indexOf(parcel.status));
  return ORDER_PROGRESS[Math.min(...ranks)];
}
