import { describe, expect, it } from 'vitest';
import {
  aqlOf,
  AQLS,
  CODE_LETTERS,
  codeLetterForLot,
  judgeLot,
  MASTER_TABLE_NORMAL,
  samplingPlan,
} from '../../../shared/domain/inventory/sampling';

describe('codeLetterForLot (general inspection level II)', () => {
  it.each([
    [2, 'A'], [8, 'A'], [9, 'B'], [15, 'B'], [16, 'C'], [25, 'C'], [26, 'D'], [50, 'D'], [51, 'E'], [90, 'E'],
    [91, 'F'], [150, 'F'], [151, 'G'], [280, 'G'], [281, 'H'], [500, 'H'], [501, 'J'], [1_000, 'J'], [1_200, 'J'],
    [1_201, 'K'], [3_200, 'K'], [3_201, 'L'], [10_000, 'L'], [10_001, 'M'], [35_000, 'M'], [35_001, 'N'],
    [150_000, 'N'], [150_001, 'P'], [500_000, 'P'], [500_001, 'Q'], [5_000_000, 'Q'],
  ])('lot %s → %s', (lot, letter) => {
    expect(codeLetterForLot(lot)).toBe(letter);
  });

  it.each([0, -5, 2.5])('refuses a lot of %s', (lot) => {
    expect(() => codeLetterForLot(lot)).toThrow(expect.objectContaining({ code: 'ValidationFailed' }));
  });
});

describe('samplingPlan (single sampling, normal inspection)', () => {
  it.each([
    // lot, AQL, code letter, plan letter, n, Ac, Re
    [1_000, '1.0', 'J', 'J', 80, 2, 3],
    [500, '2.5', 'H', 'H', 50, 3, 4],
    [1_000, '2.5', 'J', 'J', 80, 5, 6],
    [1_000, '4.0', 'J', 'J', 80, 7, 8],
    [1_000, '6.5', 'J', 'J', 80, 10, 11],
    [1_000, '0.65', 'J', 'J', 80, 1, 2],
    [1_000, '1.5', 'J', 'J', 80, 3, 4],
    [400, '0.65', 'H', 'J', 80, 1, 2], // ↓ to J
    [200, '0.65', 'G', 'F', 20, 0, 1], // ↑ to F
    [5_000, '0.65', 'L', 'L', 200, 3, 4],
    [5_000, '4.0', 'L', 'L', 200, 14, 15],
    [20_000, '2.5', 'M', 'M', 315, 14, 15],
    [50_000, '1.5', 'N', 'N', 500, 14, 15],
    [200_000, '0.65', 'P', 'P', 800, 10, 11],
    [1_000_000, '2.5', 'Q', 'N', 500, 21, 22], // ↑ twice, to N
    [1_000_000, '1.0', 'Q', 'Q', 1_250, 21, 22],
    [1_000_000, '0.65', 'Q', 'Q', 1_250, 14, 15],
    [150, '2.5', 'F', 'F', 20, 1, 2],
    [100, '1.0', 'F', 'E', 13, 0, 1], // ↑ to E
    [60, '4.0', 'E', 'E', 13, 1, 2],
    [20, '6.5', 'C', 'D', 8, 1, 2], // ↓ to D
    [40, '6.5', 'D', 'D', 8, 1, 2],
    [12, '6.5', 'B', 'A', 2, 0, 1], // ↑ to A
    [3_000, '0.10', 'K', 'K', 125, 0, 1],
    [3_000, '0.065', 'K', 'L', 200, 0, 1], // ↓ to L
  ])('lot %s at AQL %s → %s/%s n=%s Ac %s Re %s', (lot, aql, codeLetter, planLetter, sampleSize, acceptNumber, rejectNumber) => {
    expect(samplingPlan(lot, aql)).toMatchObject({ codeLetter, planLetter, sampleSize, acceptNumber, rejectNumber, inspectAll: false });
  });

  it('inspects the whole lot when the sample would not be smaller', () => {
    // lot 10 is B; at AQL 1.0 the column points down to E (n = 13 > 10): inspect all 10, accept none
    expect(samplingPlan(10, '1.0')).toMatchObject({ codeLetter: 'B', planLetter: 'E', sampleSize: 10, acceptNumber: 0, rejectNumber: 1, inspectAll: true });
    expect(samplingPlan(2, '6.5')).toMatchObject({ codeLetter: 'A', sampleSize: 2, inspectAll: true });
  });

  it('reads the AQL from a number or the contract text', () => {
    expect(samplingPlan(1_000, 1).acceptNumber).toBe(2);
    expect(samplingPlan(1_000, 'AQL 1.0 General Inspection Level II').acceptNumber).toBe(2);
  });

  it('refuses an AQL that is not a column', () => {
    expect(() => samplingPlan(1_000, '3.0')).toThrow(expect.objectContaining({ code: 'ValidationFailed' }));
  });
});

describe('MASTER_TABLE_NORMAL (the data)', () => {
  it('has a cell per AQL for every letter, Re = Ac + 1 in single sampling', () => {
    for (const letter of CODE_LETTERS) {
      const row = MASTER_TABLE_NORMAL[letter];
      expect(row).toHaveLength(AQLS.length);
      for (const cell of row) if (Array.isArray(cell)) expect(cell[1]).toBe(cell[0] + 1);
    }
  });

  it('resolves every letter at every AQL to a plan (the arrows end), starting from the letter its lot gives', () => {
    for (const aql of AQLS) {
      for (const [index, letter] of CODE_LETTERS.slice(0, 15).entries()) {
        const lot = [2, 9, 16, 26, 51, 91, 151, 281, 501, 1_201, 3_201, 10_001, 35_001, 150_001, 500_001][index]!;
        expect(samplingPlan(lot, aql).codeLetter).toBe(letter);
      }
    }
  });

  it('accepts more defects as the AQL loosens, for the same letter', () => {
    for (const lot of [50, 500, 5_000, 50_000]) {
      const accepts = AQLS.map((aql) => samplingPlan(lot, aql)).filter((plan) => plan.planLetter === plan.codeLetter).map((plan) => plan.acceptNumber);
      expect(accepts).toEqual([...accepts].sort((a, b) => a - b));
    }
  });
});

describe('judgeLot', () => {
  const plan = samplingPlan(1_000, '1.0'); // n 80, Ac 2, Re 3
  it.each([
    [0, 'ACCEPTED'],
    [2, 'ACCEPTED'],
    [3, 'REJECTED'],
    [80, 'REJECTED'],
  ])('%s defects → %s', (defects, verdict) => {
    expect(judgeLot(plan, defects)).toBe(verdict);
  });

  it.each([-1, 81, 1.5])('refuses %s defects', (defects) => {
    expect(() => judgeLot(plan, defects)).toThrow(expect.objectContaining({ code: 'ValidationFailed' }));
  });
});

describe('aqlOf', () => {
  it.each([
    ['2.5', '2.5'],
    [2.5, '2.5'],
    ['AQL 1.0 General Inspection Level II', '1.0'],
    [0.4, '0.40'],
    ['AQL 0.065', '0.065'],
    ['3', undefined],
    ['none', undefined],
  ])('%s → %s', (text, aql) => {
    expect(aqlOf(text)).toBe(aql);
  });
});
