import { describe, expect, it } from 'vitest';
import { orderSettingsFrom, waitSeconds } from '../../../shared/domain/orders/settings';

describe('orderSettingsFrom', () => {
  it('defaults to 24 h to pack, 24 h of grace, and 14 days after the promised date', () => {
    expect(orderSettingsFrom({})).toEqual({ packingDeadlineHours: 24, packingGraceHours: 24, deliveryGraceDays: 14 });
  });

  it('reads each knob from its variable', () => {
    expect(orderSettingsFrom({ PACKING_DEADLINE_HOURS: '48', PACKING_GRACE_HOURS: '6', DELIVERY_GRACE_DAYS: '7' })).toEqual({
      packingDeadlineHours: 48,
      packingGraceHours: 6,
      deliveryGraceDays: 7,
    });
  });

  it('takes fractions (a short deadline for a demo) and surrounding spaces', () => {
    expect(orderSettingsFrom({ PACKING_DEADLINE_HOURS: '0.01', PACKING_GRACE_HOURS: ' 12 ' })).toMatchObject({ packingDeadlineHours: 0.01, packingGraceHours: 12 });
  });

  it.each(['', '   ', '0', '-3', 'abc', 'NaN', 'Infinity', '12h'])('falls back to the default for %j', (raw) => {
    expect(orderSettingsFrom({ PACKING_DEADLINE_HOURS: raw, PACKING_GRACE_HOURS: raw, DELIVERY_GRACE_DAYS: raw })).toEqual({
      packingDeadlineHours: 24,
      packingGraceHours: 24,
      deliveryGraceDays: 14,
    });
  });

  it('falls back per knob: one bad value does not reset the others', () => {
    expect(orderSettingsFrom({ PACKING_DEADLINE_HOURS: '36', PACKING_GRACE_HOURS: 'soon', DELIVERY_GRACE_DAYS: '3' })).toEqual({
      packingDeadlineHours: 36,
      packingGraceHours: 24,
      deliveryGraceDays: 3,
    });
  });
});

describe('waitSeconds', () => {
  it('turns hours into whole seconds', () => {
    expect(waitSeconds(1)).toBe(3600);
    expect(waitSeconds(24)).toBe(86_400);
    expect(waitSeconds(1.5)).toBe(5400);
    expect(waitSeconds(0.01)).toBe(36);
  });

  it('rounds to the nearest second', () => {
    expect(waitSeconds(1.0001)).toBe(3600); // 3600.36 s
    expect(waitSeconds(1.0002)).toBe(3601); // 3600.72 s
    expect(Number.isInteger(waitSeconds(0.123456))).toBe(true);
  });

  it.each([0, 0.0001, -2])('waits at least 1 second (%s h)', (hours) => {
    expect(waitSeconds(hours)).toBe(1);
  });
});
