import { describe, expect, it } from 'vitest';
import { dayRefusals, rangeRefusals } from '../../../shared/domain/analytics/dates';

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
