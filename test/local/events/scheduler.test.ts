import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalScheduler } from '../../../infra/local/events/scheduler';
import type { LocalRule } from '../../../infra/local/model';

const kpiArn = 'arn:aws:lambda:us-east-1:000000000000:function:nightly-kpi';
const T0 = new Date('2026-03-01T01:59:30Z'); // a Sunday

const scheduleRule = (name: string, scheduleExpression: string, overrides: Partial<LocalRule> = {}): LocalRule => ({
  logicalId: `${name.replace(/-/g, '')}Rule`,
  name,
  busName: 'default',
  scheduleExpression,
  enabled: true,
  targets: [{ id: 'fn', arn: kpiArn }],
  ...overrides,
});

function setup(rules: LocalRule[], options: { now?: () => Date } = {}) {
  const dispatch = vi.fn(async (_arn: string, _payload: string) => {});
  const scheduler = new LocalScheduler({ rules, dispatch, now: options.now ?? (() => new Date(T0)), retryDelayMs: 1 });
  return { scheduler, dispatch };
}

const payloads = (dispatch: ReturnType<typeof vi.fn>) => dispatch.mock.calls.map(([, payload]) => JSON.parse(payload as string) as Record<string, unknown>);

afterEach(() => {
  vi.useRealTimers();
});

describe('LocalScheduler.nextFireTime', () => {
  const { scheduler } = setup([
    scheduleRule('nightly-kpi', 'cron(0 2 * * ? *)'),
    scheduleRule('office-hours', 'cron(0/15 9-17 ? * MON-FRI *)'),
    scheduleRule('month-end', 'cron(0 12 L * ? *)'),
    scheduleRule('every-5-minutes', 'rate(5 minutes)'),
    scheduleRule('hourly', 'rate(1 hour)'),
  ]);

  it('computes cron times in UTC, strictly after the given time', () => {
    expect(scheduler.nextFireTime('nightly-kpi', new Date('2026-03-01T01:00:00Z'))).toEqual(new Date('2026-03-01T02:00:00Z'));
    expect(scheduler.nextFireTime('nightly-kpi', new Date('2026-03-01T02:00:00Z'))).toEqual(new Date('2026-03-02T02:00:00Z'));
  });

  it('handles ranges, steps, weekday names and L', () => {
    expect(scheduler.nextFireTime('office-hours', new Date('2026-03-06T17:50:00Z'))).toEqual(new Date('2026-03-09T09:00:00Z'));
    expect(scheduler.nextFireTime('office-hours', new Date('2026-03-09T09:00:00Z'))).toEqual(new Date('2026-03-09T09:15:00Z'));
    expect(scheduler.nextFireTime('month-end', new Date('2026-02-10T00:00:00Z'))).toEqual(new Date('2026-02-28T12:00:00Z'));
  });

  it('counts rate periods from when the scheduler was created', () => {
    const fiveMinutes = 5 * 60_000;
    expect(scheduler.nextFireTime('every-5-minutes', T0)).toEqual(new Date(T0.getTime() + fiveMinutes));
    expect(scheduler.nextFireTime('every-5-minutes', new Date(T0.getTime() + fiveMinutes))).toEqual(new Date(T0.getTime() + 2 * fiveMinutes));
    expect(scheduler.nextFireTime('every-5-minutes', new Date(T0.getTime() + 7 * 60_000))).toEqual(new Date(T0.getTime() + 2 * fiveMinutes));
    expect(scheduler.nextFireTime('hourly', T0)).toEqual(new Date(T0.getTime() + 3_600_000));
  });

  it('throws for an unknown schedule, listing the known ones', () => {
    expect(() => scheduler.nextFireTime('weekly', T0)).toThrow(
      'Unknown schedule "weekly". Known schedules: every-5-minutes, hourly, month-end, nightly-kpi, office-hours',
    );
  });
});

describe('LocalScheduler schedule validation', () => {
  it.each(['rate(1 minute)', 'rate(2 minutes)', 'rate(1 day)', 'rate(3 days)', 'cron(0 9 ? * MON-FRI *)', 'cron(15 10 ? * 6L 2026-2030)'])(
    'accepts %s',
    (expression) => {
      expect(() => setup([scheduleRule('ok', expression)])).not.toThrow();
    },
  );

  it.each([
    ['rate(1 minutes)', /use "1 minute"/],
    ['rate(5 minute)', /use "5 minutes"/],
    ['rate(0 minutes)', /positive integer/],
    ['rate(10 seconds)', /minute\(s\), hour\(s\) or day\(s\)/],
    ['cron(0 2 * * ?)', /6 fields/],
    ['cron(0 2 * * * *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 2 ? * ? *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 25 * * ? *)', /not between 0 and 23/],
    ['cron(0 2 * FOO ? *)', /unknown month or day name/],
    ['cron(0 2 * * ? x)', /bad year field/],
    ['every 5 minutes', /expected rate\(value unit\) or cron\(fields\)/],
  ])('rejects %s, naming the rule', (expression, reason) => {
    expect(() => setup([scheduleRule('broken', expression)])).toThrow(/Rule broken: Invalid schedule expression/);
    expect(() => setup([scheduleRule('broken', expression)])).toThrow(reason);
  });
});

