import { describe, expect, it } from 'vitest';
import {
  nextStanding,
  scoreWeek,
  standingAfter,
  statusForStanding,
  validateMetricRules,
  WEEKLY_METRIC_RULES,
  type StandingState,
  type WeeklyActivity,
  type WeeklyScore,
} from '../../../shared/domain/suppliers/standing';

// The worked week of docs/inventory.md.
const week: WeeklyActivity = {
  weekStart: '2026-11-23',
  deliveries: 10,
  onTimeDeliveries: 9, // 0.90: 5/9 of the way from 0.80 to 0.98 → 16.667 of 30
  unitsOrdered: 1_000,
  unitsAccepted: 970, // 0.97: 6/7 of the way from 0.85 to 0.99 → 21.429 of 25
  unitsInspected: 200,
  unitsDefective: 2, // 0.01: 8/9 of the way from 0.05 to 0.005 → 17.778 of 20
  priceRatio: 1, // 2/3 of the way from 1.20 to 0.90 → 10 of 15
  leadTimeError: 0.1, // 8/9 of the way from 0.50 to 0.05 → 8.889 of 10
};

describe('scoreWeek', () => {
  it('scores each metric linearly between its marks and sums the weighted points (74.8)', () => {
    const score = scoreWeek(week)!;
    expect(score.score).toBe(74.8);
    expect(score.lines.map((line) => [line.metric, line.weight, Math.round(line.points * 1000) / 1000])).toEqual([
      ['onTimeDeliveryRate', 30, 16.667],
      ['fillRate', 25, 21.429],
      ['qcDefectRate', 20, 17.778],
      ['priceCompetitiveness', 15, 10],
      ['leadTimeAccuracy', 10, 8.889],
    ]);
  });

  it('leaves out what was not measured and scales the other weights to 100', () => {
    // only on-time (30), fill (25) and lead time (10) measured: weights × 100/65
    const score = scoreWeek({ ...week, unitsInspected: 0, unitsDefective: 0, priceRatio: undefined })!;
    expect(score.lines.map((line) => line.metric)).toEqual(['onTimeDeliveryRate', 'fillRate', 'leadTimeAccuracy']);
    expect(score.lines.reduce((sum, line) => sum + line.weight, 0)).toBeCloseTo(100, 9);
    // (16.667 + 21.429 + 8.889) × 100/65 = 72.28
    expect(score.score).toBe(72.3);
  });

  it('does not score a week without deliveries (neither 100 nor 0)', () => {
    expect(scoreWeek({ ...week, deliveries: 0, onTimeDeliveries: 0 })).toBeUndefined();
  });

  it('gives full points at or past the best mark and none at or past the worst', () => {
    const perfect = { ...week, onTimeDeliveries: 10, unitsAccepted: 1_000, unitsDefective: 0, priceRatio: 0.8, leadTimeError: 0 };
    expect(scoreWeek(perfect)!.score).toBe(100);
    const dreadful = { ...week, onTimeDeliveries: 5, unitsAccepted: 500, unitsDefective: 20, priceRatio: 1.5, leadTimeError: 1 };
    expect(scoreWeek(dreadful)!.score).toBe(0);
  });
});

describe('validateMetricRules', () => {
  it('accepts the shipped weights (they sum to 100)', () => {
    expect(validateMetricRules(WEEKLY_METRIC_RULES)).toEqual([]);
  });

  it('refuses weights that do not sum to 100, a metric twice, a non-positive weight', () => {
    const [first, second] = WEEKLY_METRIC_RULES as [typeof WEEKLY_METRIC_RULES[0], typeof WEEKLY_METRIC_RULES[0]];
    expect(validateMetricRules([first, second]).map((error) => error.message)).toEqual(['Weights sum to 49.5, not 100.']);
    expect(validateMetricRules([{ ...first, weight: 50 }, { ...first, weight: 50 }]).map((error) => error.message)).toEqual(['Each metric once.']);
    expect(validateMetricRules([{ ...first, weight: 0 }, { ...second, weight: 100 }])[0]?.field).toBe('rules.0.weight');
    expect(() => scoreWeek(week, [first])).toThrow(expect.objectContaining({ code: 'ValidationFailed' }));
  });
});

