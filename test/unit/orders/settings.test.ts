import { describe, expect, it } from 'vitest';
import { staleAfterMinutesFrom } from '../../../shared/domain/orders/settings';

describe('staleAfterMinutesFrom', () => {
  it('defaults to 15 minutes without progress', () => {
    expect(staleAfterMinutesFrom({})).toBe(15);
  });

  it('reads ORDER_STALE_AFTER_MINUTES, fractions and surrounding spaces included', () => {
    expect(staleAfterMinutesFrom({ ORDER_STALE_AFTER_MINUTES: '30' })).toBe(30);
    expect(staleAfterMinutesFrom({ ORDER_STALE_AFTER_MINUTES: ' 0.5 ' })).toBe(0.5);
  });

  it.each(['', '   ', '0', '-3', 'abc', 'NaN', 'Infinity', '12m'])('falls back to the default for %j', (raw) => {
    expect(staleAfterMinutesFrom({ ORDER_STALE_AFTER_MINUTES: raw })).toBe(15);
  });
});
