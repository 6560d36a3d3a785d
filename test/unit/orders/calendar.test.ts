import { describe, expect, it } from 'vitest';
import { addBusinessDays, isBusinessDay, localDateTime, onOrNextBusinessDay } from '../../../shared/domain/orders/calendar';

// 2030-07-01 is a Monday.
describe('business days', () => {
  it.each([
    ['2030-07-03', 0, '2030-07-03'], // Wed + 0
    ['2030-07-03', 2, '2030-07-05'], // Wed → Fri
    ['2030-07-04', 2, '2030-07-08'], // Thu → Mon, over the weekend
    ['2030-07-05', 1, '2030-07-08'], // Fri → Mon
    ['2030-07-06', 1, '2030-07-08'], // Sat → Mon
    ['2030-07-01', 10, '2030-07-15'], // two full weeks
    ['2030-12-31', 1, '2031-01-01'], // across a year end (holidays are not modelled)
  ])('%s plus %i business days is %s', (from, days, expected) => {
    expect(addBusinessDays(from, days)).toBe(expected);
  });

  it.each([
    ['2030-07-05', '2030-07-05'], // Friday stays
    ['2030-07-06', '2030-07-08'], // Saturday → Monday
    ['2030-07-07', '2030-07-08'], // Sunday → Monday
  ])('a collection on %s happens on %s', (date, expected) => {
    expect(onOrNextBusinessDay(date)).toBe(expected);
  });

  it.each([
    ['2030-07-05', true],
    ['2030-07-06', false],
    ['2030-07-07', false],
    ['2030-07-08', true],
  ])('%s is a business day: %s', (date, expected) => {
    expect(isBusinessDay(date)).toBe(expected);
  });
});

describe('localDateTime', () => {
  it.each([
    ['2030-07-03T12:00:00Z', 'Europe/Berlin', '2030-07-03', '14:00'], // CEST, UTC+2
    ['2030-01-09T12:00:00Z', 'Europe/Berlin', '2030-01-09', '13:00'], // CET, UTC+1
    ['2030-07-03T12:00:00Z', 'Europe/Lisbon', '2030-07-03', '13:00'], // WEST, UTC+1
    ['2030-01-09T12:00:00Z', 'Europe/Lisbon', '2030-01-09', '12:00'], // WET, UTC+0
    ['2030-07-03T22:30:00Z', 'Europe/Berlin', '2030-07-04', '00:30'], // past local midnight: the next day, hour 00
  ])('%s in %s is %s %s', (instant, zone, date, time) => {
    expect(localDateTime(new Date(instant), zone)).toEqual({ date, time });
  });

  it('refuses an unknown time zone', () => {
    expect(() => localDateTime(new Date(), 'Europe/Atlantis')).toThrow(RangeError);
  });
});
