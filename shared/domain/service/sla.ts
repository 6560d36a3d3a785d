/**
 * Service-level clocks of a ticket: the first response and the resolution. Each counts business time (or
 * every hour, as its policy says) while it runs, pauses while the ticket waits on the customer, stops when
 * met, and carries its warning (80 %) and breach (100 %) moments: what the due index of the sweeper holds.
 */
import { addCountedMs, countedMsBetween, type ClockHours, type ServiceCalendar } from './business-time';

export const CHANNELS = ['chat', 'email', 'phone', 'web'] as const;
export type Channel = (typeof CHANNELS)[number];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const SLA_KINDS = ['FIRST_RESPONSE', 'RESOLUTION'] as const;
export type SlaKind = (typeof SLA_KINDS)[number];

/** The share of a target at which the warning fires; the breach fires at the whole of it. */
export const WARNING_SHARE = 0.8;

export interface SlaPolicy {
  /** Minutes of counted time to the first public answer of an agent (fractions allowed). */
  readonly firstResponseMinutes: number;
  /** Minutes of counted time to resolution. */
  readonly resolutionMinutes: number;
  readonly hours: ClockHours;
}

/** Per channel, at normal priority (docs/service.md, "SLA policy defaults"). */
const CHANNEL_DEFAULTS: Readonly<Record<Channel, SlaPolicy>> = {
  chat: { firstResponseMinutes: 2, resolutionMinutes: 8 * 60, hours: 'business' },
  phone: { firstResponseMinutes: 5, resolutionMinutes: 8 * 60, hours: 'business' },
  email: { firstResponseMinutes: 4 * 60, resolutionMinutes: 3 * 9 * 60, hours: 'business' },
  web: { firstResponseMinutes: 8 * 60, resolutionMinutes: 5 * 9 * 60, hours: 'business' },
};

/** Priority scales the channel's targets: urgent in a quarter of the time (and counted around the clock). */
const PRIORITY_FACTOR: Readonly<Record<Priority, number>> = { low: 2, normal: 1, high: 0.5, urgent: 0.25 };

export function defaultSlaPolicy(channel: Channel, priority: Priority): SlaPolicy {
  const base = CHANNEL_DEFAULTS[channel];
  const factor = PRIORITY_FACTOR[priority];
  return {
    firstResponseMinutes: base.firstResponseMinutes * factor,
    resolutionMinutes: base.resolutionMinutes * factor,
    hours: priority === 'urgent' ? 'always' : base.hours,
  };
}

export interface SlaClock {
  readonly targetMs: number;
  readonly hours: ClockHours;
  /** Counted time before `runningSince` (the clock's earlier runs). */
  readonly elapsedMs: number;
  /** Set while the clock runs. */
  readonly runningSince?: string;
  /** When the target was met (the clock stopped in time) or the clock stopped late. */
  readonly stoppedAt?: string;
  readonly warnedAt?: string;
  readonly breachedAt?: string;
}

export const startClock = (targetMinutes: number, hours: ClockHours, at: Date): SlaClock => ({
  targetMs: Math.round(targetMinutes * 60_000),
  hours,
  elapsedMs: 0,
  runningSince: at.toISOString(),
});

/** Counted time so far. */
export const elapsedMs = (clock: SlaClock, now: Date, calendar: ServiceCalendar): number =>
  clock.elapsedMs + (clock.runningSince ? countedMsBetween(new Date(clock.runningSince), now, clock.hours, calendar) : 0);

/** Paused (or stopped, with `stoppedAt`): the time so far is banked. */
export function pauseClock(clock: SlaClock, now: Date, calendar: ServiceCalendar, stop = false): SlaClock {
  if (!clock.runningSince) return stop && !clock.stoppedAt ? { ...clock, stoppedAt: now.toISOString() } : clock;
  const { runningSince: _running, ...rest } = clock;
  return { ...rest, elapsedMs: elapsedMs(clock, now, calendar), ...(stop ? { stoppedAt: now.toISOString() } : {}) };
}

