/**
 * Creating a promotion and moving it through ACTIVE ⇄ PAUSED → ENDED: the decisions, their refusals and
 * their events. Schedules are given in the store's time zone and kept as UTC instants.
 */
import { conflict, DomainError, invalid, type FieldError } from '../errors';
import type { DomainEventDraft } from '../events';
import { localDateTime } from '../orders/calendar';
import { targetKeysOf, targetsOf, type Audience, type Benefit, type Promotion, type PromotionLimits, type PromotionStatus } from './promotion';

export const PROMOTIONS_EVENT_SOURCE = 'commerce.promotions';

export interface NewPromotionInput {
  readonly name: string;
  readonly currency: string;
  readonly benefit: Benefit;
  readonly priority?: number;
  readonly exclusive?: boolean;
  readonly group?: string;
  readonly couponRequired?: boolean;
  readonly audience?: Audience;
  readonly limits?: PromotionLimits;
  /** `2026-12-05T00:00` (store time) or an instant with an offset. */
  readonly startsAt: string;
  readonly endsAt: string;
  readonly timeZone: string;
  readonly campaign?: string;
  readonly reminderHoursBeforeEnd?: number;
}

/** What exists in the catalogue of what a promotion names (the handler looks them up). */
export interface KnownTargets {
  readonly skus: ReadonlySet<string>;
  readonly products: ReadonlySet<string>;
  readonly categories: ReadonlySet<string>;
}

/** At most this many SKUs, products or categories per promotion: its index entries are written in one transaction. */
export const MAX_TARGET_KEYS = 40;

const LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** A wall-clock time in `timeZone` as a UTC instant (an instant with an offset is taken as it is); undefined when it is no real time. */
export function instantOf(value: string, timeZone: string): string | undefined {
  const local = LOCAL.exec(value);
  if (!local) {
    const instant = Date.parse(value);
    return Number.isNaN(instant) ? undefined : new Date(instant).toISOString();
  }
  const [, date, hour, minute] = local;
  const wanted = Date.parse(`${date}T${hour}:${minute}:00.000Z`);
  if (Number.isNaN(wanted) || new Date(wanted).toISOString().slice(0, 10) !== date) return undefined;
  // Guess the instant as if the zone were UTC, then correct by the zone's offset there (twice: across a DST change).
  let guess = wanted;
  for (let pass = 0; pass < 2; pass++) {
    const seen = localDateTime(new Date(guess), timeZone);
    guess += wanted - Date.parse(`${seen.date}T${seen.time}:00.000Z`);
  }
  return new Date(guess).toISOString();
}

/** Benefit refusals no schema catches: the names it targets must exist, tiers must rise. */
function benefitErrors(benefit: Benefit, known: KnownTargets): FieldError[] {
  const errors: FieldError[] = [];
  const sets = { SKU: known.skus, PRODUCT: known.products, CATEGORY: known.categories } as const;
  for (const target of targetsOf(benefit)) {
    if (target.kind === 'ORDER') continue;
    for (const id of target.ids) if (!sets[target.kind].has(id)) errors.push({ field: 'benefit', message: `unknown ${target.kind.toLowerCase()} ${id}` });
  }
  if (benefit.type === 'GIFT' && !known.skus.has(benefit.sku)) errors.push({ field: 'benefit.sku', message: `unknown sku ${benefit.sku}` });
  if (benefit.type === 'THRESHOLD') {
    const tiers = [...benefit.tiers].sort((a, b) => a.spend - b.spend);
    if (tiers.some((tier, index) => index > 0 && tier.off <= tiers[index - 1]!.off)) errors.push({ field: 'benefit.tiers', message: 'a higher tier must take more off' });
    if (benefit.repeatable && tiers.length !== 1) errors.push({ field: 'benefit.tiers', message: 'a repeatable threshold has one tier' });
  }
  if (targetKeysOf(benefit).length > MAX_TARGET_KEYS) errors.push({ field: 'benefit', message: `at most ${MAX_TARGET_KEYS} SKUs, products or categories` });
  return errors;
}

