import { describe, expect, it } from 'vitest';
import { decisionDueAt, decisionTiming } from '../../../shared/domain/decision-timing';

describe('decisionTiming', () => {
  it('splits 72 h with a reminder 24 h before the deadline into 48 h + 24 h', () => {
    expect(decisionTiming(72, 24)).toEqual({ reminderAfterSeconds: 172_800, expireAfterReminderSeconds: 86_400 });
  });

  it('accepts fractional hours (seconds in tests)', () => {
    expect(decisionTiming(6 / 3600, 2 / 3600)).toEqual({ reminderAfterSeconds: 4, expireAfterReminderSeconds: 2 });
  });

  it.each([[0, 1], [24, 24], [24, 30], [24, 0], [Number.NaN, 1]])('refuses window %s h with reminder %s h', (window, reminder) => {
    expect(() => decisionTiming(window, reminder)).toThrow(/Decision timing/);
  });

  it('puts the deadline at the end of both waits', () => {
    expect(decisionDueAt(new Date('2030-01-01T00:00:00Z'), decisionTiming(72, 24))).toBe('2030-01-04T00:00:00.000Z');
  });
});
