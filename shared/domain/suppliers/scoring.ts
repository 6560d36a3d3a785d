/**
 * Qualification score of an application: 0–100, passing at 60 (`QUALIFICATION_THRESHOLD`).
 *
 * | criterion      | weight | points                                                                     |
 * |----------------|-------:|----------------------------------------------------------------------------|
 * | qualitySystem  |     30 | system: ISO 9001 certified 20, documented QMS 12, none 0;                 |
 * |                |        | + defect rate: ≤ 500 ppm 10, ≤ 2,000 ppm 6, ≤ 5,000 ppm 3, above 0         |
 * | certifications |     20 | certificates valid today: 0 → 0, 1 → 10, 2 → 15, 3 or more → 20           |
 * | capacity       |     15 | units a month: ≥ 10,000 → 15, ≥ 5,000 → 12, ≥ 1,000 → 8, ≥ 100 → 4, else 0 |
 * | references     |     15 | distinct reference companies: 0 → 0, 1 → 4, 2 → 10, 3 or more → 15        |
 * | experience     |     10 | years trading: ≥ 10 → 10, ≥ 5 → 7, ≥ 2 → 4, else 0                         |
 * | profile        |     10 | 2 each: trading name, website, inspection process, primary contact with   |
 * |                |        | both email and phone, ≥ 2 contacts                                         |
 *
 * Why these weights: defects and process maturity cost us most (returns, refunds), so quality leads;
 * capacity and references tell whether the supplier can keep up and has done so for others.
 * The docs carry the same table: change both together.
 */
import { distinctReferenceCompanies, type SupplierApplicationForm } from './form';

export const QUALIFICATION_THRESHOLD = 60;

export const SCORING_CRITERIA = [
  { criterion: 'qualitySystem', weight: 30 },
  { criterion: 'certifications', weight: 20 },
  { criterion: 'capacity', weight: 15 },
  { criterion: 'references', weight: 15 },
  { criterion: 'experience', weight: 10 },
  { criterion: 'profile', weight: 10 },
] as const;
export type ScoringCriterion = (typeof SCORING_CRITERIA)[number]['criterion'];

export interface CriterionScore {
  readonly criterion: ScoringCriterion;
  readonly weight: number;
  readonly points: number;
  readonly note: string;
}

export interface QualificationScore {
  readonly score: number;
  readonly threshold: number;
  readonly passed: boolean;
  readonly breakdown: CriterionScore[];
  /** Why it did not pass (empty when it passed), written for the applicant. */
  readonly reasons: string[];
  readonly scoredAt: string;
}

/** First step whose `atLeast` the value reaches, else 0. Steps are ordered high to low. */
const stepPoints = (value: number, steps: readonly (readonly [atLeast: number, points: number])[]): number =>
  steps.find(([atLeast]) => value >= atLeast)?.[1] ?? 0;

const QUALITY_SYSTEM_POINTS = { ISO_9001_CERTIFIED: 20, DOCUMENTED_QMS: 12, NONE: 0 } as const;
const QUALITY_SYSTEM_LABEL = {
  ISO_9001_CERTIFIED: 'ISO 9001 certified',
  DOCUMENTED_QMS: 'documented quality system',
  NONE: 'no quality system',
} as const;

const defectRatePoints = (ppm: number) => (ppm <= 500 ? 10 : ppm <= 2_000 ? 6 : ppm <= 5_000 ? 3 : 0);

type Scorer = (form: SupplierApplicationForm, now: Date) => { points: number; note: string };

const SCORERS: Record<ScoringCriterion, Scorer> = {
  qualitySystem: ({ qualitySystem }) => ({
    points: QUALITY_SYSTEM_POINTS[qualitySystem.type] + defectRatePoints(qualitySystem.defectRatePpm),
    note: `${QUALITY_SYSTEM_LABEL[qualitySystem.type]}, defect rate ${qualitySystem.defectRatePpm} ppm`,
  }),
  certifications: ({ certifications }, now) => {
    const today = now.toISOString().slice(0, 10);
    const valid = certifications.filter((certification) => certification.validUntil >= today).length;
    return { points: stepPoints(valid, [[3, 20], [2, 15], [1, 10]]), note: `${valid} valid certification(s)` };
  },
  capacity: ({ monthlyCapacityUnits }) => ({
    points: stepPoints(monthlyCapacityUnits, [[10_000, 15], [5_000, 12], [1_000, 8], [100, 4]]),
    note: `${monthlyCapacityUnits} units a month`,
  }),
  references: (form) => {
    const companies = distinctReferenceCompanies(form);
    return { points: stepPoints(companies, [[3, 15], [2, 10], [1, 4]]), note: `${companies} distinct reference compan${companies === 1 ? 'y' : 'ies'}` };
  },
  experience: ({ company }, now) => {
    const years = Math.max(0, now.getUTCFullYear() - company.yearFounded);
    return { points: stepPoints(years, [[10, 10], [5, 7], [2, 4]]), note: `${years} year(s) trading` };
  },
  profile: (form) => {
    const primary = form.contacts.find((contact) => contact.primary);
    const present = [
      ['trading name', Boolean(form.company.tradingName?.trim())],
      ['website', Boolean(form.company.website?.trim())],
      ['inspection process', Boolean(form.qualitySystem.inspectionProcess?.trim())],
      ['primary contact email and phone', Boolean(primary?.email && primary.phone)],
      ['a second contact', form.contacts.length >= 2],
    ] as const;
    const lacking = present.filter(([, has]) => !has).map(([label]) => label);
    return {
      points: 2 * (present.length - lacking.length),
      note: lacking.length === 0 ? 'profile complete' : `missing: ${lacking.join(', ')}`,
    };
  },
};

const LABEL: Record<ScoringCriterion, string> = {
  qualitySystem: 'Quality system',
  certifications: 'Certifications',
  capacity: 'Capacity',
  references: 'References',
  experience: 'Experience',
  profile: 'Profile',
};

export function scoreApplication(form: SupplierApplicationForm, now: Date): QualificationScore {
  const breakdown: CriterionScore[] = SCORING_CRITERIA.map(({ criterion, weight }) => {
    const { points, note } = SCORERS[criterion](form, now);
    return { criterion, weight, points: Math.min(weight, Math.max(0, points)), note };
  });
  const score = breakdown.reduce((total, item) => total + item.points, 0);
  const passed = score >= QUALIFICATION_THRESHOLD;
  const weakest = breakdown
    .filter((item) => item.points < item.weight / 2)
    .map((item) => `${LABEL[item.criterion]}: ${item.note} (${item.points}/${item.weight}).`);
  const reasons = passed
    ? []
    : [`The qualification score ${score} is below the threshold of ${QUALIFICATION_THRESHOLD}.`, ...weakest];
  return { score, threshold: QUALIFICATION_THRESHOLD, passed, breakdown, reasons, scoredAt: now.toISOString() };
}
