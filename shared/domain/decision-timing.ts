/**
 * How long operators have to decide (a supplier application, a product review), split into the two
 * waits of a workflow: wait until the reminder is due, remind, then wait out the rest of the window and expire.
 * Hours may be fractional (tests use seconds); Step Functions wants whole seconds ≥ 1.
 */
export interface DecisionTiming {
  readonly reminderAfterSeconds: number;
  readonly expireAfterReminderSeconds: number;
}

export const DEFAULT_DECISION_WINDOW_HOURS = 72;
export const DEFAULT_DECISION_REMINDER_HOURS = 24;

export function decisionTiming(windowHours: number, reminderHoursBeforeDeadline: number): DecisionTiming {
  if (!(windowHours > 0) || !(reminderHoursBeforeDeadline > 0) || reminderHoursBeforeDeadline >= windowHours) {
    throw new Error(
      `Decision timing needs 0 < reminder (${reminderHoursBeforeDeadline} h) < window (${windowHours} h)`,
    );
  }
  const windowSeconds = Math.max(2, Math.round(windowHours * 3600));
  const expireAfterReminderSeconds = Math.min(
    windowSeconds - 1,
    Math.max(1, Math.round(reminderHoursBeforeDeadline * 3600)),
  );
  return { reminderAfterSeconds: windowSeconds - expireAfterReminderSeconds, expireAfterReminderSeconds };
}

export const decisionDueAt = (now: Date, timing: DecisionTiming): string =>
  new Date(now.getTime() + (timing.reminderAfterSeconds + timing.expireAfterReminderSeconds) * 1000).toISOString();
