import { describe, expect, it } from 'vitest';
import { QUALIFICATION_THRESHOLD, SCORING_CRITERIA, scoreApplication } from '../../../shared/domain/suppliers/scoring';
import type { SupplierApplicationForm } from '../../../shared/domain/suppliers/form';
import { completeForm, NOW } from './fixtures';

const pointsFor = (form: SupplierApplicationForm, criterion: string) =>
  scoreApplication(form, NOW).breakdown.find((item) => item.criterion === criterion)?.points;

describe('scoreApplication', () => {
  it('weights add up to 100 and the threshold is 60', () => {
    expect(SCORING_CRITERIA.reduce((sum, c) => sum + c.weight, 0)).toBe(100);
    expect(QUALIFICATION_THRESHOLD).toBe(60);
  });

  it('gives a strong complete application full marks', () => {
    const result = scoreApplication(completeForm(), NOW);
    expect(result).toMatchObject({ score: 100, passed: true, reasons: [], threshold: 60, scoredAt: NOW.toISOString() });
    expect(result.breakdown.map((b) => [b.criterion, b.weight, b.points])).toEqual([
      ['qualitySystem', 30, 30],
      ['certifications', 20, 20],
      ['capacity', 15, 15],
      ['references', 15, 15],
      ['experience', 10, 10],
      ['profile', 10, 10],
    ]);
  });

  const f = completeForm;
  it.each<[string, SupplierApplicationForm, string, number]>([
    ['documented QMS, 1,500 ppm', { ...f(), qualitySystem: { type: 'DOCUMENTED_QMS', defectRatePpm: 1500 } }, 'qualitySystem', 18],
    ['no QMS, 8,000 ppm', { ...f(), qualitySystem: { type: 'NONE', defectRatePpm: 8000 } }, 'qualitySystem', 0],
    ['ISO, 4,000 ppm', { ...f(), qualitySystem: { type: 'ISO_9001_CERTIFIED', defectRatePpm: 4000 } }, 'qualitySystem', 23],
    ['2 valid certs + 1 expired', { ...f(), certifications: [...f().certifications.slice(0, 2), { name: 'X', issuer: 'Y', validUntil: '2030-06-14' }] }, 'certifications', 15],
    ['1 cert', { ...f(), certifications: f().certifications.slice(0, 1) }, 'certifications', 10],
    ['no certs', { ...f(), certifications: [] }, 'certifications', 0],
    ['5,000 units', { ...f(), monthlyCapacityUnits: 5000 }, 'capacity', 12],
    ['999 units', { ...f(), monthlyCapacityUnits: 999 }, 'capacity', 4],
    ['99 units', { ...f(), monthlyCapacityUnits: 99 }, 'capacity', 0],
    ['2 distinct references', { ...f(), references: f().references.slice(0, 2) }, 'references', 10],
    ['3 references, one company', { ...f(), references: f().references.map((r) => ({ ...r, company: 'Same' })) }, 'references', 4],
    ['3 references, two companies once spacing is ignored (as completeness counts them)', { ...f(), references: [f().references[0]!, f().references[1]!, { ...f().references[1]!, company: ` ${f().references[1]!.company.toUpperCase().replace(' ', '   ')} ` }] }, 'references', 10],
    ['founded 5 years ago', { ...f(), company: { ...f().company, yearFounded: 2025 } }, 'experience', 7],
    ['founded this year', { ...f(), company: { ...f().company, yearFounded: 2030 } }, 'experience', 0],
    ['no website, single contact', { ...f(), company: { ...f().company, website: undefined }, contacts: f().contacts.slice(0, 1) }, 'profile', 6],
  ])('%s', (_name, form, criterion, expected) => {
    expect(pointsFor(form, criterion)).toBe(expected);
  });

  it('fails a weak application below 60 and explains the weakest criteria', () => {
    const weak: SupplierApplicationForm = {
      ...completeForm(),
      qualitySystem: { type: 'NONE', defectRatePpm: 9000 },
      certifications: [],
      monthlyCapacityUnits: 500,
    };
    const result = scoreApplication(weak, NOW);
    expect(result.score).toBe(0 + 0 + 4 + 15 + 10 + 8);
    expect(result.passed).toBe(false);
    expect(result.reasons[0]).toBe(`The qualification score ${result.score} is below the threshold of 60.`);
    expect(result.reasons.slice(1)).toEqual([
      'Quality system: no quality system, defect rate 9000 ppm (0/30).',
      'Certifications: 0 valid certification(s) (0/20).',
      'Capacity: 500 units a month (4/15).',
    ]);
  });

  it('passes exactly at the threshold', () => {
    const form: SupplierApplicationForm = {
      ...completeForm(),
      qualitySystem: { type: 'DOCUMENTED_QMS', defectRatePpm: 6000, inspectionProcess: 'yes' }, // 12
      certifications: [{ name: 'ISO 14001', issuer: 'X', validUntil: '2031-01-01' }], // 10
      monthlyCapacityUnits: 1000, // 8
      references: completeForm().references.slice(0, 2), // 10
      company: { ...completeForm().company, yearFounded: 2025 }, // 7
    }; // profile 10 → 57
    expect(scoreApplication(form, NOW)).toMatchObject({ score: 57, passed: false });
    const tenYearsTrading = { ...form, company: { ...form.company, yearFounded: 2020 } }; // experience 7 → 10
    expect(scoreApplication(tenYearsTrading, NOW)).toMatchObject({ score: 60, passed: true, reasons: [] });
  });
});
