import { describe, expect, it } from 'vitest';
import { bannerSchedules, NO_SCHEDULES_YET, scheduleListing, templateScheduleNames } from '../../infra/local/cli/schedules';

describe('what npm run invoke can fire', () => {
  it('reads the schedules from the template: none today, and says so in words', () => {
    const names = templateScheduleNames();
    expect(names).toEqual([]);
    expect(scheduleListing(names)).toBe(NO_SCHEDULES_YET);
    expect(NO_SCHEDULES_YET).toMatch(/no schedules yet, so there is nothing to fire/);
    expect(bannerSchedules(names)).toBe('none yet (npm run invoke lists what it can fire)');
  });

  it('names each schedule once there are some, sorted, with how to fire one', () => {
    expect(scheduleListing(['restock-check', 'nightly-kpi'])).toBe(
      'Schedules you can fire (npm run invoke -- <name>):\n  nightly-kpi\n  restock-check',
    );
    expect(bannerSchedules(['nightly-kpi', 'restock-check'])).toBe('nightly-kpi, restock-check');
  });
});
