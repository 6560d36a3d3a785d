import { describe, expect, it } from 'vitest';
import { assertNoExclusiveOverlap, budgetUsed, changePromotion, changeStatus, instantOf, newPromotion, scheduleDue, type NewPromotionInput } from '../../../shared/domain/promotions/lifecycle';
import { NOW, ORDER, promo } from './support';

const known = { skus: new Set(['TEE-M', 'TOTE']), products: new Set<string>(), categories: new Set(['kitchen']) };
const input = (extra: Partial<NewPromotionInput> = {}): NewPromotionInput => ({
  name: 'Winter',
  currency: 'EUR',
  benefit: { type: 'PERCENT_OFF', percent: 10, target: { kind: 'CATEGORY', ids: ['kitchen'] } },
  startsAt: '2026-12-05T00:00',
  endsAt: '2026-12-06T00:00',
  timeZone: 'Europe/Berlin',
  ...extra,
});

describe('schedules in the store time zone', () => {
  it.each([
    ['2026-12-05T00:00', 'Europe/Berlin', '2026-12-04T23:00:00.000Z'],
    ['2026-07-01T00:00', 'Europe/Berlin', '2026-06-30T22:00:00.000Z'],
    ['2026-03-29T03:00', 'Europe/Berlin', '2026-03-29T01:00:00.000Z'],
    ['2026-12-05T09:30', 'America/New_York', '2026-12-05T14:30:00.000Z'],
    ['2026-12-05T00:00:00+01:00', 'America/New_York', '2026-12-04T23:00:00.000Z'],
  ])('%s in %s is %s UTC', (local, zone, utc) => {
    expect(instantOf(local, zone)).toBe(utc);
  });
});

describe('creating a promotion', () => {
  it('starts ACTIVE with its schedule in UTC and the defaults', () => {
    expect(newPromotion(input(), 'P1', known, 'op', NOW)).toMatchObject({ promotionId: 'P1', status: 'ACTIVE', startsAt: '2026-12-04T23:00:00.000Z', endsAt: '2026-12-05T23:00:00.000Z', priority: 0, exclusive: false, couponRequired: false, limits: {} });
  });

  it('refuses an end before its start, an unknown SKU or category, tiers that do not rise, in one 400', () => {
    expect(() =>
      newPromotion(input({ endsAt: '2026-12-04T00:00', benefit: { type: 'THRESHOLD', tiers: [{ spend: 100, off: 50 }, { spend: 200, off: 40 }], repeatable: false, target: { kind: 'SKU', ids: ['NOPE'] } } }), 'P1', known, 'op', NOW),
    ).toThrow(expect.objectContaining({
      kind: 'validation',
      fieldErrors: [
        { field: 'benefit', message: 'unknown sku NOPE' },
        { field: 'benefit.tiers', message: 'a higher tier must take more off' },
        { field: 'endsAt', message: 'must be after startsAt' },
      ],
    }));
  });

  it.each([['2026-02-30T00:00'], ['2026-13-01T00:00'], ['2026-12-05T25:00'], ['2026-12-05T00:00:00+99:00']])('refuses %s: not a real date and time (400, never a 500)', (when) => {
    expect(instantOf(when, 'Europe/Berlin')).toBeUndefined();
    expect(() => newPromotion(input({ startsAt: when }), 'P1', known, 'op', NOW)).toThrow(expect.objectContaining({ fieldErrors: [{ field: 'startsAt', message: 'is not a real date and time' }] }));
  });

  it('refuses a gift that is not a live SKU, and an end in the past', () => {
    expect(() => newPromotion(input({ benefit: { type: 'GIFT', sku: 'GONE', quantity: 1, minSpend: 0 }, startsAt: '2026-11-01T00:00', endsAt: '2026-11-02T00:00' }), 'P1', known, 'op', NOW)).toThrow(
      expect.objectContaining({ fieldErrors: [{ field: 'benefit.sku', message: 'unknown sku GONE' }, { field: 'endsAt', message: 'must be in the future' }] }),
    );
  });
});

describe('exclusive promotions may not overlap', () => {
  const exclusive = promo('A', { type: 'PERCENT_OFF', percent: 10, target: { kind: 'SKU', ids: ['TEE-M'] } }, { exclusive: true });
  it.each([
    ['another exclusive one on the whole order', promo('B', { type: 'AMOUNT_OFF', amount: 100, target: ORDER }, { exclusive: true }), true],
    ['another exclusive one on the same SKU', promo('B', { type: 'FLASH_PRICE', prices: [{ sku: 'TEE-M', price: 1 }] }, { exclusive: true }), true],
    ['an exclusive one on another SKU', promo('B', { type: 'PERCENT_OFF', percent: 5, target: { kind: 'SKU', ids: ['TOTE'] } }, { exclusive: true }), false],
    ['an exclusive one later', promo('B', { type: 'AMOUNT_OFF', amount: 100, target: ORDER }, { exclusive: true, startsAt: '2026-12-31T00:00:00.000Z', endsAt: '2027-01-31T00:00:00.000Z' }), false],
    ['a combinable one', promo('B', { type: 'AMOUNT_OFF', amount: 100, target: ORDER }), false],
    ['an ended one', promo('B', { type: 'AMOUNT_OFF', amount: 100, target: ORDER }, { exclusive: true, status: 'ENDED' }), false],
  ] as const)('%s: clash %s', (_, other, clash) => {
    const check = () => assertNoExclusiveOverlap(exclusive, [other]);
    if (clash) expect(check).toThrow(expect.objectContaining({ code: 'ExclusivePromotionsOverlap', kind: 'conflict' }));
    else expect(check).not.toThrow();
  });
});

