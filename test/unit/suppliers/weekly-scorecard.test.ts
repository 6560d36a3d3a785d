import { describe, expect, it } from 'vitest';
import { addWeeks, dueInWeek, isoWeekStart, isWeekStart, lastFullWeekStart, priceRatio, weeklyActivity, type ScoredPurchaseOrder } from '../../../shared/domain/suppliers/weekly-activity';
import { decideWeek, standingOf } from '../../../shared/domain/suppliers/weekly-scorecard';
import { scoreWeek, type WeeklyActivity } from '../../../shared/domain/suppliers/standing';

const WEEK = '2026-11-23'; // Monday; the week ends 2026-11-30T00:00Z
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const inspection = (sampleSize: number, defectsFound: number, verdict = 'ACCEPTED') => ({ sampleSize, defectsFound, verdict });

const order = (id: string, extra: Partial<ScoredPurchaseOrder> = {}): ScoredPurchaseOrder => ({
  purchaseOrderId: id,
  supplierId: 'S1',
  status: 'RECEIVED',
  lines: [{ sku: 'MUG', quantityOrdered: 100, unitCost: eur(250) }],
  leadTimeDays: 10,
  sentAt: '2026-11-15T09:00:00.000Z',
  expectedBy: '2026-11-25T09:00:00.000Z',
  receipts: [],
  ...extra,
});
const receipt = (receivedAt: string, quantity: number, checked = inspection(13, 0)) => ({ receivedAt, lines: [{ sku: 'MUG', quantity, inspection: checked }] });

describe('ISO weeks', () => {
  it('finds the Monday of a date, and the last full week before now', () => {
    expect(isoWeekStart(new Date('2026-11-29T23:59:59Z'))).toBe('2026-11-23'); // Sunday → its Monday
    expect(isoWeekStart(new Date('2026-11-23T00:00:00Z'))).toBe('2026-11-23');
    expect(isoWeekStart(new Date('2027-01-01T12:00:00Z'))).toBe('2026-12-28'); // across the year
    expect(lastFullWeekStart(new Date('2026-11-30T02:00:00Z'))).toBe('2026-11-23'); // the Monday run scores last week
    expect(addWeeks('2026-11-23', 1)).toBe('2026-11-30');
  });

  it('accepts only a Monday as a week start', () => {
    expect(isWeekStart('2026-11-23')).toBe(true);
    expect(isWeekStart('2026-11-24')).toBe(false);
    expect(isWeekStart('2026-13-02')).toBe(false);
    expect(isWeekStart('last week')).toBe(false);
  });
});

describe('weeklyActivity', () => {
  it('judges the orders due in the week on the receipts made by its end: on time, fill, QC sample, lead-time error', () => {
    const orders = [
      // on time and full: 10 days promised, 10 days taken
      order('PO1', { receipts: [receipt('2026-11-25T09:00:00.000Z', 100, inspection(20, 1))] }),
      // late (day 12) and short (80 of 100): 20 % off the promised lead time
      order('PO2', { status: 'PARTIALLY_RECEIVED', receipts: [receipt('2026-11-27T09:00:00.000Z', 80, inspection(13, 0))] }),
      // nothing by the week's end (the receipt on Monday comes too late for this week): late, unfilled
      order('PO3', { status: 'RECEIVED', receipts: [receipt('2026-11-30T08:00:00.000Z', 100)] }),
      // a rejected lot: inspected, not filled
      order('PO4', { status: 'SENT', receipts: [receipt('2026-11-24T09:00:00.000Z', 100, inspection(13, 3, 'REJECTED'))] }),
    ];
    expect(weeklyActivity('S1', WEEK, orders)).toEqual({
      weekStart: WEEK,
      deliveries: 4,
      onTimeDeliveries: 2, // PO1 and PO4 (its lot came in time, though QC rejected it)
      unitsOrdered: 400,
      unitsAccepted: 180,
      unitsInspected: 46,
      unitsDefective: 4,
      leadTimeError: (0 + 0.2 + 0.1) / 3, // PO4 took 9 days
    });
  });

  it('counts an order in the week it fell due only, and not when we ended it before it was due', () => {
    const orders = [
      order('EARLIER', { expectedBy: '2026-11-22T23:59:59.000Z' }),
      order('LATER', { expectedBy: '2026-11-30T00:00:00.000Z' }),
      order('NEVER_SENT', { sentAt: undefined, expectedBy: undefined }),
      order('REJECTED', { status: 'REJECTED' }),
      order('CANCELLED_EARLY', { status: 'CANCELLED', cancelledAt: '2026-11-20T09:00:00.000Z' }),
      order('GAVE_UP', { status: 'CANCELLED', cancelledAt: '2026-11-28T09:00:00.000Z' }),
      order('OTHER_SUPPLIER', { supplierId: 'S2' }),
    ];
    expect(dueInWeek(WEEK, orders).map((due) => due.purchaseOrderId)).toEqual(['GAVE_UP', 'OTHER_SUPPLIER']);
    expect(weeklyActivity('S1', WEEK, orders)).toMatchObject({ deliveries: 1, onTimeDeliveries: 0, unitsOrdered: 100, unitsAccepted: 0 });
  });

  it('counts an order reported overdue as late, even when its last goods came by the due date', () => {
    const partly = order('PO1', { overdueAt: '2026-11-25T10:00:00.000Z', receipts: [receipt('2026-11-24T09:00:00.000Z', 50)] });
    expect(weeklyActivity('S1', WEEK, [partly])).toMatchObject({ deliveries: 1, onTimeDeliveries: 0 });
  });

  it('has no activity in a week with nothing due (so the week is not scored)', () => {
    const activity = weeklyActivity('S1', WEEK, [order('PO1', { expectedBy: '2026-12-02T09:00:00.000Z' })]);
    expect(activity).toEqual({ weekStart: WEEK, deliveries: 0, onTimeDeliveries: 0, unitsOrdered: 0, unitsAccepted: 0, unitsInspected: 0, unitsDefective: 0 });
    expect(decideWeek({ supplierId: 'S1', status: 'APPROVED' }, activity)).toEqual({ kind: 'inactive' });
  });
});

