/**
 * Promotions: operators create, list, read, pause / resume / end promotions and issue their coupon codes;
 * the quote and the order apply them (shared/domain/promotions; docs/promotions.md).
 */
import * as z from './z';
import { defineRoute } from './route';
import { currencySchema, isoDateTime, paginated, ulidSchema } from './common';
import { skuCodeSchema } from './common';
import { paginationQuery } from './pagination';
import { SEGMENTS } from '../domain/analytics/rfm';
import { PROMOTION_STATUSES } from '../domain/promotions/promotion';

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const minor = z.int().check(z.minimum(1), z.maximum(100_000_000));
const count = (max: number) => z.int().check(z.minimum(1), z.maximum(max));
const ids = z.array(text(80)).check(z.minLength(1), z.maxLength(40));

const targetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ORDER'), ids: z._default(z.array(z.string()).check(z.maxLength(0, 'The whole order names no ids')), []) }),
  z.strictObject({ kind: z.literal('SKU'), ids: z.array(skuCodeSchema).check(z.minLength(1), z.maxLength(40)) }),
  z.strictObject({ kind: z.literal('PRODUCT'), ids: z.array(ulidSchema).check(z.minLength(1), z.maxLength(40)) }),
  z.strictObject({ kind: z.literal('CATEGORY'), ids }),
]);

/** Percentages are whole numbers 1..100: a discount over 100 % is a 400. */
const percent = z.int().check(z.minimum(1, 'At least 1 %'), z.maximum(100, 'A discount cannot be over 100 %'));

export const benefitSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('PERCENT_OFF'), percent, target: targetSchema }),
  z.strictObject({ type: z.literal('AMOUNT_OFF'), amount: minor, target: targetSchema }),
  z.strictObject({
    type: z.literal('THRESHOLD'),
    tiers: z.array(z.strictObject({ spend: minor, off: minor })).check(z.minLength(1), z.maxLength(10)),
    repeatable: z._default(z.boolean(), false),
    maxOff: z.optional(minor),
    target: z._default(targetSchema, { kind: 'ORDER', ids: [] }),
  }),
  z.strictObject({ type: z.literal('BUY_X_GET_Y'), buy: count(100), get: count(100), target: targetSchema, reward: z.optional(targetSchema), maxFree: z.optional(count(10_000)) }),
  z.strictObject({
    type: z.literal('FLASH_PRICE'),
    prices: z.array(z.strictObject({ sku: skuCodeSchema, price: z.int().check(z.minimum(0), z.maximum(100_000_000)) })).check(z.minLength(1), z.maxLength(40)),
    perCustomerUnits: z.optional(count(10_000)),
    allotment: z.optional(count(10_000_000)),
  }),
  z.strictObject({ type: z.literal('GIFT'), sku: skuCodeSchema, quantity: count(10), minSpend: z.int().check(z.minimum(0), z.maximum(100_000_000)) }),
  z.strictObject({ type: z.literal('SHIPPING'), percent, minSpend: z.int().check(z.minimum(0), z.maximum(100_000_000)) }),
  z.strictObject({
    type: z.literal('GROUP_BUY'),
    prices: z.array(z.strictObject({ sku: skuCodeSchema, price: z.int().check(z.minimum(0), z.maximum(100_000_000)) })).check(z.minLength(1), z.maxLength(40)),
    /** The group fills (and takes no more members) when this many members' orders are taken. */
    minParticipants: z.int().check(z.minimum(2, 'A group has at least 2 members'), z.maximum(1000)),
    /**
     * Hours from a group's start until it expires: at most 24, so a member's order, waiting for its group in the
     * order workflow's packing wait, is released or cancelled well within that wait's deadline and grace.
     */
    timeLimitHours: z.number().check(z.gt(0), z.maximum(24, 'A group may wait at most 24 hours')),
    perCustomerUnits: z.optional(count(10_000)),
  }),
]);

/** Store time (`2026-12-05T00:00`, in `timeZone`) or an instant with an offset. */
const when = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/, 'A date-time: 2026-12-05T00:00 (store time) or 2026-12-05T00:00:00Z'));

export const createPromotionBodySchema = z.strictObject({
  name: text(120),
  currency: currencySchema,
  benefit: benefitSchema,
  priority: z.optional(z.int().check(z.minimum(-1000), z.maximum(1000))),
  exclusive: z.optional(z.boolean()),
  group: z.optional(text(40)),
  couponRequired: z.optional(z.boolean()),
  audience: z.optional(z.strictObject({ groups: z.optional(z.array(text(40)).check(z.maxLength(10))), segments: z.optional(z.array(z.enum(SEGMENTS)).check(z.maxLength(SEGMENTS.length))) })),
  limits: z.optional(z.strictObject({ maxUses: z.optional(count(100_000_000)), maxDiscount: z.optional(minor), perCustomer: z.optional(count(1000)) })),
  startsAt: when,
  endsAt: when,
  /** The store's time zone by default (STORE_TIME_ZONE). */
  timeZone: z.optional(z.string().check(z.refine((zone) => { try { new Intl.DateTimeFormat('en', { timeZone: zone }); return true; } catch { return false; } }, 'An IANA time zone, e.g. Europe/Berlin'))),
  campaign: z.optional(text(80)),
  /** Remind its audience this many hours before it ends (PromotionEndingSoon). */
  reminderHoursBeforeEnd: z.optional(count(24 * 30)),
});