describe('pause, resume, end', () => {
  const active = promo('A', { type: 'AMOUNT_OFF', amount: 100, target: ORDER });
  it('moves ACTIVE ⇄ PAUSED → ENDED, the same status again changes nothing, an ended one stays ended', () => {
    const paused = changeStatus(active, 'PAUSED', NOW)!;
    expect(paused).toMatchObject({ status: 'PAUSED', version: 2 });
    expect(changeStatus(paused, 'PAUSED', NOW)).toBeUndefined();
    const ended = changeStatus(changeStatus(paused, 'ACTIVE', NOW)!, 'ENDED', NOW)!;
    expect(ended).toMatchObject({ status: 'ENDED', endedAt: NOW.toISOString() });
    expect(() => changeStatus(ended, 'ACTIVE', NOW)).toThrow(expect.objectContaining({ code: 'PromotionEnded' }));
  });

  it('measures the budget used by the tighter of its uses and its spend', () => {
    expect(budgetUsed({ maxUses: 50, maxDiscount: 10_000 }, { uses: 40, discount: 2000 })).toBe(0.8);
    expect(budgetUsed({ maxDiscount: 10_000 }, { uses: 1, discount: 10_000 })).toBe(1);
    expect(budgetUsed({}, { uses: 1000, discount: 1 })).toBe(0);
  });
});

describe('the schedule: launch, reminder, end', () => {
  const members = promo('M', { type: 'AMOUNT_OFF', amount: 100, target: ORDER }, { audience: { groups: ['member'] }, reminderHoursBeforeEnd: 24, startsAt: '2026-12-02T09:00:00.000Z', endsAt: '2026-12-10T00:00:00.000Z' });
  const at = (iso: string) => new Date(iso);
  it('launches once it has started, to its audience, and only once', () => {
    expect(scheduleDue(members, at('2026-12-02T08:59:00.000Z'))).toBeUndefined();
    const due = scheduleDue(members, at('2026-12-02T09:05:00.000Z'))!;
    expect(due.next).toMatchObject({ launchedAt: '2026-12-02T09:05:00.000Z', version: 2 });
    expect(due.events.map((event) => [event.detailType, (event.detail as unknown as { audience: unknown }).audience])).toEqual([['PromotionLaunched', { groups: ['member'], segments: [] }]]);
    expect(scheduleDue(due.next, at('2026-12-02T09:10:00.000Z'))).toBeUndefined();
  });

  it('reminds its audience the set hours before the end, once; ends it when its time is over', () => {
    const launched = { ...members, launchedAt: '2026-12-02T09:05:00.000Z' };
    expect(scheduleDue(launched, at('2026-12-08T23:59:00.000Z'))).toBeUndefined();
    const reminded = scheduleDue(launched, at('2026-12-09T00:00:00.000Z'))!;
    expect(reminded.events.map((event) => event.detailType)).toEqual(['PromotionEndingSoon']);
    expect(scheduleDue(reminded.next, at('2026-12-09T12:00:00.000Z'))).toBeUndefined();
    const ended = scheduleDue(reminded.next, at('2026-12-10T00:00:00.000Z'))!;
    expect(ended.next.status).toBe('ENDED');
    expect(ended.events.map((event) => event.detailType)).toEqual(['PromotionEnded']);
  });

  it('an operator-wide promotion launches to everyone; a paused one waits', () => {
    expect((scheduleDue(promo('A', { type: 'AMOUNT_OFF', amount: 1, target: ORDER }), NOW)!.events[0]!.detail as unknown as { audience: unknown }).audience).toEqual({ all: true });
    expect(scheduleDue(promo('A', { type: 'AMOUNT_OFF', amount: 1, target: ORDER }, { status: 'PAUSED' }), NOW)).toBeUndefined();
  });
});

describe('changing a running promotion', () => {
  const running = promo('R', { type: 'AMOUNT_OFF', amount: 100, target: ORDER }, { timeZone: 'Europe/Berlin' });
  it('takes a new end in its time zone, new limits and a name; the same values again change nothing', () => {
    const next = changePromotion(running, { endsAt: '2027-01-15T00:00', limits: { maxUses: 10 }, name: 'Longer' }, NOW)!;
    expect(next).toMatchObject({ endsAt: '2027-01-14T23:00:00.000Z', limits: { maxUses: 10 }, name: 'Longer', version: 2, updatedAt: NOW.toISOString() });
    expect(changePromotion(running, { name: running.name }, NOW)).toBeUndefined();
  });

  it('refuses an end before its start or in the past (400), and any change once it has ended (409)', () => {
    expect(() => changePromotion(running, { endsAt: '2026-11-01T00:00' }, NOW)).toThrow(expect.objectContaining({ fieldErrors: [{ field: 'endsAt', message: 'must be after startsAt' }] }));
    expect(() => changePromotion(running, { endsAt: '2026-12-02T10:30' }, NOW)).toThrow(expect.objectContaining({ fieldErrors: [{ field: 'endsAt', message: 'must be in the future' }] }));
    expect(() => changePromotion({ ...running, status: 'ENDED' }, { name: 'x' }, NOW)).toThrow(expect.objectContaining({ code: 'PromotionEnded' }));
  });
});
