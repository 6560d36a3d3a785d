/**
 * Goods-receipt QC by ISO 2859-1 single sampling, general inspection level II, normal inspection.
 *
 * Two tables, kept as data exactly as the standard prints them:
 *   1. lot size → sample-size code letter (Table 1, column II);
 *   2. the master table (Table 2-A): per code letter its sample size, and per AQL either a plan (Ac, Re) or
 *      an arrow. An arrow means "use the first plan below (↓) / above (↑) in this column" — with that plan's
 *      own sample size, not the letter's. Lot 400 at AQL 0.65 is letter H (n = 50), whose cell points down
 *      to J's plan: inspect n = 80, accept on 1 defect, reject on 2.
 * A sample of the lot's size or more means inspecting every unit (the standard's footnote).
 * Cross-checked cell by cell against a published transcription of the same tables (ANSI/ASQ Z1.4 and
 * MIL-STD-105E print the identical Table I and II-A); test/unit/inventory/sampling.test.ts pins the plans.
 */
import { invalid } from '../errors';

export const CODE_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'Q', 'R'] as const;
export type CodeLetter = (typeof CODE_LETTERS)[number];

/** Table 1, general inspection level II: the largest lot of each band and its letter (R is never drawn at level II). */
export const LOT_SIZE_CODE_LETTERS: readonly { readonly maxLotSize: number; readonly letter: CodeLetter }[] = [
  { maxLotSize: 8, letter: 'A' },
  { maxLotSize: 15, letter: 'B' },
  { maxLotSize: 25, letter: 'C' },
  { maxLotSize: 50, letter: 'D' },
  { maxLotSize: 90, letter: 'E' },
  { maxLotSize: 150, letter: 'F' },
  { maxLotSize: 280, letter: 'G' },
  { maxLotSize: 500, letter: 'H' },
  { maxLotSize: 1_200, letter: 'J' },
  { maxLotSize: 3_200, letter: 'K' },
  { maxLotSize: 10_000, letter: 'L' },
  { maxLotSize: 35_000, letter: 'M' },
  { maxLotSize: 150_000, letter: 'N' },
  { maxLotSize: 500_000, letter: 'P' },
  { maxLotSize: Number.POSITIVE_INFINITY, letter: 'Q' },
];

export const SAMPLE_SIZE_BY_LETTER: Readonly<Record<CodeLetter, number>> = {
  A: 2, B: 3, C: 5, D: 8, E: 13, F: 20, G: 32, H: 50, J: 80, K: 125, L: 200, M: 315, N: 500, P: 800, Q: 1250, R: 2000,
};

/** The AQL columns (percent nonconforming) a contract may name: those `validateContractTerms` accepts. */
export const AQLS = ['0.010', '0.015', '0.025', '0.040', '0.065', '0.10', '0.15', '0.25', '0.40', '0.65', '1.0', '1.5', '2.5', '4.0', '6.5'] as const;
export type Aql = (typeof AQLS)[number];

const UP = 'UP';
const DN = 'DOWN';
/** A cell of the master table: a plan [Ac, Re], or an arrow to the first plan above or below. */
export type MasterTableCell = readonly [accept: number, reject: number] | typeof UP | typeof DN;

// prettier-ignore
/** Table 2-A, columns in the order of `AQLS`. */
export const MASTER_TABLE_NORMAL: Readonly<Record<CodeLetter, readonly MasterTableCell[]>> = {
  A: [DN, DN, DN, DN, DN, DN, DN, DN, DN, DN, DN, DN, DN, DN, [0, 1]],
  B: [DN, DN, DN, DN, DN, DN, DN, DN, DN, DN, DN, DN, DN, [0, 1], UP],
  C: [DN, DN, DN, DN, DN, DN, DN, DN, DN, DN, DN, DN, [0, 1], UP, DN],
  D: [DN, DN, DN, DN, DN, DN, DN, DN, DN, DN, DN, [0, 1], UP, DN, [1, 2]],
  E: [DN, DN, DN, DN, DN, DN, DN, DN, DN, DN, [0, 1], UP, DN, [1, 2], [2, 3]],
  F: [DN, DN, DN, DN, DN, DN, DN, DN, DN, [0, 1], UP, DN, [1, 2], [2, 3], [3, 4]],
  G: [DN, DN, DN, DN, DN, DN, DN, DN, [0, 1], UP, DN, [1, 2], [2, 3], [3, 4], [5, 6]],
  H: [DN, DN, DN, DN, DN, DN, DN, [0, 1], UP, DN, [1, 2], [2, 3], [3, 4], [5, 6], [7, 8]],
  J: [DN, DN, DN, DN, DN, DN, [0, 1], UP, DN, [1, 2], [2, 3], [3, 4], [5, 6], [7, 8], [10, 11]],
  K: [DN, DN, DN, DN, DN, [0, 1], UP, DN, [1, 2], [2, 3], [3, 4], [5, 6], [7, 8], [10, 11], [14, 15]],
  L: [DN, DN, DN, DN, [0, 1], UP, DN, [1, 2], [2, 3], [3, 4], [5, 6], [7, 8], [10, 11], [14, 15], [21, 22]],
  M: [DN, DN, DN, [0, 1], UP, DN, [1, 2], [2, 3], [3, 4], [5, 6], [7, 8], [10, 11], [14, 15], [21, 22], UP],
  N: [DN, DN, [0, 1], UP, DN, [1, 2], [2, 3], [3, 4], [5, 6], [7, 8], [10, 11], [14, 15], [21, 22], UP, UP],
  P: [DN, [0, 1], UP, DN, [1, 2], [2, 3], [3, 4], [5, 6], [7, 8], [10, 11], [14, 15], [21, 22], UP, UP, UP],
  Q: [[0, 1], UP, DN, [1, 2], [2, 3], [3, 4], [5, 6], [7, 8], [10, 11], [14, 15], [21, 22], UP, UP, UP, UP],
  R: [UP, UP, [1, 2], [2, 3], [3, 4], [5, 6], [7, 8], [10, 11], [14, 15], [21, 22], UP, UP, UP, UP, UP],
};