describe('LocalScheduler timers', () => {
  it('fires enabled schedules with the scheduled-event envelope, and stops cleanly', async () => {
    vi.useFakeTimers({ now: T0 });
    const { scheduler, dispatch } = setup([scheduleRule('every-minute', 'rate(1 minute)')], { now: () => new Date() });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(3 * 60_000);

    expect(dispatch).toHaveBeenCalledTimes(3);
    expect(dispatch.mock.calls.every(([arn]) => arn === kpiArn)).toBe(true);
    const events = payloads(dispatch);
    expect(events.map((e) => e.time)).toEqual(['2026-03-01T02:00:30Z', '2026-03-01T02:01:30Z', '2026-03-01T02:02:30Z']);
    expect(events[0]).toMatchObject({
      version: '0',
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      account: '000000000000',
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:000000000000:rule/every-minute'],
      detail: {},
    });

    scheduler.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(dispatch).toHaveBeenCalledTimes(3);
  });

  it('fires cron schedules at their UTC times and leaves disabled ones alone', async () => {
    vi.useFakeTimers({ now: T0 });
    const { scheduler, dispatch } = setup(
      [scheduleRule('nightly-kpi', 'cron(0 2 * * ? *)'), scheduleRule('paused', 'rate(1 minute)', { enabled: false, targets: [{ id: 'x', arn: 'arn:paused' }] })],
      { now: () => new Date() },
    );
    scheduler.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(payloads(dispatch).map((e) => e.time)).toEqual(['2026-03-01T02:00:00Z']);
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(payloads(dispatch).map((e) => e.time)).toEqual(['2026-03-01T02:00:00Z', '2026-03-02T02:00:00Z']);
    expect(dispatch.mock.calls.some(([arn]) => arn === 'arn:paused')).toBe(false);
    scheduler.stop();
  });

  it("unrefs its timers so they never keep the process alive", () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const { scheduler } = setup([scheduleRule('yearly', 'cron(0 0 1 1 ? *)')], { now: () => new Date() });
    scheduler.start();
    const timer = setTimeoutSpy.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    scheduler.stop();
    setTimeoutSpy.mockRestore();
  });
});

describe('LocalScheduler.fireNow', () => {
  it('fires a schedule by its local name through the input transformer, even when disabled', async () => {
    const rule = scheduleRule('nightly-kpi', 'cron(0 2 * * ? *)', {
      enabled: false,
      targets: [
        { id: 'constant', arn: 'arn:constant', input: '{"job":"kpi"}' },
        {
          id: 'shaped',
          arn: 'arn:shaped',
          inputTransformer: { inputPathsMap: { at: '$.time' }, inputTemplate: '{"rule": <aws.events.rule-name>, "at": <at>}' },
        },
      ],
    });
    const { scheduler, dispatch } = setup([rule]);
    await scheduler.fireNow('nightly-kpi');
    expect(dispatch.mock.calls).toEqual([
      ['arn:constant', '{"job":"kpi"}'],
      ['arn:shaped', '{"rule":"nightly-kpi","at":"2026-03-01T01:59:30Z"}'],
    ]);
  });

  it('resolves only after a failing dispatch has been retried', async () => {
    const { scheduler, dispatch } = setup([scheduleRule('nightly-kpi', 'cron(0 2 * * ? *)')]);
    dispatch.mockRejectedValueOnce(new Error('cold start failed'));
    await scheduler.fireNow('nightly-kpi');
    expect(dispatch).toHaveBeenCalledTimes(2);
  });

  it('rejects an unknown name with the list of known schedules', async () => {
    const { scheduler } = setup([scheduleRule('nightly-kpi', 'cron(0 2 * * ? *)'), scheduleRule('sla-sweep', 'rate(15 minutes)')]);
    await expect(scheduler.fireNow('nightly')).rejects.toThrow('Unknown schedule "nightly". Known schedules: nightly-kpi, sla-sweep');
    expect(scheduler.scheduleNames()).toEqual(['nightly-kpi', 'sla-sweep']);
  });
});