describe('priceRatio', () => {
  it("compares the supplier's mean unit cost with the others' mean, over the SKUs both had due", () => {
    const orders = [
      order('A1', { lines: [{ sku: 'MUG', quantityOrdered: 10, unitCost: eur(300) }, { sku: 'LID', quantityOrdered: 10, unitCost: eur(100) }] }),
      order('B1', { supplierId: 'S2', lines: [{ sku: 'MUG', quantityOrdered: 10, unitCost: eur(200) }] }),
      order('C1', { supplierId: 'S3', lines: [{ sku: 'MUG', quantityOrdered: 10, unitCost: eur(300) }] }),
      order('C2', { supplierId: 'S3', lines: [{ sku: 'MUG', quantityOrdered: 10, unitCost: eur(500) }] }),
    ];
    // S1's MUG 300 against the others' mean of (200 + mean(300, 500) = 400) / 2 = 300; LID has no other supplier.
    expect(priceRatio('S1', orders)).toBe(1);
    // S2's 200 against (300 + 400) / 2 = 350.
    expect(priceRatio('S2', orders)).toBeCloseTo(200 / 350, 12);
  });

  it('is not measured when nobody else had the same SKUs due, or only in another currency', () => {
    expect(priceRatio('S1', [order('A1')])).toBeUndefined();
    expect(priceRatio('S1', [order('A1'), order('B1', { supplierId: 'S2', lines: [{ sku: 'MUG', quantityOrdered: 1, unitCost: { amount: 200, currency: 'USD' } }] })])).toBeUndefined();
    expect(weeklyActivity('S1', WEEK, [order('A1')])).not.toHaveProperty('priceRatio');
  });
});

const week = (weekStart: string, onTime: number): WeeklyActivity => ({
  weekStart,
  deliveries: 10,
  onTimeDeliveries: onTime,
  unitsOrdered: 100,
  unitsAccepted: 100,
  unitsInspected: 0,
  unitsDefective: 0,
});

