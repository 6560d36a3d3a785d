/**
 * Business time for service-level clocks: the hours a service team works (a weekly window in an IANA time
 * zone) minus the holidays of its calendar. Pure arithmetic over instants; the zone's wall clock comes from
 * `Intl`, so daylight saving time needs no special case.
 */
import { localDateTime } from '../orders/calendar';

const DAY_MS = 86_400_000;
/** A clock that never ends within ten years is a misconfigured calendar, not a long wait. */
const MAX_DAYS = 3_660;

export interface ServiceCalendar {
  /** IANA zone the hours are in, e.g. `Europe/Berlin`. */
  readonly timeZone: string;
  /** `HH:MM` the team starts, in the zone. */
  readonly opensAt: string;
  /** `HH:MM` the team stops, in the zone (after `opensAt`). */
  readonly closesAt: string;
  /** ISO weekdays worked, 1 = Monday … 7 = Sunday. */
  readonly weekdays: readonly number[];
  /** `YYYY-MM-DD` dates (in the zone) nobody works. */
  readonly holidays: readonly string[];
}

/** Which hours a clock counts: only the calendar's business hours, or every hour of the week. */
export type ClockHours = 'business' | 'always';

export const DEFAULT_SERVICE_CALENDAR: ServiceCalendar = {
  timeZone: 'Europe/Berlin',
  opensAt: '09:00',
  closesAt: '18:00',
  weekdays: [1, 2, 3, 4, 5],
  holidays: [],
};

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const nextDate = (isoDate: string): string => new Date(Date.parse(`${isoDate}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);
const isoWeekday = (isoDate: string): number => new Date(`${isoDate}T00:00:00.000Z`).getUTCDay() || 7;

/** The instant at wall-clock `date` + `minutes` past midnight in `timeZone` (the zone's offset there, corrected once across a change). */
function zonedInstant(date: string, minutes: number, timeZone: string): number {
  const naive = Date.parse(`${date}T00:00:00.000Z`) + minutes * 60_000;
  const offsetAt = (instant: number) => {
    const local = localDateTime(new Date(instant), timeZone);
    return Date.parse(`${local.date}T${local.time}:00.000Z`) - Math.floor(instant / 60_000) * 60_000;
  };
  const guess = naive - offsetAt(naive);
  return naive - offsetAt(guess);
}

/** The working window of a local date, as instants; undefined on a weekend day or a holiday. */
function windowOf(date: string, calendar: ServiceCalendar): { open: number; close: number } | undefined {
  if (!calendar.weekdays.includes(isoWeekday(date)) || calendar.holidays.includes(date)) return undefined;
  return { open: zonedInstant(date, minutesOf(calendar.opensAt), calendar.timeZone), close: zonedInstant(date, minutesOf(calendar.closesAt), calendar.timeZone) };
}

/** Each working window from the local day of `from` on, in order. */
function* windowsFrom(from: number, calendar: ServiceCalendar): Generator<{ open: number; close: number }> {
  let date = localDateTime(new Date(from), calendar.timeZone).date;
  for (let day = 0; day < MAX_DAYS; day++, date = nextDate(date)) {
    const window = windowOf(date, calendar);
    if (window) yield window;
  }
  throw new Error(`the service calendar has no working hours within ${MAX_DAYS} days of ${new Date(from).toISOString()}`);
}

/** The instant `ms` of counted time after `from` (business hours only, or wall time for `always`). */
export function addCountedMs(from: Date, ms: number, hours: ClockHours, calendar: ServiceCalendar): Date {
  if (hours === 'always' || ms <= 0) return new Date(from.getTime() + Math.max(0, ms));
  let left = ms;
  for (const { open, close } of windowsFrom(from.getTime(), calendar)) {
    const start = Math.max(open, from.getTime());
    if (start >= close) continue;
    if (start + left <= close) return new Date(start + left);
    left -= close - start;
  }
  /* c8 ignore next */
  throw new Error('unreachable');
}

/** Counted time between two instants (0 when `to` is not after `from`). */
export function countedMsBetween(from: Date, to: Date, hours: ClockHours, calendar: ServiceCalendar): number {
  if (to.getTime() <= from.getTime()) return 0;
  if (hours === 'always') return to.getTime() - from.getTime();
  let total = 0;
  for (const { open, close } of windowsFrom(from.getTime(), calendar)) {
    if (open >= to.getTime()) break;
    total += Math.max(0, Math.min(close, to.getTime()) - Math.max(open, from.getTime()));
  }
  return total;
}
