import { describe, expect, it } from 'vitest';
import { bannerSchedules, NO_SCHEDULES_YET, scheduleListing, templateScheduleNames } from '../../infra/local/cli/schedules';

describe('what npm run invoke can fire', () => {
  it('says in words when there is nothing to fire', () => {
    expect(scheduleListing([])).toBe(NO_SCHEDULES_YET);
    expect(NO_SCHEDULES_YET).toMatch(/no schedules yet, so there is nothing to fire/);
    expect(bannerSchedules([])).toBe('none yet (npm run invoke lists what it can fire)');
  });

  it('reads the schedules from the template: the rules with a ScheduleExpression, by name', async () => {
    const names = await templateScheduleNames();
    expect(names).toContain('order-sweeper');
    const listing = scheduleListing(names);
    for (const name of names) expect(listing).toContain(`\n  ${name}`);
  });

  it('names each schedule once there are some, sorted, with how to fire one', () => {
    expect(scheduleListing(['restock-check', 'nightly-kpi'])).toBe(
      'Schedules you can fire (npm run invoke -- <name>):\n  nightly-kpi\n  restock-check',
    );
    expect(bannerSchedules(['nightly-kpi', 'restock-check'])).toBe('nightly-kpi, restock-check');
  });
});