describe('decideWeek', () => {
  const approved = { supplierId: 'S1', status: 'APPROVED' as const };

  it('keeps the card and a pending move after a first bad week, without an event', () => {
    // 0 of 10 on time, all filled: on time 0 of 30, fill 25 of 25 → 25/55 × 100 = 45.5
    const outcome = decideWeek(approved, week(WEEK, 0));
    expect(outcome).toMatchObject({
      kind: 'scored',
      card: { supplierId: 'S1', weekStart: WEEK, score: 45.5, standingBefore: 'APPROVED', standingAfter: 'APPROVED', pending: { to: 'PROBATION', weeks: 1 }, movedStanding: true },
      supplier: { status: 'APPROVED', standing: 'APPROVED', standingPending: { to: 'PROBATION', weeks: 1 }, scoredThrough: WEEK, latestWeeklyScore: { weekStart: WEEK, score: 45.5 } },
      events: [],
    });
  });

  it('moves to PROBATION on the second bad week in a row: the status follows and ops is alerted', () => {
    const after = decideWeek({ ...approved, standing: 'APPROVED', standingPending: { to: 'PROBATION', weeks: 1 }, scoredThrough: WEEK }, week(addWeeks(WEEK, 1), 0));
    expect(after).toMatchObject({ kind: 'scored', supplier: { status: 'PROBATION', standing: 'PROBATION', scoredThrough: addWeeks(WEEK, 1) }, card: { standingBefore: 'APPROVED', standingAfter: 'PROBATION' } });
    if (after.kind !== 'scored') throw new Error('scored');
    expect(after.supplier).not.toHaveProperty('standingPending');
    expect(after.events).toEqual([expect.objectContaining({ detailType: 'SupplierStandingChanged', detail: expect.objectContaining({ from: 'APPROVED', to: 'PROBATION', alert: true, weekStart: addWeeks(WEEK, 1) }) })]);
  });

  it('stores PREFERRED as status APPROVED', () => {
    const preferred = decideWeek({ ...approved, standingPending: { to: 'PREFERRED', weeks: 1 }, scoredThrough: WEEK }, week(addWeeks(WEEK, 1), 10));
    expect(preferred).toMatchObject({ supplier: { status: 'APPROVED', standing: 'PREFERRED' } });
    if (preferred.kind !== 'scored') throw new Error('scored');
    expect(preferred.events[0]!.detail).toMatchObject({ to: 'PREFERRED', alert: false });
  });

  it('scores a week at or before the last one applied without moving the standing (no week counts twice)', () => {
    const state = { ...approved, standing: 'APPROVED' as const, standingPending: { to: 'PROBATION' as const, weeks: 1 }, scoredThrough: WEEK };
    const late = decideWeek(state, week(addWeeks(WEEK, -1), 0));
    expect(late).toMatchObject({ kind: 'scored', card: { weekStart: addWeeks(WEEK, -1), movedStanding: false, standingAfter: 'APPROVED' }, events: [] });
    expect(late).not.toHaveProperty('supplier');
  });

  it('takes a never-scored supplier at the standing its status gives', () => {
    expect(standingOf({ status: 'PROBATION' })).toBe('PROBATION');
    expect(standingOf({ status: 'APPROVED', standing: 'PREFERRED' })).toBe('PREFERRED');
  });
});

describe('the return defect rate (returns\' quality incidents ÷ units shipped in the week)', () => {
  const shippedOnTime = [order('PO1', { receipts: [receipt('2026-11-25T09:00:00.000Z', 100, inspection(20, 0))] })];
  const back = (recordedAt: string, quantity: number, source: 'RETURN' | 'QC' = 'RETURN') => ({ source, recordedAt, quantity });

  it.each([
    ['no shipments, nothing back: not measured', 0, [], 0, undefined],
    ['2 of 400 shipped came back defective: 0.5 %, full points', 400, [back('2026-11-24T10:00:00.000Z', 2)], 2, [0.005, 1]],
    ['6 of 400: 1.5 %, 7/9 of the points', 400, [back('2026-11-24T10:00:00.000Z', 4), back('2026-11-29T23:59:59.000Z', 2)], 6, [0.015, 0.778]],
    ['20 of 400: 5 %, no points', 400, [back('2026-11-26T10:00:00.000Z', 20)], 20, [0.05, 0]],
    ['returns outside the week and QC incidents do not count', 400, [back('2026-11-22T23:59:59.000Z', 9), back('2026-11-30T00:00:00.000Z', 9), back('2026-11-25T10:00:00.000Z', 9, 'QC')], 0, [0, 1]],
    ['3 back, nothing shipped: all of what is known came back', 0, [back('2026-11-25T10:00:00.000Z', 3)], 3, [1, 0]],
  ] as const)('%s', (_, unitsShipped, incidents, returned, expected) => {
    const activity = weeklyActivity('S1', WEEK, shippedOnTime, { unitsShipped, incidents });
    expect(activity).toMatchObject({ unitsShipped, unitsReturnedDefective: returned });
    const line = scoreWeek(activity)!.lines.find((candidate) => candidate.metric === 'returnDefectRate');
    // [the rate, the share of the metric's weight it earns]
    expect(line === undefined ? undefined : [line.value, Math.round((line.points / line.weight) * 1000) / 1000]).toEqual(expected);
  });

  it('keeps the score of a week without returns data as it was before the metric (the other weights keep their ratios)', () => {
    const withoutReturns = scoreWeek(weeklyActivity('S1', WEEK, shippedOnTime))!;
    expect(withoutReturns.lines.map((line) => [line.metric, line.weight])).toEqual([['onTimeDeliveryRate', 30], ['fillRate', 25], ['qcDefectRate', 20], ['leadTimeAccuracy', 10]].map(([metric, weight]) => [metric, (Number(weight) * 100) / 85]));
  });
});