const scored = (score: number, weekStart = '2026-11-23'): WeeklyScore => ({ weekStart, score, lines: [] });

/** Runs a list of weekly scores (undefined = no activity) through nextStanding; returns the standings after each. */
const walk = (start: StandingState, scores: (number | undefined)[]) => {
  let state = start;
  const standings: string[] = [];
  const events: unknown[] = [];
  for (const score of scores) {
    const result = nextStanding('SUP1', state, score === undefined ? undefined : scored(score));
    state = result.next;
    standings.push(state.standing);
    events.push(...result.events);
  }
  return { state, standings, events };
};

describe('nextStanding (hysteresis)', () => {
  it('promotes to PREFERRED after two weeks at 90+, and keeps it down to 80', () => {
    const { standings, events } = walk({ standing: 'APPROVED' }, [92, 95, 85, 81]);
    expect(standings).toEqual(['APPROVED', 'PREFERRED', 'PREFERRED', 'PREFERRED']);
    expect(events).toEqual([
      expect.objectContaining({ source: 'commerce.suppliers', detailType: 'SupplierStandingChanged', detail: expect.objectContaining({ from: 'APPROVED', to: 'PREFERRED', score: 95, alert: false }) }),
    ]);
  });

  it('needs the weeks to be consecutive: a week that does not hold starts the count again', () => {
    expect(walk({ standing: 'PREFERRED' }, [79, 81, 79, 79]).standings).toEqual(['PREFERRED', 'PREFERRED', 'PREFERRED', 'APPROVED']);
  });

  it('ignores a week without activity: it neither breaks nor extends a run', () => {
    expect(walk({ standing: 'APPROVED' }, [55, undefined, 55]).standings).toEqual(['APPROVED', 'APPROVED', 'PROBATION']);
    expect(walk({ standing: 'APPROVED' }, [55]).state).toEqual({ standing: 'APPROVED', pending: { to: 'PROBATION', weeks: 1 } });
  });

  it('keeps a supplier on probation until it scores 70 twice (entering took under 60)', () => {
    expect(walk({ standing: 'PROBATION' }, [65, 68, 72, 75]).standings).toEqual(['PROBATION', 'PROBATION', 'PROBATION', 'APPROVED']);
  });

  it('suspends a supplier on probation after two weeks under 45, and alerts', () => {
    const { standings, events } = walk({ standing: 'PROBATION' }, [40, 44]);
    expect(standings).toEqual(['PROBATION', 'SUSPENDED']);
    expect(events).toEqual([expect.objectContaining({ detail: expect.objectContaining({ from: 'PROBATION', to: 'SUSPENDED', alert: true }) })]);
  });

  it('never lifts a suspension by score: an operator does', () => {
    expect(walk({ standing: 'SUSPENDED' }, [100, 100, 100]).standings).toEqual(['SUSPENDED', 'SUSPENDED', 'SUSPENDED']);
  });

  it('does not jump from APPROVED straight to SUSPENDED', () => {
    expect(walk({ standing: 'APPROVED' }, [10, 10, 10, 10]).standings).toEqual(['APPROVED', 'PROBATION', 'PROBATION', 'SUSPENDED']);
  });
});

describe('standingAfter', () => {
  it('replays weeks of activity, skipping the idle ones', () => {
    const idle = { ...week, deliveries: 0, onTimeDeliveries: 0, weekStart: '2026-11-30' };
    const poor = { ...week, onTimeDeliveries: 5, unitsAccepted: 800, weekStart: '2026-12-07' }; // 0 + 0 + 17.778 + 10 + 8.889 = 36.7
    const result = standingAfter('SUP1', { standing: 'APPROVED' }, [poor, idle, { ...poor, weekStart: '2026-12-14' }]);
    expect(result.scores.map((score) => score.score)).toEqual([36.7, 36.7]);
    expect(result.state.standing).toBe('PROBATION');
    expect(result.changes).toHaveLength(1);
  });
});

describe('statusForStanding', () => {
  it('keeps the supplier record status in its three values', () => {
    expect(['PREFERRED', 'APPROVED', 'PROBATION', 'SUSPENDED'].map((standing) => statusForStanding(standing as never))).toEqual([
      'APPROVED',
      'APPROVED',
      'PROBATION',
      'SUSPENDED',
    ]);
  });
});