/** The new ACTIVE promotion, or a 400 naming every field that is wrong. */
export function newPromotion(input: NewPromotionInput, promotionId: string, known: KnownTargets, by: string, now: Date): Promotion {
  const startsAt = instantOf(input.startsAt, input.timeZone);
  const endsAt = instantOf(input.endsAt, input.timeZone);
  const errors = benefitErrors(input.benefit, known);
  if (startsAt === undefined) errors.push({ field: 'startsAt', message: 'is not a real date and time' });
  if (endsAt === undefined) errors.push({ field: 'endsAt', message: 'is not a real date and time' });
  else if (startsAt !== undefined && endsAt <= startsAt) errors.push({ field: 'endsAt', message: 'must be after startsAt' });
  if (endsAt !== undefined && endsAt <= now.toISOString()) errors.push({ field: 'endsAt', message: 'must be in the future' });
  if (errors.length > 0 || startsAt === undefined || endsAt === undefined) throw invalid('The promotion cannot be created', errors);
  const at = now.toISOString();
  return {
    promotionId,
    name: input.name,
    currency: input.currency,
    benefit: input.benefit,
    priority: input.priority ?? 0,
    exclusive: input.exclusive ?? false,
    ...(input.group ? { group: input.group } : {}),
    couponRequired: input.couponRequired ?? false,
    ...(input.audience ? { audience: input.audience } : {}),
    limits: input.limits ?? {},
    startsAt,
    endsAt,
    timeZone: input.timeZone,
    ...(input.campaign ? { campaign: input.campaign } : {}),
    ...(input.reminderHoursBeforeEnd ? { reminderHoursBeforeEnd: input.reminderHoursBeforeEnd } : {}),
    status: 'ACTIVE',
    createdAt: at,
    createdBy: by,
    updatedAt: at,
    version: 1,
  };
}

const overlapsInTime = (a: Pick<Promotion, 'startsAt' | 'endsAt'>, b: Pick<Promotion, 'startsAt' | 'endsAt'>) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;
const sharesTargets = (a: Benefit, b: Benefit) => {
  const keys = new Set(targetKeysOf(a));
  return keys.has('ORDER') || targetKeysOf(b).some((key) => key === 'ORDER' || keys.has(key));
};

/** Two exclusive promotions on the same things at the same time would each shut the other out: 409. */
export function assertNoExclusiveOverlap(promotion: Promotion, others: readonly Promotion[]): void {
  if (!promotion.exclusive) return;
  const clash = others.find((other) => other.promotionId !== promotion.promotionId && other.exclusive && other.status !== 'ENDED' && overlapsInTime(promotion, other) && sharesTargets(promotion.benefit, other.benefit));
  if (clash) {
    throw new DomainError('conflict', 'ExclusivePromotionsOverlap', `Exclusive promotion ${clash.promotionId} (${clash.name}) covers the same items at the same time`, [{ field: 'exclusive', message: `overlaps ${clash.promotionId}` }], { existing: { promotionId: clash.promotionId, href: `/promotions/${clash.promotionId}` } });
  }
}

export interface PromotionChanges {
  readonly name?: string;
  readonly priority?: number;
  readonly endsAt?: string;
  readonly limits?: PromotionLimits;
  readonly reminderHoursBeforeEnd?: number;
}

/**
 * An operator's change of a running promotion: its name, priority, end (in its time zone), limits or reminder.
 * What it gives and to whom stay (create another promotion for that). An ended one is 409; an end not after
 * the start or in the past is 400. A budget lowered below what is used stops it from the next quote.
 */
export function changePromotion(promotion: Promotion, changes: PromotionChanges, now: Date): Promotion | undefined {
  if (promotion.status === 'ENDED') throw conflict('PromotionEnded', `Promotion ${promotion.promotionId} has ended and cannot change`);
  const endsAt = changes.endsAt === undefined ? promotion.endsAt : instantOf(changes.endsAt, promotion.timeZone);
  const errors: FieldError[] = [];
  if (endsAt === undefined) errors.push({ field: 'endsAt', message: 'is not a real date and time' });
  else if (endsAt <= promotion.startsAt) errors.push({ field: 'endsAt', message: 'must be after startsAt' });
  else if (endsAt <= now.toISOString()) errors.push({ field: 'endsAt', message: 'must be in the future' });
  if (errors.length > 0 || endsAt === undefined) throw invalid('The promotion cannot be changed', errors);
  const next: Promotion = {
    ...promotion,
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.priority !== undefined ? { priority: changes.priority } : {}),
    ...(changes.limits !== undefined ? { limits: changes.limits } : {}),
    ...(changes.reminderHoursBeforeEnd !== undefined ? { reminderHoursBeforeEnd: changes.reminderHoursBeforeEnd } : {}),
    endsAt,
  };
  if (JSON.stringify(next) === JSON.stringify(promotion)) return undefined;
  return { ...next, updatedAt: now.toISOString(), version: promotion.version + 1 };
}

export const promotionChanged = (promotion: Promotion, by: string) =>
  draft('PromotionChanged', promotion, `Promotion ${promotion.name} was changed by ${by}; it runs until ${promotion.endsAt}.`, { by, endsAt: promotion.endsAt, limits: promotion.limits, priority: promotion.priority });

const STATUS_MOVES: Readonly<Record<PromotionStatus, readonly PromotionStatus[]>> = { ACTIVE: ['PAUSED', 'ENDED'], PAUSED: ['ACTIVE', 'ENDED'], ENDED: [] };