export interface SamplingPlan {
  readonly lotSize: number;
  readonly aql: Aql;
  /** The letter the lot size gives. */
  readonly codeLetter: CodeLetter;
  /** The letter whose plan applies after following arrows (the same letter when its cell is a plan). */
  readonly planLetter: CodeLetter;
  /** Units to inspect: the plan's sample size, or the whole lot when the sample would not be smaller. */
  readonly sampleSize: number;
  readonly acceptNumber: number;
  readonly rejectNumber: number;
  readonly inspectAll: boolean;
}

export function codeLetterForLot(lotSize: number): CodeLetter {
  if (!Number.isInteger(lotSize) || lotSize < 1) throw invalid('A lot is a whole number of units, at least 1.', [{ field: 'lotSize', message: `Got ${lotSize}.` }]);
  // The last band is unbounded, so find always succeeds.
  return (LOT_SIZE_CODE_LETTERS.find((band) => lotSize <= band.maxLotSize) ?? LOT_SIZE_CODE_LETTERS[LOT_SIZE_CODE_LETTERS.length - 1]!).letter;
}

/** `'2.5'`, `2.5`, `'AQL 2.5 General Inspection Level II'` → `'2.5'`; undefined when it is not a column. */
export function aqlOf(standard: string | number): Aql | undefined {
  const text = typeof standard === 'number' ? String(standard) : (/(\d+(?:\.\d+)?)/.exec(standard)?.[1] ?? '');
  const value = Number(text);
  return AQLS.find((aql) => Number(aql) === value);
}

/** Follows the arrows of the AQL's column from `letter` to the first plan. */
function planFrom(letter: CodeLetter, column: number): { letter: CodeLetter; accept: number; reject: number } {
  let row = CODE_LETTERS.indexOf(letter);
  // Each step moves one row; the table is finite and every column holds plans, so this ends.
  for (let steps = 0; steps < CODE_LETTERS.length; steps += 1) {
    const current = CODE_LETTERS[row]!;
    const cell = MASTER_TABLE_NORMAL[current][column]!;
    if (cell === UP) row -= 1;
    else if (cell === DN) row += 1;
    else return { letter: current, accept: cell[0], reject: cell[1] };
  }
  throw new Error(`ISO 2859-1 master table has no plan in column ${AQLS[column]} from ${letter}`);
}

/** The single sampling plan for a lot at an AQL (general inspection level II, normal inspection). */
export function samplingPlan(lotSize: number, aql: string | number): SamplingPlan {
  const column = aqlOf(aql);
  if (!column) throw invalid(`AQL ${aql} is not one of ${AQLS.join(', ')}.`, [{ field: 'aql', message: `Got ${aql}.` }]);
  const codeLetter = codeLetterForLot(lotSize);
  const plan = planFrom(codeLetter, AQLS.indexOf(column));
  const planSize = SAMPLE_SIZE_BY_LETTER[plan.letter];
  const inspectAll = planSize >= lotSize;
  return {
    lotSize,
    aql: column,
    codeLetter,
    planLetter: plan.letter,
    sampleSize: inspectAll ? lotSize : planSize,
    acceptNumber: plan.accept,
    rejectNumber: plan.reject,
    inspectAll,
  };
}

export type LotVerdict = 'ACCEPTED' | 'REJECTED';

/** Defects at or under Ac accept the lot; at or over Re reject it (single sampling: Re = Ac + 1). */
export function judgeLot(plan: SamplingPlan, defectsFound: number): LotVerdict {
  if (!Number.isInteger(defectsFound) || defectsFound < 0 || defectsFound > plan.sampleSize) {
    throw invalid(`Defects found are a whole number from 0 to the sample size ${plan.sampleSize}.`, [
      { field: 'defectsFound', message: `Got ${defectsFound}.` },
    ]);
  }
  return defectsFound <= plan.acceptNumber ? 'ACCEPTED' : 'REJECTED';
}
