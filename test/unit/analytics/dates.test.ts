import { describe, expect, it } from 'vitest';
import { dayRefusals, kpiDayToCompute, rangeRefusals } from '../../../shared/domain/analytics/dates';

describe('KPI dates', () => {
  it.each([
    ['a year', '2030-01-01', '2030-12-31', []],
    ['366 days of a leap year', '2028-01-01', '2028-12-31', []],
    ['367 days', '2028-01-01', '2029-01-01', [{ field: 'query.to', message: 'at most 366 days after from' }]],
    ['backwards', '2030-02-01', '2030-01-31', [{ field: 'query.from', message: 'after to (2030-01-31)' }]],
    ['not a date', '2030-02-30', '2030-03-01', [{ field: 'query.from', message: 'not a calendar date' }]],
  ])('%s', (_, from, to, refusals) => expect(rangeRefusals(from, to, 366)).toEqual(refusals));

  it('a card exists only for a finished day', () => {
    expect(dayRefusals('2030-06-09', '2030-06-10')).toEqual([]);
    expect(dayRefusals('2030-06-10', '2030-06-10')[0]?.message).toMatch(/not finished yet/);
    expect(dayRefusals('2031-01-01', '2030-06-10')[0]?.field).toBe('path.date');
  });
});

describe('the day the nightly job computes', () => {
  const now = new Date('2030-06-11T00:30:00.000Z');
  it.each([
    ['the store day before the scheduled time', undefined, '2030-06-11T00:30:00Z', 'UTC', '2030-06-10'],
    ["Berlin's yesterday at 23:30 UTC (01:30 there)", undefined, '2030-06-10T23:30:00Z', 'Europe/Berlin', '2030-06-10'],
    ['a past day asked for', '2030-05-01', undefined, 'UTC', '2030-05-01'],
  ])('%s', (_, asked, time, zone, expected) => expect(kpiDayToCompute(asked, time, now, zone)).toBe(expected));

  it.each([['today', '2030-06-11'], ['a day to come', '2031-01-01'], ['not a date', 'yesterday'], ['not a string', 20300610]])('refuses %s', (_, asked) => {
    expect(() => kpiDayToCompute(asked, undefined, now, 'UTC')).toThrow(/Not a day to compute/);
  });
});
