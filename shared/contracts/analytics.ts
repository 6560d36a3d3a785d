/**
 * Analytics: storefront behaviour in (`POST /events`, with a storefront key), the nightly KPI card and the
 * insights out, and the storefront keys and insight rules operators manage (docs/analytics.md).
 */
import * as z from './z';
import { defineRoute } from './route';
import { isoDateTime, paginated, ulidSchema } from './common';
import { paginationQuery } from './pagination';
import { DEVICE_CLASSES, MAX_BATCH_EVENTS, STOREFRONT_EVENT_TYPES } from '../domain/analytics/storefront-events';
import { INSIGHT_RULE_IDS, SEVERITIES } from '../domain/analytics/insights';

/** The header a storefront sends its key in (`sfk_<keyId>_<secret>`). */
export const STOREFRONT_KEY_HEADER = 'x-storefront-key';

const token = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const idToken = (max: number) => z.string().check(z.regex(new RegExp(`^[A-Za-z0-9_.:@-]{1,${max}}$`), `1 to ${max} letters, digits or _ . : @ -`));
export const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'A date is YYYY-MM-DD'));

export const storefrontEventSchema = z.strictObject({
  eventId: idToken(64),
  type: z.enum(STOREFRONT_EVENT_TYPES),
  occurredAt: isoDateTime,
  sessionId: idToken(64),
  customerId: z.optional(idToken(64)),
  visitorId: z.optional(idToken(64)),
  source: z.optional(token(64)),
  device: z.optional(z.enum(DEVICE_CLASSES)),
  region: z.optional(z.string().check(z.regex(/^[A-Za-z0-9-]{2,12}$/, 'A country or region code, e.g. DE'))),
  sku: z.optional(token(64)),
  productId: z.optional(token(64)),
  categoryId: z.optional(token(64)),
  quantity: z.optional(z.int().check(z.minimum(1), z.maximum(999))),
  query: z.optional(token(200)),
  resultCount: z.optional(z.int().check(z.minimum(0), z.maximum(1_000_000))),
});

const recordEvents = /* @__PURE__ */ defineRoute({
  operationId: 'recordEvents',
  method: 'POST',
  path: '/events',
  summary: 'Storefront behaviour: a batch of up to 100 events (page and product views, searches, carts, checkouts), with a storefront key',
  tags: ['analytics'],
  auth: { type: 'storefront-key', header: STOREFRONT_KEY_HEADER },
  handlerEntry: 'functions/analytics/record-events.ts',
  body: z.strictObject({ events: z.array(storefrontEventSchema).check(z.minLength(1), z.maxLength(MAX_BATCH_EVENTS, `At most ${MAX_BATCH_EVENTS} events per batch`)) }),
  // Events are deduplicated by their own ids: a resent batch counts once, whatever the headers say.
  idempotent: false,
  response: {
    status: 202,
    description: 'Accepted: every event checked and queued, counted within seconds (a resent event counts once)',
    schema: z.object({ accepted: z.int() }),
  },
});

/** A batch as `POST /events` queued it (shared/adapters/storefront-events-queue.ts), checked again by its counter. */
export const queuedEventBatchSchema = z.object({ keyId: z.string(), events: z.array(storefrontEventSchema).check(z.minLength(1), z.maxLength(MAX_BATCH_EVENTS)) });

export const storefrontKeySchema = z.object({
  keyId: z.string(),
  name: z.string(),
  status: z.enum(['ACTIVE', 'REVOKED']),
  createdAt: isoDateTime,
  createdBy: z.string(),
  revokedAt: z.optional(isoDateTime),
});