export const changePromotionBodySchema = z.strictObject({
  name: z.optional(text(120)),
  priority: z.optional(z.int().check(z.minimum(-1000), z.maximum(1000))),
  /** Store time in the promotion's time zone, or an instant with an offset. */
  endsAt: z.optional(when),
  /** Replaces the limits as a whole. */
  limits: z.optional(z.strictObject({ maxUses: z.optional(count(100_000_000)), maxDiscount: z.optional(minor), perCustomer: z.optional(count(1000)) })),
  reminderHoursBeforeEnd: z.optional(count(24 * 30)),
}).check(z.refine((body) => Object.keys(body).length > 0, 'Change at least one field'));

export const statusBodySchema = z.strictObject({ status: z.enum(PROMOTION_STATUSES) });

export const COUPON_CODE = /^[A-Z0-9-]{4,32}$/;
const couponCode = z.string().check(z.regex(COUPON_CODE, '4 to 32 capital letters, digits or -'));

export const createCouponsBodySchema = z.strictObject({
  /** These codes, or `count` generated ones (with `prefix`). */
  codes: z.optional(z.array(couponCode).check(z.minLength(1), z.maxLength(50), z.refine((codes) => new Set(codes).size === codes.length, 'Each code once'))),
  count: z.optional(count(50)),
  prefix: z.optional(z.string().check(z.regex(/^[A-Z0-9]{1,10}$/, 'Capital letters and digits'))),
  /** Orders a code may be used for in all (unlimited when absent). */
  usageLimit: z.optional(count(1_000_000)),
  /** A customer may use the code once. */
  oncePerCustomer: z._default(z.boolean(), true),
}).check(z.refine((body) => (body.codes === undefined) !== (body.count === undefined), { path: ['codes'], message: 'Give either codes or count' }));

/* ---------- views ---------- */

const usageSchema = z.object({ uses: z.int(), discount: z.int(), units: z.int(), revenue: z.optional(z.int()) });

export const promotionViewSchema = z.object({
  promotionId: ulidSchema,
  name: z.string(),
  currency: z.string(),
  benefit: z.unknown(),
  priority: z.int(),
  exclusive: z.boolean(),
  group: z.optional(z.string()),
  couponRequired: z.boolean(),
  audience: z.optional(z.unknown()),
  limits: z.object({ maxUses: z.optional(z.int()), maxDiscount: z.optional(z.int()), perCustomer: z.optional(z.int()) }),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  timeZone: z.string(),
  campaign: z.optional(z.string()),
  status: z.enum(PROMOTION_STATUSES),
  live: z.boolean(),
  /** Orders placed with it (uses), discount given, flash units sold, those orders' goods after discounts (revenue); the share of the budget used. */
  usage: z.optional(usageSchema),
  budgetUsedPercent: z.optional(z.number()),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  endedAt: z.optional(isoDateTime),
  reminderHoursBeforeEnd: z.optional(z.int()),
  launchedAt: z.optional(isoDateTime),
  remindedAt: z.optional(isoDateTime),
});

export const couponsViewSchema = z.object({ promotionId: ulidSchema, codes: z.array(z.string()), usageLimit: z.optional(z.int()), oncePerCustomer: z.boolean() });

const idPath = z.strictObject({ id: ulidSchema });
const operators = { type: 'jwt', roles: ['operator'] } as const;

/* ---------- routes ---------- */

const createPromotion = /* @__PURE__ */ defineRoute({
  operationId: 'createPromotion',
  method: 'POST',
  path: '/promotions',
  summary: 'Create a promotion (percent / amount off, threshold, buy X get Y, flash price, gift, shipping) with its schedule, stacking, audience and budget',
  tags: ['promotions'],
  auth: operators,
  handlerEntry: 'functions/promotions/create-promotion.ts',
  body: createPromotionBodySchema,
  response: { status: 201, description: 'Created (Location: /promotions/{id})', schema: promotionViewSchema },
  errors: [409],
});

