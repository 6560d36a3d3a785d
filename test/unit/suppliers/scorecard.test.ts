import { describe, expect, it } from 'vitest';
import {
  computeScorecard,
  gradeFor,
  MINIMUM_ORDERS_FOR_SCORECARD,
  type SupplierPerformance,
} from '../../../shared/domain/suppliers/scorecard';
import type { SupplierApplication } from '../../../shared/domain/suppliers/application';
import type { SupplierApplicationForm } from '../../../shared/domain/suppliers/form';
import { scoreApplication } from '../../../shared/domain/suppliers/scoring';
import { newSupplier } from '../../../shared/domain/suppliers/supplier';
import { completeForm, NOW, validTerms } from './fixtures';

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

describe('a scorecard explains its own number', () => {
  const sum = (card: ReturnType<typeof computeScorecard>) => card.breakdown.reduce((total, line) => total + line.points, 0);

  /** Forms from weak to strong: every criterion at several levels, so the breakdowns differ. */
  const forms = (): SupplierApplicationForm[] => {
    const base = completeForm();
    return [
      base,
      { ...base, qualitySystem: { type: 'DOCUMENTED_QMS', defectRatePpm: 1_500 }, certifications: base.certifications.slice(0, 1) },
      { ...base, qualitySystem: { type: 'NONE', defectRatePpm: 9_000 }, certifications: [], references: base.references.slice(0, 1), monthlyCapacityUnits: 400 },
      { ...base, company: { ...base.company, tradingName: undefined, website: undefined, yearFounded: 2029 }, contacts: base.contacts.slice(0, 1) },
      { ...base, monthlyCapacityUnits: 5_500, references: base.references.slice(0, 2), certifications: base.certifications.slice(0, 2) },
    ];
  };

  it.each(forms().map((form, index) => [index, form] as const))(
    'a new supplier (form %d) gets a QUALIFICATION card whose lines add up to its score',
    (_index, form) => {
      const application: SupplierApplication = {
        applicationId: '01JAPP00000000000000000001',
        applicantSub: 'applicant',
        applicantEmail: 'a@example.com',
        status: 'APPROVED',
        form,
        submittedAt: NOW.toISOString(),
        updatedAt: NOW.toISOString(),
        qualification: scoreApplication(form, NOW),
      };
      const supplier = newSupplier('01JSUP00000000000000000001', application, validTerms(), 'operator', NOW);
      const card = computeScorecard(supplier.performance, { score: supplier.qualificationScore, breakdown: supplier.qualificationBreakdown });
      expect(card.basis).toBe('QUALIFICATION');
      expect(card.score).toBe(application.qualification!.score);
      expect(sum(card)).toBe(card.score);
      expect(card.breakdown.map((line) => line.metric)).toEqual(['qualitySystem', 'certifications', 'capacity', 'references', 'experience', 'profile']);
      expect(card.breakdown.every((line) => line.points <= line.weight && typeof line.note === 'string')).toBe(true);
    },
  );

  it('the walkthrough case: 83 points of qualification are shown as 83, not as 45 points of empty performance', () => {
    const card = computeScorecard({ ...perfect, ordersCount: 0 }, {
      score: 83,
      breakdown: [
        { criterion: 'qualitySystem', weight: 30, points: 30, note: 'ISO 9001 certified, defect rate 300 ppm' },
        { criterion: 'certifications', weight: 20, points: 15, note: '2 valid certification(s)' },
        { criterion: 'capacity', weight: 15, points: 12, note: '6000 units a month' },
        { criterion: 'references', weight: 15, points: 10, note: '2 distinct reference companies' },
        { criterion: 'experience', weight: 10, points: 10, note: '20 year(s) trading' },
        { criterion: 'profile', weight: 10, points: 6, note: 'missing: website, a second contact' },
      ],
    });
    expect(card).toMatchObject({ score: 83, basis: 'QUALIFICATION' });
    expect(sum(card)).toBe(83);
  });

  it('a supplier recorded without a breakdown (or with one that does not add up) shows the whole score as one line', () => {
    for (const baseline of [73, { score: 73 }, { score: 73, breakdown: [{ criterion: 'capacity' as const, weight: 15, points: 15, note: 'x' }] }]) {
      const card = computeScorecard({ ...perfect, ordersCount: 3 }, baseline);
      expect(card.breakdown).toEqual([expect.objectContaining({ metric: 'qualification', points: 73 })]);
      expect(sum(card)).toBe(73);
    }
  });

  it('a PERFORMANCE card always adds up to its score (to the rounding of one decimal per line)', () => {
    // A deterministic sweep over the whole range of every metric, including beyond both marks.
    const steps = [0, 0.25, 0.5, 0.75, 1, 1.2];
    let cards = 0;
    for (const a of steps)
      for (const b of steps)
        for (const c of steps) {
          const performance: SupplierPerformance = {
            ordersCount: MINIMUM_ORDERS_FOR_SCORECARD + 7,
            onTimeDeliveryRate: 0.75 + 0.25 * a,
            fillRate: 0.8 + 0.2 * b,
            defectRatePpm: 12_000 * c,
            returnRate: 0.12 * (1 - a),
            averageResponseHours: 80 * b * c,
          };
          const card = computeScorecard(performance, 70);
          expect(card.basis).toBe('PERFORMANCE');
          expect(Math.round(sum(card))).toBe(card.score);
          cards += 1;
        }
    expect(cards).toBe(216);
  });
});