/** Pause, resume or end early; the same status again changes nothing (undefined). */
export function changeStatus(promotion: Promotion, to: PromotionStatus, now: Date): Promotion | undefined {
  if (promotion.status === to) return undefined;
  if (!STATUS_MOVES[promotion.status].includes(to)) throw conflict('PromotionEnded', `Promotion ${promotion.promotionId} has ended and cannot become ${to}`);
  const at = now.toISOString();
  return { ...promotion, status: to, updatedAt: at, ...(to === 'ENDED' ? { endedAt: at } : {}), version: promotion.version + 1 };
}

const draft = (detailType: string, promotion: Promotion, summary: string, extra: object = {}): DomainEventDraft<Record<string, unknown>> => ({
  source: PROMOTIONS_EVENT_SOURCE,
  detailType,
  detail: { promotionId: promotion.promotionId, name: promotion.name, campaign: promotion.campaign, ...extra, summary },
});

export const promotionCreated = (promotion: Promotion) =>
  draft('PromotionCreated', promotion, `Promotion ${promotion.name} runs from ${promotion.startsAt} to ${promotion.endsAt}.`, { startsAt: promotion.startsAt, endsAt: promotion.endsAt, audience: promotion.audience ?? { all: true } });

export const promotionStatusChanged = (promotion: Promotion, by: string) =>
  draft(promotion.status === 'ENDED' ? 'PromotionEnded' : promotion.status === 'PAUSED' ? 'PromotionPaused' : 'PromotionResumed', promotion, `Promotion ${promotion.name} is ${promotion.status.toLowerCase()} (by ${by}).`, { status: promotion.status, by });

/**
 * Coupon codes issued for a coupon promotion (by whom, how many, their limits): the audit of who can now get the
 * discount. The codes themselves stay out of the event (they are bearer secrets until used).
 */
export const promotionCouponsIssued = (promotion: Promotion, issued: { readonly count: number; readonly by: string; readonly oncePerCustomer: boolean; readonly usageLimit?: number }) =>
  draft('PromotionCouponsIssued', promotion, `${issued.count} coupon code(s) issued for promotion ${promotion.name} by ${issued.by}.`, issued);

/** Ops alert: the budget is 80 % used (`level` 80) or used up (100: the promotion no longer applies). */
export const promotionBudgetAlert = (promotion: Promotion, level: 80 | 100, used: { readonly uses: number; readonly discount: number }) =>
  draft(level === 100 ? 'PromotionBudgetExhausted' : 'PromotionBudgetLow', promotion, level === 100 ? `Promotion ${promotion.name} has used up its budget and stopped applying.` : `Promotion ${promotion.name} has used 80 % of its budget.`, { level, ...used, limits: promotion.limits });

/** The share of its budget used: the larger of uses / maxUses and discount / maxDiscount; 0 without a budget. */
export function budgetUsed(limits: PromotionLimits, used: { readonly uses: number; readonly discount: number }): number {
  const parts = [limits.maxUses ? used.uses / limits.maxUses : 0, limits.maxDiscount ? used.discount / limits.maxDiscount : 0];
  return Math.max(...parts);
}

const audienceOf = (promotion: Promotion) =>
  promotion.audience?.groups?.length || promotion.audience?.segments?.length
    ? { groups: promotion.audience.groups ?? [], segments: promotion.audience.segments ?? [] }
    : { all: true };

/**
 * What the schedule job does with an ACTIVE promotion now: launch it once it has started (`PromotionLaunched`
 * to its audience), remind its audience once `reminderHoursBeforeEnd` before its end (`PromotionEndingSoon`),
 * end it once its time is over (its target entries go). Undefined: nothing is due.
 */
export function scheduleDue(promotion: Promotion, now: Date): { readonly next: Promotion; readonly events: DomainEventDraft<object>[] } | undefined {
  if (promotion.status !== 'ACTIVE') return undefined;
  const at = now.toISOString();
  if (at >= promotion.endsAt) {
    const next = changeStatus(promotion, 'ENDED', now)!;
    return { next, events: [promotionStatusChanged(next, 'schedule')] };
  }
  if (at < promotion.startsAt) return undefined;
  const events: DomainEventDraft<object>[] = [];
  let next: Promotion = promotion;
  if (!promotion.launchedAt) {
    next = { ...next, launchedAt: at };
    events.push(draft('PromotionLaunched', promotion, `${promotion.name} has started and runs until ${promotion.endsAt}.`, { audience: audienceOf(promotion), startsAt: promotion.startsAt, endsAt: promotion.endsAt }));
  }
  const remindFrom = promotion.reminderHoursBeforeEnd ? new Date(Date.parse(promotion.endsAt) - promotion.reminderHoursBeforeEnd * 3_600_000).toISOString() : undefined;
  if (remindFrom && at >= remindFrom && !promotion.remindedAt) {
    next = { ...next, remindedAt: at };
    events.push(draft('PromotionEndingSoon', promotion, `${promotion.name} ends at ${promotion.endsAt}.`, { audience: audienceOf(promotion), endsAt: promotion.endsAt }));
  }
  return events.length ? { next: { ...next, updatedAt: at, version: promotion.version + 1 }, events } : undefined;
}
