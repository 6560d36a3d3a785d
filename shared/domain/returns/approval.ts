/**
 * The wait for an operator's decision, as the return-approval workflow runs it (docs/returns.md, "Workflow"):
 * a reminder to operators `reminderHours` before the deadline, then the return EXPIRES when nobody decided by
 * `review.decideBy` (its units can be asked for again; the customer and ops are told). A decision that slipped in
 * first wins: each step changes nothing on a return that is no longer waiting.
 */
import { isPositive, numberSetting, type Environment } from '../settings';
import { moveReturn, type Return } from './return';
import { returnApprovalReminderDue, returnExpired } from './events';
import type { ReturnDecision } from './request';
import { heldAfter, type OrderReturns } from './tally';

export const approvalReminderHoursFrom = (env: Environment): number => numberSetting(env.RETURN_APPROVAL_REMINDER_HOURS, 24, isPositive);

/** How the workflow waits: until the reminder, then until the deadline (Step Functions waits whole seconds, at least 1). */
export function approvalTiming(ret: Return, now: Date, reminderHours: number): { readonly waiting: boolean; readonly reminderAfterSeconds: number; readonly expireAfterReminderSeconds: number } {
  const deadline = ret.review ? new Date(ret.review.decideBy).getTime() : now.getTime();
  const reminderAt = Math.max(now.getTime(), deadline - reminderHours * 3_600_000);
  return {
    waiting: ret.status === 'PENDING_APPROVAL',
    reminderAfterSeconds: Math.max(1, Math.round((reminderAt - now.getTime()) / 1000)),
    expireAfterReminderSeconds: Math.max(1, Math.round((deadline - reminderAt) / 1000)),
  };
}

/** One reminder to operators while the return still waits. */
export function remindApprovers(ret: Return, now: Date): ReturnDecision {
  if (ret.status !== 'PENDING_APPROVAL' || !ret.review || ret.review.remindedAt) return {};
  const next: Return = { ...ret, review: { ...ret.review, remindedAt: now.toISOString() }, updatedAt: now.toISOString() };
  return { next, events: [returnApprovalReminderDue(next)] };
}

/** Nobody decided in time: EXPIRED, its units let go. */
export function expireReturn(ret: Return, tally: OrderReturns, now: Date): ReturnDecision {
  if (ret.status !== 'PENDING_APPROVAL') return {};
  const next = moveReturn(ret, 'EXPIRED', 'return-approval', now, 'nobody decided by the deadline');
  return { next, events: [returnExpired(next)], tally: { ...tally, heldUnits: heldAfter(tally.heldUnits, ret.lines, -1) } };
}

/** What the workflow's wait is answered with: where the return stands. */
export const decisionOutcome = (ret: Pick<Return, 'status'>) => ({ status: ret.status });
