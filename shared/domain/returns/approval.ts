/**
 * The waits of the return-lifecycle workflow (docs/returns.md, "Workflow"): for an operator's decision (a reminder
 * to operators `reminderHours` before `review.decideBy`, then the return EXPIRES), and for the parcel (an approved
 * return not received within `parcelDays` of its approval EXPIRES). An expired return lets its units go; the
 * customer and ops are told. A decision or a receipt that slipped in first wins: each step changes nothing on a
 * return that is no longer waiting for it.
 */
import { isPositive, numberSetting, type Environment } from '../settings';
import { moveReturn, type Return } from './return';
import { returnApprovalReminderDue, returnExpired } from './events';
import type { ReturnDecision } from './request';
import { heldAfter, type OrderReturns } from './tally';

export interface ReturnWaitSettings {
  /** Hours before the decision's deadline that ops are reminded. */
  readonly reminderHours: number;
  /** Days an approved return has to arrive. */
  readonly parcelDays: number;
  /** Days a parcel the carrier scanned by then has, beyond that, to arrive before ops is told it is lost. */
  readonly transitDays: number;
}

export const returnWaitSettingsFrom = (env: Environment): ReturnWaitSettings => ({
  reminderHours: numberSetting(env.RETURN_APPROVAL_REMINDER_HOURS, 24, isPositive),
  parcelDays: numberSetting(env.RETURN_PARCEL_DAYS, 14, isPositive),
  transitDays: numberSetting(env.RETURN_PARCEL_TRANSIT_DAYS, 14, isPositive),
});

const seconds = (ms: number) => Math.max(1, Math.round(ms / 1000));

/**
 * Where the return stands and how long each wait lasts from now (Step Functions waits whole seconds, at least 1):
 * until the reminder, from it to the decision's deadline, and until the parcel's deadline (approval + parcelDays).
 */
export function returnTiming(ret: Return, now: Date, settings: ReturnWaitSettings) {
  const deadline = ret.review ? new Date(ret.review.decideBy).getTime() : now.getTime();
  const reminderAt = Math.max(now.getTime(), deadline - settings.reminderHours * 3_600_000);
  const parcelDue = new Date(ret.approval?.at ?? now.toISOString()).getTime() + settings.parcelDays * 86_400_000;
  return {
    status: ret.status,
    reminderAfterSeconds: seconds(reminderAt - now.getTime()),
    expireAfterReminderSeconds: seconds(deadline - reminderAt),
    parcelDueAfterSeconds: seconds(parcelDue - now.getTime()),
    transitAfterSeconds: seconds(settings.transitDays * 86_400_000),
  };
}

/** The status a wait is for: the decision waits while PENDING_APPROVAL, the parcel while APPROVED. */
export const WAITS_WHILE = { DECISION: 'PENDING_APPROVAL', PARCEL: 'APPROVED' } as const;

/** One reminder to operators while the return still waits. */
export function remindApprovers(ret: Return, now: Date): ReturnDecision {
  if (ret.status !== 'PENDING_APPROVAL' || !ret.review || ret.review.remindedAt) return {};
  const next: Return = { ...ret, review: { ...ret.review, remindedAt: now.toISOString() }, updatedAt: now.toISOString() };
  return { next, events: [returnApprovalReminderDue(next)] };
}

/** Nobody decided in time, or the parcel never came: EXPIRED, its units let go. A parcel the carrier scanned was sent in time: not expired. */
export function expireReturn(ret: Return, tally: OrderReturns, now: Date): ReturnDecision {
  if (ret.status !== 'PENDING_APPROVAL' && ret.status !== 'APPROVED') return {};
  if (ret.status === 'APPROVED' && ret.parcel) return {};
  const why = ret.status === 'PENDING_APPROVAL' ? 'nobody decided by the deadline' : 'the items did not arrive in time';
  const next = moveReturn(ret, 'EXPIRED', 'return-lifecycle', now, why);
  return { next, events: [returnExpired(next)], tally: { ...tally, heldUnits: heldAfter(tally.heldUnits, ret.lines, -1) } };
}

/** What the workflow's wait is answered with: where the return stands. */
export const decisionOutcome = (ret: Pick<Return, 'status'>) => ({ status: ret.status });
