import { describe, expect, it } from 'vitest';
import { addCountedMs, countedMsBetween, DEFAULT_SERVICE_CALENDAR, type ServiceCalendar } from '../../../shared/domain/service/business-time';
import { defaultSlaPolicy, nextAlert, pauseClock, raiseDue, resumeClock, slaView, startClock } from '../../../shared/domain/service/sla';

// Europe/Berlin, 09:00–18:00 Monday to Friday: 08:00–17:00 UTC in winter, 07:00–16:00 UTC in summer.
const calendar: ServiceCalendar = { ...DEFAULT_SERVICE_CALENDAR, holidays: ['2026-12-24', '2026-12-25'] };
const at = (iso: string) => new Date(iso);
const MIN = 60_000;

describe('business time', () => {
  it.each([
    ['within a working day', '2026-12-02T10:00:00.000Z', 60, '2026-12-02T11:00:00.000Z'],
    ['across the evening into the next morning', '2026-12-02T16:30:00.000Z', 60, '2026-12-03T08:30:00.000Z'],
    ['across a weekend', '2026-12-04T16:30:00.000Z', 60, '2026-12-07T08:30:00.000Z'],
    ['from a Saturday', '2026-12-05T12:00:00.000Z', 30, '2026-12-07T08:30:00.000Z'],
    ['from before opening', '2026-12-02T06:00:00.000Z', 30, '2026-12-02T08:30:00.000Z'],
    ['across two holidays and a weekend', '2026-12-23T16:30:00.000Z', 60, '2026-12-28T08:30:00.000Z'],
    ['in summer time (UTC+2)', '2026-07-01T06:00:00.000Z', 30, '2026-07-01T07:30:00.000Z'],
    ['across the weekend the clocks go forward', '2026-03-27T16:30:00.000Z', 60, '2026-03-30T07:30:00.000Z'],
    ['across the weekend the clocks go back', '2026-10-23T15:30:00.000Z', 60, '2026-10-26T08:30:00.000Z'],
    ['a whole working day', '2026-12-02T08:00:00.000Z', 9 * 60, '2026-12-02T17:00:00.000Z'],
  ])('adds business minutes %s', (_case, from, minutes, expected) => {
    expect(addCountedMs(at(from), minutes * MIN, 'business', calendar).toISOString()).toBe(expected);
  });

  it('counts every hour for an around-the-clock policy', () => {
    expect(addCountedMs(at('2026-12-04T16:30:00.000Z'), 60 * MIN, 'always', calendar).toISOString()).toBe('2026-12-04T17:30:00.000Z');
  });

  it.each([
    ['Friday afternoon to Monday morning', '2026-12-04T16:00:00.000Z', '2026-12-07T09:00:00.000Z', 120],
    ['a weekend only', '2026-12-05T00:00:00.000Z', '2026-12-06T23:59:00.000Z', 0],
    ['over the holidays', '2026-12-23T16:00:00.000Z', '2026-12-28T09:00:00.000Z', 120],
    ['backwards', '2026-12-02T11:00:00.000Z', '2026-12-02T10:00:00.000Z', 0],
  ])('counts business minutes %s', (_case, from, to, minutes) => {
    expect(countedMsBetween(at(from), at(to), 'business', calendar)).toBe(minutes * MIN);
  });
});

describe('an SLA clock', () => {
  const started = startClock(60, 'business', at('2026-12-02T10:00:00.000Z'));

  it('warns at 80 % and breaches at 100 % of the target, each once', () => {
    expect(nextAlert(started, calendar)).toEqual({ stage: 'WARNING', at: at('2026-12-02T10:48:00.000Z') });
    expect(raiseDue(started, at('2026-12-02T10:47:59.000Z'), calendar)).toBeUndefined();
    const warned = raiseDue(started, at('2026-12-02T10:48:00.000Z'), calendar);
    expect(warned?.stage).toBe('WARNING');
    expect(raiseDue(warned!.clock, at('2026-12-02T10:50:00.000Z'), calendar)).toBeUndefined();
    expect(nextAlert(warned!.clock, calendar)).toEqual({ stage: 'BREACH', at: at('2026-12-02T11:00:00.000Z') });
    const breached = raiseDue(warned!.clock, at('2026-12-02T11:00:30.000Z'), calendar);
    expect(breached?.stage).toBe('BREACH');
    expect(nextAlert(breached!.clock, calendar)).toBeUndefined();
    expect(raiseDue(breached!.clock, at('2026-12-02T12:00:00.000Z'), calendar)).toBeUndefined();
  });

  it('pauses while waiting on the customer and resumes with the time already counted', () => {
    const paused = pauseClock(started, at('2026-12-02T10:30:00.000Z'), calendar);
    expect(paused).toMatchObject({ elapsedMs: 30 * MIN });
    expect(paused.runningSince).toBeUndefined();
    expect(nextAlert(paused, calendar)).toBeUndefined();
    expect(slaView(paused, at('2026-12-02T15:00:00.000Z'), calendar)).toMatchObject({ state: 'PAUSED', paused: true, minutesLeft: 30, breached: false });
    const resumed = resumeClock(paused, at('2026-12-02T12:00:00.000Z'));
    expect(nextAlert(resumed, calendar)).toEqual({ stage: 'WARNING', at: at('2026-12-02T12:18:00.000Z') });
    expect(slaView(resumed, at('2026-12-02T12:10:00.000Z'), calendar)).toMatchObject({ state: 'RUNNING', dueAt: '2026-12-02T12:30:00.000Z', minutesLeft: 20 });
  });

  it('resumes a stopped clock on reopen, keeping the counted time, and shows met or breached once stopped', () => {
    const stopped = pauseClock(started, at('2026-12-02T10:40:00.000Z'), calendar, true);
    expect(slaView(stopped, at('2026-12-03T10:00:00.000Z'), calendar)).toMatchObject({ state: 'MET', met: true, breached: false });
    const reopened = resumeClock(stopped, at('2026-12-03T09:00:00.000Z'));
    expect(reopened.stoppedAt).toBeUndefined();
    expect(nextAlert(reopened, calendar)).toEqual({ stage: 'WARNING', at: at('2026-12-03T09:08:00.000Z') });
    const late = pauseClock(reopened, at('2026-12-03T09:30:00.000Z'), calendar, true);
    expect(slaView(late, at('2026-12-03T10:00:00.000Z'), calendar)).toMatchObject({ state: 'BREACHED', met: false, breached: true });
  });

  it('breaches at once when a sweep finds it past due before it warned', () => {
    expect(raiseDue(started, at('2026-12-02T11:05:00.000Z'), calendar)?.stage).toBe('BREACH');
  });

  it('takes its defaults per channel and priority, urgent around the clock', () => {
    expect(defaultSlaPolicy('chat', 'normal')).toEqual({ firstResponseMinutes: 2, resolutionMinutes: 480, hours: 'business' });
    expect(defaultSlaPolicy('email', 'normal').firstResponseMinutes).toBe(240);
    expect(defaultSlaPolicy('email', 'urgent')).toEqual({ firstResponseMinutes: 60, resolutionMinutes: 405, hours: 'always' });
    expect(defaultSlaPolicy('web', 'low').firstResponseMinutes).toBe(960);
  });
});
