import { spawnSync } from 'node:child_process';
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

describe('npm run invoke on the command line', () => {
  const invoke = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'infra/local/cli/invoke.ts', ...args], { encoding: 'utf8', timeout: 60_000 });

  it('answers --help with its usage, and an unknown option with the usage and exit 2, never a stack trace', () => {
    const help = invoke('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run invoke -- \[<schedule-name>\]/);
    const unknown = invoke('--nope');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--nope'[\s\S]*Usage: npm run invoke/);
    expect(unknown.stderr).not.toMatch(/\bat .+\.(ts|js|mjs):\d+/);
  });
});