/** Running again from `now` (a stopped clock restarts too: a reopened ticket's resolution). */
export function resumeClock(clock: SlaClock, now: Date): SlaClock {
  if (clock.runningSince) return clock;
  const { stoppedAt: _stopped, ...rest } = clock;
  return { ...rest, runningSince: now.toISOString() };
}

/** The instant counted time reaches `share` of the target, if the clock runs. */
const momentAt = (clock: SlaClock, share: number, calendar: ServiceCalendar): Date | undefined =>
  clock.runningSince ? addCountedMs(new Date(clock.runningSince), clock.targetMs * share - clock.elapsedMs, clock.hours, calendar) : undefined;

export const dueAt = (clock: SlaClock, calendar: ServiceCalendar) => momentAt(clock, 1, calendar);

/** The clock's next alert and when: the warning until raised, then the breach; none once both fired or while paused. */
export function nextAlert(clock: SlaClock, calendar: ServiceCalendar): { readonly stage: 'WARNING' | 'BREACH'; readonly at: Date } | undefined {
  if (!clock.runningSince || clock.breachedAt) return undefined;
  if (!clock.warnedAt) {
    const at = momentAt(clock, WARNING_SHARE, calendar);
    return at && { stage: 'WARNING', at };
  }
  const at = momentAt(clock, 1, calendar);
  return at && { stage: 'BREACH', at };
}

/** The alert due at `now`, if any, and the clock with it recorded: each stage once. */
export function raiseDue(clock: SlaClock, now: Date, calendar: ServiceCalendar): { readonly stage: 'WARNING' | 'BREACH'; readonly clock: SlaClock } | undefined {
  const next = nextAlert(clock, calendar);
  if (!next || next.at.getTime() > now.getTime()) return undefined;
  // A clock found past its due moment (a sweep late by a pause) breaches at once; the warning is then moot.
  if (next.stage === 'WARNING' && elapsedMs(clock, now, calendar) >= clock.targetMs) {
    return { stage: 'BREACH', clock: { ...clock, warnedAt: clock.warnedAt ?? now.toISOString(), breachedAt: now.toISOString() } };
  }
  return next.stage === 'WARNING'
    ? { stage: 'WARNING', clock: { ...clock, warnedAt: now.toISOString() } }
    : { stage: 'BREACH', clock: { ...clock, breachedAt: now.toISOString() } };
}

export type SlaState = 'RUNNING' | 'PAUSED' | 'MET' | 'BREACHED';

export interface SlaView {
  readonly state: SlaState;
  readonly targetMinutes: number;
  readonly dueAt?: string;
  /** Counted minutes left (negative once past due); absent once stopped. */
  readonly minutesLeft?: number;
  readonly paused: boolean;
  readonly met: boolean;
  readonly breached: boolean;
  readonly warnedAt?: string;
  readonly breachedAt?: string;
}

export function slaView(clock: SlaClock, now: Date, calendar: ServiceCalendar): SlaView {
  const elapsed = elapsedMs(clock, now, calendar);
  const breached = Boolean(clock.breachedAt) || elapsed > clock.targetMs;
  const met = Boolean(clock.stoppedAt) && !breached;
  const due = dueAt(clock, calendar);
  const state: SlaState = breached ? 'BREACHED' : met ? 'MET' : clock.runningSince ? 'RUNNING' : 'PAUSED';
  return {
    state,
    targetMinutes: clock.targetMs / 60_000,
    ...(due ? { dueAt: due.toISOString() } : {}),
    ...(clock.stoppedAt ? {} : { minutesLeft: Math.round((clock.targetMs - elapsed) / 600) / 100 }),
    paused: !clock.runningSince && !clock.stoppedAt,
    met,
    breached,
    ...(clock.warnedAt ? { warnedAt: clock.warnedAt } : {}),
    ...(clock.breachedAt ? { breachedAt: clock.breachedAt } : {}),
  };
}

/** Whether a stopped clock met its target (the metrics' attainment). */
export const metTarget = (clock: SlaClock, now: Date, calendar: ServiceCalendar): boolean => !clock.breachedAt && elapsedMs(clock, now, calendar) <= clock.targetMs;
