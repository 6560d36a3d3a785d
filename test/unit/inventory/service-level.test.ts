import { describe, expect, it } from 'vitest';
import { inverseStandardNormal, zForServiceLevel } from '../../../shared/domain/inventory/service-level';

describe('inverseStandardNormal (Acklam)', () => {
  // Reference quantiles of the standard normal, to 6 decimals, from printed z tables.
  it.each([
    [0.5, 0],
    [0.9, 1.281552],
    [0.95, 1.644854],
    [0.975, 1.959964],
    [0.99, 2.326348],
    [0.999, 3.090232],
    [0.1, -1.281552],
    [0.01, -2.326348],
    [0.001, -3.090232],
    [0.02, -2.053749], // lower tail formula (p < 0.02425)
    [0.98, 2.053749], // upper tail formula
  ])('p = %s → %s', (p, z) => {
    expect(inverseStandardNormal(p)).toBeCloseTo(z, 6);
  });

  it('is symmetric around 0.5', () => {
    for (const p of [0.03, 0.2, 0.4]) expect(inverseStandardNormal(p)).toBeCloseTo(-inverseStandardNormal(1 - p), 9);
  });

  it.each([0, 1, -0.1, 1.5, Number.NaN])('refuses p = %s', (p) => {
    expect(() => inverseStandardNormal(p)).toThrow(expect.objectContaining({ code: 'ValidationFailed' }));
  });
});

describe('zForServiceLevel', () => {
  it.each([
    [0.9, 1.2816],
    [0.95, 1.6449],
    [0.99, 2.3263],
  ])('service level %s → z %s', (level, z) => {
    expect(zForServiceLevel(level)).toBeCloseTo(z, 4);
  });

  it('defaults to 95 %', () => {
    expect(zForServiceLevel()).toBeCloseTo(1.6449, 4);
  });

  it('buys no safety stock at 50 % or less', () => {
    expect(zForServiceLevel(0.5)).toBe(0);
    expect(zForServiceLevel(0.3)).toBe(0);
  });

  it.each([0, 1, 95])('refuses a service level of %s', (level) => {
    expect(() => zForServiceLevel(level)).toThrow(expect.objectContaining({ code: 'ValidationFailed' }));
  });
});
