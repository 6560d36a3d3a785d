import { describe, expect, it } from 'vitest';
import {
  computeScorecard,
  gradeFor,
  MINIMUM_ORDERS_FOR_SCORECARD,
  type SupplierPerformance,
} from '../../../shared/domain/suppliers/scorecard';

const perfect: SupplierPerformance = {
  ordersCount: 100,
  onTimeDeliveryRate: 0.99,
  fillRate: 1,
  returnRate: 0.005,
  defectRatePpm: 200,
  averageResponseHours: 2,
};

describe('computeScorecard', () => {
  it('grades a flawless supplier A / OK with full points', () => {
    const card = computeScorecard(perfect, 70);
    expect(card).toMatchObject({ score: 100, grade: 'A', status: 'OK', basis: 'PERFORMANCE', ordersCount: 100 });
    expect(card.breakdown.map((line) => [line.metric, line.weight, line.points])).toEqual([
      ['onTimeDeliveryRate', 30, 30],
      ['fillRate', 25, 25],
      ['defectRatePpm', 20, 20],
      ['returnRate', 15, 15],
      ['responseHours', 10, 10],
    ]);
  });

  it('scores linearly between the marks', () => {
    // on-time 0.89 is half-way between 0.80 and 0.98 → 15 of 30; the rest perfect → 85
    expect(computeScorecard({ ...perfect, onTimeDeliveryRate: 0.89 }, 70)).toMatchObject({ score: 85, grade: 'A' });
  });

  it.each<[string, SupplierPerformance, number, string, string]>([
    ['late a lot', { ...perfect, onTimeDeliveryRate: 0.8 }, 70, 'B', 'OK'],
    ['late and short', { ...perfect, onTimeDeliveryRate: 0.8, fillRate: 0.85 }, 45, 'D', 'PROBATION'],
    ['late, short-ish', { ...perfect, onTimeDeliveryRate: 0.8, fillRate: 0.92 }, 58, 'C', 'WATCH'],
    [
      'everything at the worst mark',
      { ordersCount: 30, onTimeDeliveryRate: 0.5, fillRate: 0.5, returnRate: 0.5, defectRatePpm: 50_000, averageResponseHours: 200 },
      0,
      'D',
      'PROBATION',
    ],
  ])('%s → %d, %s, %s', (_name, performance, score, grade, status) => {
    expect(computeScorecard(performance, 70)).toMatchObject({ score, grade, status });
  });

  it('says INSUFFICIENT_DATA below the minimum orders and keeps the qualification score as baseline', () => {
    const card = computeScorecard({ ...perfect, ordersCount: MINIMUM_ORDERS_FOR_SCORECARD - 1 }, 73);
    expect(card).toMatchObject({ score: 73, grade: null, status: 'INSUFFICIENT_DATA', basis: 'QUALIFICATION', minimumOrders: 20 });
    expect(computeScorecard({ ...perfect, ordersCount: MINIMUM_ORDERS_FOR_SCORECARD }, 73).basis).toBe('PERFORMANCE');
  });

  it.each([[85, 'A'], [84, 'B'], [70, 'B'], [69, 'C'], [55, 'C'], [54, 'D']] as const)('score %d is grade %s', (score, grade) => {
    expect(gradeFor(score)).toBe(grade);
  });
});
