import { describe, expect, it } from 'vitest';
import { cellMoves, customerSegment, recencyScores, rfmCell, segmentCounts, segmentOf } from '../../../shared/domain/analytics/rfm';

describe('RFM cells', () => {
  it.each([
    [1, 1_000, '2030-06-12', { week: '2030-06-10', f: 1, m: 1 }],
    [2, 2_500, '2030-06-10', { week: '2030-06-10', f: 2, m: 2 }],
    [4, 14_999, '2030-06-16', { week: '2030-06-10', f: 3, m: 3 }],
    [9, 15_000, '2030-06-17', { week: '2030-06-17', f: 4, m: 4 }],
    [10, 40_000, '2030-06-17', { week: '2030-06-17', f: 5, m: 5 }],
  ])('%i orders worth %i, the last on %s → %o', (orders, total, last, cell) => expect(rfmCell(orders, total, last)).toEqual(cell));

  it('moves a customer out of their old cell into the new one; a first order only adds; the same cell moves nothing', () => {
    const before = { week: '2030-06-03', f: 1, m: 1 };
    const after = { week: '2030-06-10', f: 2, m: 2 };
    expect(cellMoves(before, after)).toEqual([{ cell: before, add: -1 }, { cell: after, add: 1 }]);
    expect(cellMoves(undefined, after)).toEqual([{ cell: after, add: 1 }]);
    expect(cellMoves(after, { ...after })).toEqual([]);
  });
});

describe('RFM segments', () => {
  it.each([
    [5, 5, 'champions'],
    [4, 4, 'champions'],
    [3, 4, 'loyal'],
    [2, 5, 'atRisk'],
    [1, 3, 'atRisk'],
    [5, 1, 'new'],
    [4, 2, 'potential'],
    [3, 1, 'potential'],
    [2, 2, 'hibernating'],
    [1, 1, 'lost'],
  ])('R %i, F %i → %s', (r, f, segment) => expect(segmentOf(r, f)).toBe(segment));

  it('scores recency by quintiles of customers, newest weeks first', () => {
    // 100 customers: 20 last ordered this week (R 5), 20 a week before (R 4), then 20, 20, 20 further back.
    const weeks = ['2030-06-10', '2030-06-03', '2030-05-27', '2030-05-20', '2030-05-13'];
    const cells = weeks.flatMap((week) => [
      { week, f: 1, m: 1, customers: 10 },
      { week, f: 4, m: 3, customers: 10 },
    ]);
    expect(segmentCounts(cells)).toEqual({ champions: 20, loyal: 10, new: 10, potential: 20, atRisk: 20, hibernating: 10, lost: 10 });
  });

  it('leaves out empty cells (customers who moved away)', () => {
    expect(segmentCounts([{ week: '2030-06-10', f: 1, m: 1, customers: 0 }, { week: '2030-06-10', f: 1, m: 1, customers: 3 }])).toMatchObject({ new: 3 });
  });

  it('keeps each week\'s recency score for placing one customer later', () => {
    const weeks = ['2030-06-10', '2030-06-03', '2030-05-27', '2030-05-20', '2030-05-13'];
    expect(recencyScores(weeks.map((week) => ({ week, f: 1, m: 1, customers: 20 })))).toEqual({ '2030-06-10': 5, '2030-06-03': 4, '2030-05-27': 3, '2030-05-20': 2, '2030-05-13': 1 });
  });
});

describe("one customer's segment against the weekly scoring", () => {
  // Scored on Monday 2030-06-10: this week's customers R 5, the week before R 4 … five weeks back R 1.
  const scoring = { weekStart: '2030-06-10', recencyByWeek: { '2030-06-10': 5, '2030-06-03': 4, '2030-05-27': 3, '2030-05-20': 2, '2030-05-13': 1 } };
  it.each([
    ['six orders, the last this week', { orders: 6, totalMinor: 30_000, lastOrderDay: '2030-06-11' }, 'champions'],
    ['six orders, the last two weeks back', { orders: 6, lastOrderDay: '2030-05-28' }, 'loyal'],
    ['one order, this week', { orders: 1, totalMinor: 1_000, lastOrderDay: '2030-06-10' }, 'new'],
    ['three orders, the last four weeks back', { orders: 3, lastOrderDay: '2030-05-21' }, 'atRisk'],
    ['one order in a week after the scoring (the most recent)', { orders: 1, lastOrderDay: '2030-06-18' }, 'new'],
    ['two orders before the scored weeks (outside the counts too)', { orders: 2, lastOrderDay: '2028-01-05' }, undefined],
  ])('%s → %s', (_, history, segment) => expect(customerSegment(history, scoring)).toBe(segment));
});
