import { describe, expect, it } from 'vitest';
import { classifyAbc, dailyCountList, evaluateCount } from '../../../shared/domain/inventory/cycle-count';

const NOW = new Date('2026-12-01T18:00:00.000Z');

describe('classifyAbc', () => {
  it('classes by cumulative share of sales value before each SKU (80 % / 95 %)', () => {
    // total 10,000: shares before S1…S7 are 0, .50, .75, .85, .93, .97, .99
    const items = [
      { sku: 'S5', annualSalesValue: 400 },
      { sku: 'S1', annualSalesValue: 5_000 },
      { sku: 'S3', annualSalesValue: 1_000 },
      { sku: 'S7', annualSalesValue: 100 },
      { sku: 'S2', annualSalesValue: 2_500 },
      { sku: 'S6', annualSalesValue: 200 },
      { sku: 'S4', annualSalesValue: 800 },
    ];
    expect(classifyAbc(items).map((item) => `${item.sku}:${item.abcClass}`)).toEqual(['S1:A', 'S2:A', 'S3:A', 'S4:B', 'S5:B', 'S6:C', 'S7:C']);
    // at 50 % / 80 %: S2 starts exactly at 0.50, so it is already B; S3 (0.75) is B; S4 (0.85) is C
    expect(classifyAbc(items, { a: 0.5, b: 0.8 }).map((item) => item.abcClass).join('')).toBe('ABBCCCC');
  });

  it('makes the SKU that crosses the line an A, so one dominant SKU is never left out of A', () => {
    expect(classifyAbc([{ sku: 'BIG', annualSalesValue: 9_000 }, { sku: 'SMALL', annualSalesValue: 1_000 }]).map((item) => item.abcClass)).toEqual(['A', 'B']);
  });

  it('counts everything yearly when nothing sold', () => {
    expect(classifyAbc([{ sku: 'X', annualSalesValue: 0 }]).map((item) => item.abcClass)).toEqual(['C']);
  });
});

describe('dailyCountList', () => {
  const skus = [
    { sku: 'A1', abcClass: 'A' as const },
    { sku: 'A2', abcClass: 'A' as const },
    { sku: 'A3', abcClass: 'A' as const },
    { sku: 'B1', abcClass: 'B' as const },
    { sku: 'B2', abcClass: 'B' as const },
    { sku: 'C1', abcClass: 'C' as const },
  ];

  it('gives each SKU its slot in its class period (A every 30 days: slots 0, 10, 20)', () => {
    expect(dailyCountList(skus, '1970-01-01')).toEqual(['A1', 'B1', 'C1']); // day 0: every class's first slot
    expect(dailyCountList(skus, '1970-01-11')).toEqual(['A2']); // day 10
    expect(dailyCountList(skus, '1970-01-21')).toEqual(['A3']); // day 20
    expect(dailyCountList(skus, '1970-01-31')).toEqual(['A1']); // day 30: A starts again
    expect(dailyCountList(skus, '1970-02-15')).toEqual(['B2']); // day 45 = ⌊1 × 91 / 2⌋
  });

  it('counts each SKU exactly once per period, spread evenly over the days', () => {
    const many = Array.from({ length: 1_000 }, (_, index) => ({ sku: `A${String(index).padStart(4, '0')}`, abcClass: 'A' as const }));
    const seen = new Map<string, number>();
    const perDay: number[] = [];
    for (let day = 0; day < 30; day += 1) {
      const list = dailyCountList(many, new Date(Date.UTC(2026, 11, 1 + day)).toISOString().slice(0, 10));
      perDay.push(list.length);
      for (const sku of list) seen.set(sku, (seen.get(sku) ?? 0) + 1);
    }
    expect(seen.size).toBe(1_000);
    expect([...seen.values()].every((times) => times === 1)).toBe(true);
    expect(Math.min(...perDay)).toBeGreaterThanOrEqual(33);
    expect(Math.max(...perDay)).toBeLessThanOrEqual(34);
  });

  it('refuses a malformed date', () => {
    expect(() => dailyCountList(skus, '01/12/2026')).toThrow(expect.objectContaining({ code: 'ValidationFailed' }));
  });
});

describe('evaluateCount', () => {
  const system = { onHand: 100, reserved: 20 };

  it.each([
    // class, counted, outcome, variance: tolerance A 1 unit or 1 %, B 2 or 2 %, C 5 or 5 %
    ['A', 99, 'ADJUST', -1],
    ['A', 97, 'RECOUNT', -3],
    ['B', 102, 'ADJUST', 2],
    ['B', 103, 'RECOUNT', 3],
    ['C', 95, 'ADJUST', -5],
    ['C', 94, 'RECOUNT', -6],
  ] as const)('class %s counted %s of 100 → %s (variance %s)', (abcClass, counted, outcome, variance) => {
    const result = evaluateCount({ sku: 'MUG', counted, countedBy: 'wh1', abcClass }, system, NOW);
    expect(result).toMatchObject({ outcome, variance });
  });

  it('takes the percent when it is the more lenient (B: 10 of 500 is 2 %)', () => {
    expect(evaluateCount({ sku: 'MUG', counted: 490, countedBy: 'wh1', abcClass: 'B' }, { onHand: 500, reserved: 0 }, NOW)).toMatchObject({ outcome: 'ADJUST', variancePercent: 2 });
  });

  it('adjusts with an audit record: who, when, why, before and after (reservations kept)', () => {
    const result = evaluateCount({ sku: 'MUG', counted: 99, countedBy: 'wh1', abcClass: 'A' }, system, NOW);
    expect(result.audit).toEqual({
      sku: 'MUG',
      kind: 'COUNT',
      actor: 'wh1',
      at: NOW.toISOString(),
      reason: 'cycle count variance -1 within tolerance',
      before: { onHand: 100, reserved: 20, available: 80 },
      after: { onHand: 99, reserved: 20, available: 79 },
      delta: -1,
    });
    expect(result.events.map((event) => event.detailType)).toEqual(['CountVarianceAdjusted']);
  });

  it('records a matching count without an event', () => {
    const result = evaluateCount({ sku: 'MUG', counted: 100, countedBy: 'wh1', abcClass: 'A' }, system, NOW);
    expect(result).toMatchObject({ outcome: 'ADJUST', variance: 0, audit: { delta: 0 }, events: [] });
  });

  it('asks for a recount when fewer were counted than orders reserved, even within tolerance', () => {
    const result = evaluateCount({ sku: 'MUG', counted: 3, countedBy: 'wh1', abcClass: 'C' }, { onHand: 5, reserved: 4 }, NOW);
    expect(result).toMatchObject({ outcome: 'RECOUNT', withinTolerance: true });
    expect(result.audit).toBeUndefined();
    expect(result.events.map((event) => event.detailType)).toEqual(['RecountRequested']);
  });

  it.each([-1, 2.5])('refuses a count of %s', (counted) => {
    expect(() => evaluateCount({ sku: 'MUG', counted, countedBy: 'wh1', abcClass: 'A' }, system, NOW)).toThrow(expect.objectContaining({ code: 'ValidationFailed' }));
  });
});
