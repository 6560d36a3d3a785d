/** The local gateway's per-function in-flight limit follows how fast the function answers (AIMD). */
import { describe, expect, it } from 'vitest';
import { AdaptiveLimit, INITIAL_LIMIT, TARGET_SHARE } from '../../infra/local/gateway/adaptive-limit';

const TIMEOUT_MS = 10_000;
const fast = TIMEOUT_MS * TARGET_SHARE * 0.5;
const slow = TIMEOUT_MS * TARGET_SHARE * 1.5;

describe('AdaptiveLimit', () => {
  it('starts small and grows by about one per limit of fast answers, up to its max', () => {
    const limit = new AdaptiveLimit({ max: 20, timeoutMs: TIMEOUT_MS });
    expect(limit.limit).toBe(INITIAL_LIMIT);
    for (let i = 0; i <= INITIAL_LIMIT; i++) limit.record(fast, false, i);
    expect(limit.limit).toBe(INITIAL_LIMIT + 1);
    for (let i = 0; i < 1000; i++) limit.record(fast, false, i);
    expect(limit.limit).toBe(20);
  });

  it('never starts above a low max (reserved concurrency 2 admits 2), and starts where it is told', () => {
    expect(new AdaptiveLimit({ max: 2, timeoutMs: TIMEOUT_MS }).limit).toBe(2);
    expect(new AdaptiveLimit({ max: 48, initial: 48, timeoutMs: TIMEOUT_MS }).limit).toBe(48);
  });

  it('halves on a slow answer or a timeout, once per latency target however many arrive in it, never below 1', () => {
    const limit = new AdaptiveLimit({ max: 20, timeoutMs: TIMEOUT_MS });
    for (let i = 0; i < 1000; i++) limit.record(fast, false, 0);
    expect(limit.limit).toBe(20);
    limit.record(slow, false, 100_000);
    limit.record(slow, false, 100_001);
    limit.record(0, true, 100_002);
    expect(limit.limit).toBe(10);
    limit.record(0, true, 100_000 + TIMEOUT_MS * TARGET_SHARE + 1);
    expect(limit.limit).toBe(5);
    for (let step = 2; step < 10; step++) limit.record(slow, false, 100_000 + step * TIMEOUT_MS);
    expect(limit.limit).toBe(1);
  });
});
