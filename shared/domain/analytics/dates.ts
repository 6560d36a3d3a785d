/** The date questions the KPI routes refuse: a range backwards or longer than a year, a day not finished. */
import { invalid, type FieldError } from '../errors';
import { addDays } from '../inventory/sales';
import { storeDay } from './storefront-events';

const DAY_MS = 86_400_000;

/** Days from `from` to `to`, both counted (`2030-01-01`..`2030-01-01` is 1). */
export const daysInRange = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;

export const isCalendarDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

export function rangeRefusals(from: string, to: string, maxDays: number): FieldError[] {
  const refusals: FieldError[] = [];
  if (!isCalendarDate(from)) refusals.push({ field: 'query.from', message: 'not a calendar date' });
  if (!isCalendarDate(to)) refusals.push({ field: 'query.to', message: 'not a calendar date' });
  if (refusals.length > 0) return refusals;
  if (from > to) refusals.push({ field: 'query.from', message: `after to (${to})` });
  else if (daysInRange(from, to) > maxDays) refusals.push({ field: 'query.to', message: `at most ${maxDays} days after from` });
  return refusals;
}

/** A day whose card may exist: a calendar date before `today` (the store's). */
export function dayRefusals(date: string, today: string, field = 'path.date'): FieldError[] {
  if (!isCalendarDate(date)) return [{ field, message: 'not a calendar date' }];
  if (date >= today) return [{ field, message: `not finished yet (the store's today is ${today}); KPIs exist for past days` }];
  return [];
}

/**
 * The day the nightly job computes: `asked` (`detail.date`), which must be a store day before today, else the
 * store day before the run's `eventTime` (the scheduled event's time; now when absent).
 */
export function kpiDayToCompute(asked: unknown, eventTime: string | undefined, now: Date, timeZone: string): string {
  if (asked === undefined) return addDays(storeDay(eventTime ? new Date(eventTime) : now, timeZone), -1);
  if (typeof asked !== 'string' || dayRefusals(asked, storeDay(now, timeZone), 'date').length > 0) {
    throw invalid('Not a day to compute.', [{ field: 'date', message: 'A finished store day, YYYY-MM-DD, before today.' }]);
  }
  return asked;
}