const listPromotions = /* @__PURE__ */ defineRoute({
  operationId: 'listPromotions',
  method: 'GET',
  path: '/promotions',
  summary: 'Promotions by status (ACTIVE by default), or a campaign\'s promotions with their live results (?campaign=), newest first',
  tags: ['promotions'],
  auth: operators,
  handlerEntry: 'functions/promotions/list-promotions.ts',
  query: z.strictObject({ status: z.optional(z.enum(PROMOTION_STATUSES)), campaign: z.optional(text(80)), ...paginationQuery }),
  response: { status: 200, description: 'A page of promotions', schema: paginated(promotionViewSchema) },
});

const getPromotion = /* @__PURE__ */ defineRoute({
  operationId: 'getPromotion',
  method: 'GET',
  path: '/promotions/{id}',
  summary: 'A promotion with its live results: orders that used it, discount given, units sold, budget used',
  tags: ['promotions'],
  auth: operators,
  handlerEntry: 'functions/promotions/get-promotion.ts',
  pathParams: idPath,
  response: { status: 200, description: 'The promotion', schema: promotionViewSchema },
  errors: [404],
});

const changePromotion = /* @__PURE__ */ defineRoute({
  operationId: 'changePromotion',
  method: 'PATCH',
  path: '/promotions/{id}',
  summary: 'Change a running promotion: name, priority, end, limits (budget) or reminder; what it gives and to whom stay',
  tags: ['promotions'],
  auth: operators,
  handlerEntry: 'functions/promotions/change-promotion.ts',
  pathParams: idPath,
  body: changePromotionBodySchema,
  response: { status: 200, description: 'The promotion as it is now', schema: promotionViewSchema },
  errors: [404, 409],
});

const setPromotionStatus = /* @__PURE__ */ defineRoute({
  operationId: 'setPromotionStatus',
  method: 'POST',
  path: '/promotions/{id}/status',
  summary: 'Pause (PAUSED), resume (ACTIVE) or end early (ENDED) a promotion; quotes follow from the next request',
  tags: ['promotions'],
  auth: operators,
  handlerEntry: 'functions/promotions/set-promotion-status.ts',
  pathParams: idPath,
  body: statusBodySchema,
  response: { status: 200, description: 'The promotion as it is now', schema: promotionViewSchema },
  errors: [404, 409],
});

const createCoupons = /* @__PURE__ */ defineRoute({
  operationId: 'createCoupons',
  method: 'POST',
  path: '/promotions/{id}/coupons',
  summary: 'Issue coupon codes for a promotion that requires one: given codes or generated ones, a usage limit, once per customer',
  tags: ['promotions'],
  auth: operators,
  handlerEntry: 'functions/promotions/create-coupons.ts',
  pathParams: idPath,
  body: createCouponsBodySchema,
  response: { status: 201, description: 'The codes issued', schema: couponsViewSchema },
  errors: [404, 409],
});

const upliftFigures = z.object({
  days: z.int(),
  revenueMinor: z.int(),
  units: z.int(),
  orders: z.nullable(z.int()),
  views: z.int(),
  revenueMinorPerDay: z.nullable(z.int()),
  unitsPerDay: z.nullable(z.number()),
  conversionRate: z.nullable(z.number()),
});

export const promotionResultsSchema = z.object({
  promotionId: ulidSchema,
  /** Whose figures measure it: its SKUs, its categories, or the whole store (order-level offers and products). */
  scope: z.object({ kind: z.enum(['SKUS', 'CATEGORIES', 'STORE']), ids: z.optional(z.array(z.string())) }),
  /** The campaign's store days measured (up to yesterday, the last 31 at most) and the baseline's (the 28 days before it started, on the weekdays measured). */
  window: z.object({ campaign: z.array(z.string()), baseline: z.array(z.string()) }),
  campaign: upliftFigures,
  baseline: upliftFigures,
  /** Campaign per day ÷ baseline per day − 1; null without a baseline. */
  uplift: z.object({ revenue: z.nullable(z.number()), units: z.nullable(z.number()), conversionRate: z.nullable(z.number()) }),
  method: z.string(),
});

const getPromotionResults = /* @__PURE__ */ defineRoute({
  operationId: 'getPromotionResults',
  method: 'GET',
  path: '/promotions/{id}/results',
  summary: 'What a campaign did: its targets\' sales, units and conversion per day while it ran, against the same weekdays in the four weeks before it (uplift)',
  tags: ['promotions'],
  auth: operators,
  handlerEntry: 'functions/promotions/get-promotion-results.ts',
  pathParams: idPath,
  response: { status: 200, description: 'The uplift report (from analytics\' nightly KPIs: days not yet computed count as none)', schema: promotionResultsSchema },
  errors: [404],
});

export const promotionRoutes = { createPromotion, listPromotions, getPromotion, changePromotion, setPromotionStatus, createCoupons, getPromotionResults };

export type PromotionView = z.input<typeof promotionViewSchema>;