const createStorefrontKey = /* @__PURE__ */ defineRoute({
  operationId: 'createStorefrontKey',
  method: 'POST',
  path: '/storefront-keys',
  summary: 'A new storefront key (shown once): it may only send events',
  tags: ['analytics'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/analytics/create-storefront-key.ts',
  body: z.strictObject({ name: token(80) }),
  response: {
    status: 201,
    description: 'The key; `key` is its secret, returned only by the request that created it (a retry under the same Idempotency-Key after a lost answer gets the key without it: revoke it and create another)',
    schema: z.object({ ...storefrontKeySchema.shape, key: z.optional(z.string()) }),
  },
});

const listStorefrontKeys = /* @__PURE__ */ defineRoute({
  operationId: 'listStorefrontKeys',
  method: 'GET',
  path: '/storefront-keys',
  summary: 'Storefront keys, newest first (never their secrets)',
  tags: ['analytics'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/analytics/list-storefront-keys.ts',
  query: z.strictObject({ ...paginationQuery }),
  response: { status: 200, description: 'A page of keys', schema: paginated(storefrontKeySchema) },
});

const revokeStorefrontKey = /* @__PURE__ */ defineRoute({
  operationId: 'revokeStorefrontKey',
  method: 'POST',
  path: '/storefront-keys/{id}/revoke',
  summary: 'Revoke a storefront key: its events are refused (401) from now on',
  tags: ['analytics'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/analytics/revoke-storefront-key.ts',
  pathParams: z.strictObject({ id: idToken(40) }),
  response: { status: 200, description: 'The key, revoked', schema: storefrontKeySchema },
  errors: [404],
});

const looseGroup = z.record(z.string(), z.unknown());
export const kpiCardSchema = z.object({
  date: isoDate,
  currency: z.string(),
  traffic: looseGroup,
  sales: looseGroup,
  customers: looseGroup,
  products: looseGroup,
  /** Customer service that day (first responses, SLA attainment, reopens, CSAT); null without tickets. */
  service: z.nullable(looseGroup),
  anomalies: z.optional(z.array(looseGroup)),
});

/** At most this many days per `GET /kpis`. */
export const MAX_KPI_RANGE_DAYS = 366;

const listKpis = /* @__PURE__ */ defineRoute({
  operationId: 'listKpis',
  method: 'GET',
  path: '/kpis',
  summary: `KPI cards from one date to another (inclusive, at most ${MAX_KPI_RANGE_DAYS} days), oldest first: a series for charts`,
  tags: ['analytics'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/analytics/list-kpis.ts',
  query: z.strictObject({ from: isoDate, to: isoDate, ...paginationQuery }),
  response: { status: 200, description: 'A page of KPI cards', schema: paginated(kpiCardSchema) },
});

const getKpis = /* @__PURE__ */ defineRoute({
  operationId: 'getKpis',
  method: 'GET',
  path: '/kpis/{date}',
  summary: "A day's whole KPI card, with its top SKUs and categories",
  tags: ['analytics'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/analytics/get-kpis.ts',
  pathParams: z.strictObject({ date: isoDate }),
  response: {
    status: 200,
    description: 'The card',
    schema: z.object({ ...kpiCardSchema.shape, skus: z.array(looseGroup), categories: z.array(looseGroup) }),
  },
  errors: [404],
});

export const insightSchema = z.object({
  rule: z.enum(INSIGHT_RULE_IDS),
  entity: z.object({ kind: z.string(), id: z.string() }),
  evidence: z.array(z.object({ metric: z.string(), value: z.number(), comparison: z.string(), threshold: z.number() })),
  action: z.string(),
  severity: z.enum(SEVERITIES),
});

const listInsights = /* @__PURE__ */ defineRoute({
  operationId: 'listInsights',
  method: 'GET',
  path: '/insights',
  summary: "The insights the nightly job found for a day (yesterday by default), the most severe first",
  tags: ['analytics'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/analytics/list-insights.ts',
  query: z.strictObject({ date: z.optional(isoDate) }),
  response: { status: 200, description: "The day's insights", schema: z.object({ date: isoDate, items: z.array(insightSchema) }) },
  errors: [404],
});

export const insightRuleSchema = z.object({
  id: z.enum(INSIGHT_RULE_IDS),
  enabled: z.boolean(),
  severity: z.enum(SEVERITIES),
  thresholds: z.record(z.string(), z.number()),
});

const listInsightRules = /* @__PURE__ */ defineRoute({
  operationId: 'listInsightRules',
  method: 'GET',
  path: '/insight-rules',
  summary: 'The insight rules with their thresholds (defaults unless an operator changed them)',
  tags: ['analytics'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/analytics/list-insight-rules.ts',
  response: { status: 200, description: 'Every rule', schema: z.object({ items: z.array(insightRuleSchema) }) },
});

const putInsightRule = /* @__PURE__ */ defineRoute({
  operationId: 'putInsightRule',
  method: 'PUT',
  path: '/insight-rules/{id}',
  summary: "Change a rule: on or off, its severity, some of its thresholds (a threshold it does not have is refused)",
  tags: ['analytics'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/analytics/put-insight-rule.ts',
  pathParams: z.strictObject({ id: z.enum(INSIGHT_RULE_IDS) }),
  body: z.strictObject({
    enabled: z.optional(z.boolean()),
    severity: z.optional(z.enum(SEVERITIES)),
    thresholds: z.optional(z.record(z.string().check(z.maxLength(40)), z.number().check(z.minimum(0), z.maximum(1_000_000)))),
  }),
  response: { status: 200, description: 'The rule as it now applies', schema: insightRuleSchema },
});

const getBoughtTogether = /* @__PURE__ */ defineRoute({
  operationId: 'getBoughtTogether',
  method: 'GET',
  path: '/products/{id}/bought-together',
  summary: "What sells with a product: its variants' partner SKUs by lift, with support and confidence (all baskets since counting began)",
  tags: ['analytics'],
  auth: { type: 'jwt', roles: ['operator', 'customer'] },
  handlerEntry: 'functions/analytics/get-bought-together.ts',
  pathParams: z.strictObject({ id: ulidSchema }),
  query: z.strictObject({
    minTogether: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000)), 2),
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50)), 10),
  }),
  response: {
    status: 200,
    description: 'Partner SKUs, highest lift first',
    schema: z.object({
      productId: z.string(),
      baskets: z.int(),
      items: z.array(z.object({ partner: z.string(), together: z.int(), support: z.number(), confidence: z.number(), lift: z.number() })),
    }),
  },
  errors: [404],
});

export const analyticsRoutes = {
  getBoughtTogether,
  recordEvents,
  createStorefrontKey,
  listStorefrontKeys,
  revokeStorefrontKey,
  listKpis,
  getKpis,
  listInsights,
  listInsightRules,
  putInsightRule,
};

export type StorefrontKeyView = z.input<typeof storefrontKeySchema>;
