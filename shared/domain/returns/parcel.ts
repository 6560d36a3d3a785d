/**
 * The return parcel on its way back (docs/returns.md, "Tracking the return parcel"): the carrier's webhook scans the
 * label's tracking number, and the return keeps the furthest progress (IN_TRANSIT → OUT_FOR_DELIVERY → DELIVERED to
 * the warehouse; EXCEPTION on top, cleared by later progress), ignoring a scan seen before. Only an approved return
 * waiting for its parcel is tracked. Once scanned it has been sent: it no longer expires at the parcel's deadline
 * (approval.ts `expireReturn`) — the workflow waits `transitDays` more for it to arrive. The warehouse's receipt is
 * still what counts for the refund.
 */
import type { TrackingStatus } from '../orders/tracking';
import { returnParcelException } from './events';
import type { ReturnDecision } from './request';
import type { Return } from './return';

export interface ReturnParcel {
  readonly status: TrackingStatus;
  /** When the carrier first scanned it: sent in time. */
  readonly sentAt: string;
  readonly updatedAt: string;
  readonly description?: string;
  /** The carrier's event ids seen (the last 20): a replay changes nothing. */
  readonly eventIds: readonly string[];
}

export interface ParcelScan {
  readonly eventId: string;
  readonly status: TrackingStatus;
  readonly occurredAt: string;
  readonly description?: string;
}

const RANK: Readonly<Record<TrackingStatus, number>> = { EXCEPTION: 0, IN_TRANSIT: 1, OUT_FOR_DELIVERY: 2, DELIVERED: 3 };

export type ParcelEffect = 'UPDATED' | 'DUPLICATE' | 'NOT_AWAITED' | 'NO_PROGRESS';

/** The scan on the return: its parcel's furthest progress, an EXCEPTION alerting ops; the effect says what it did. */
export function trackReturnParcel(ret: Return, scan: ParcelScan, now: Date): ReturnDecision & { readonly effect: ParcelEffect } {
  if (ret.parcel?.eventIds.includes(scan.eventId)) return { effect: 'DUPLICATE' };
  if (ret.status !== 'APPROVED') return { effect: 'NOT_AWAITED' };
  const current = ret.parcel?.status;
  const regress = current !== undefined && scan.status !== 'EXCEPTION' && current !== 'EXCEPTION' && RANK[scan.status] < RANK[current];
  const status = regress ? current! : scan.status;
  const parcel: ReturnParcel = {
    status,
    sentAt: ret.parcel?.sentAt ?? scan.occurredAt,
    updatedAt: now.toISOString(),
    ...(scan.description ? { description: scan.description } : {}),
    eventIds: [...(ret.parcel?.eventIds ?? []), scan.eventId].slice(-20),
  };
  const next: Return = { ...ret, parcel, updatedAt: now.toISOString() };
  return { next, events: scan.status === 'EXCEPTION' ? [returnParcelException(next)] : [], effect: regress ? 'NO_PROGRESS' : 'UPDATED' };
}
