/**
 * One supplier's weekly card, decided: score the week (standing.ts), move the standing, and say what the
 * supplier record and its history keep. The weekly job loads, this decides, the repository saves it all in one
 * transaction with the `SupplierStandingChanged` event.
 *
 * - A week without deliveries is not scored and writes nothing: it neither moves nor breaks a run of weeks.
 * - Weeks move the standing in order: a week at or before the last one applied (`scoredThrough`: a missed week
 *   recomputed late) gets its history card but leaves the standing as it is, so no week counts twice.
 * - The record's `status` follows the standing (`statusForStanding`: PREFERRED is an APPROVED supplier).
 */
import type { DomainEventDraft } from '../events';
import { nextStanding, scoreWeek, statusForStanding, type StandingState, type SupplierStanding, type WeeklyActivity, type WeeklyScoreLine } from './standing';
import type { SupplierStatus } from './supplier';

/** What the supplier record keeps of its weekly standing. */
export interface SupplierStandingFields {
  /** Absent on a supplier never scored: its status stands for it. */
  readonly standing?: SupplierStanding;
  /** The move under way and how many consecutive active weeks it has held. */
  readonly standingPending?: StandingState['pending'];
  /** The last week (its Monday) that moved the standing. */
  readonly scoredThrough?: string;
  readonly latestWeeklyScore?: { readonly weekStart: string; readonly score: number };
}

/** The history card of one scored week (`SUPPLIER#<id>` / `SCORECARD#<weekStart>`). */
export interface WeeklyScorecard {
  readonly supplierId: string;
  readonly weekStart: string;
  readonly score: number;
  readonly lines: readonly WeeklyScoreLine[];
  /** The counts it was scored on, so the card shows its sample sizes. */
  readonly activity: WeeklyActivity;
  readonly standingBefore: SupplierStanding;
  readonly standingAfter: SupplierStanding;
  readonly pending?: StandingState['pending'];
  /** False for a week scored after a later one had moved the standing already. */
  readonly movedStanding: boolean;
}

export type WeekOutcome =
  | { readonly kind: 'inactive' }
  | {
      readonly kind: 'scored';
      readonly card: WeeklyScorecard;
      /** The supplier's next standing fields and status; undefined when the record stays as it is. */
      readonly supplier?: SupplierStandingFields & { readonly status: SupplierStatus };
      readonly events: DomainEventDraft[];
    };

/** The standing of a supplier record: stored once scored, else the one its status gives. */
export const standingOf = (supplier: { readonly status: SupplierStatus } & SupplierStandingFields): SupplierStanding => supplier.standing ?? supplier.status;

export function decideWeek(supplier: { readonly supplierId: string; readonly status: SupplierStatus } & SupplierStandingFields, activity: WeeklyActivity): WeekOutcome {
  const week = scoreWeek(activity);
  if (!week) return { kind: 'inactive' };
  const before: StandingState = { standing: standingOf(supplier), ...(supplier.standingPending ? { pending: supplier.standingPending } : {}) };
  const inOrder = supplier.scoredThrough === undefined || activity.weekStart > supplier.scoredThrough;
  const { next, events } = inOrder ? nextStanding(supplier.supplierId, before, week) : { next: before, events: [] };
  const card: WeeklyScorecard = {
    supplierId: supplier.supplierId,
    weekStart: week.weekStart,
    score: week.score,
    lines: week.lines,
    activity,
    standingBefore: before.standing,
    standingAfter: next.standing,
    ...(next.pending ? { pending: next.pending } : {}),
    movedStanding: inOrder,
  };
  if (!inOrder) return { kind: 'scored', card, events: [] };
  return {
    kind: 'scored',
    card,
    supplier: {
      status: statusForStanding(next.standing),
      standing: next.standing,
      ...(next.pending ? { standingPending: next.pending } : {}),
      scoredThrough: week.weekStart,
      latestWeeklyScore: { weekStart: week.weekStart, score: week.score },
    },
    events,
  };
}
