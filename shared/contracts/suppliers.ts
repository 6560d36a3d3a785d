/**
 * Supplier onboarding: request/response schemas and the seven routes. Shapes live here; business rules
 * (completeness, scoring, terms limits) live in shared/domain/suppliers and are reused where they apply.
 */
import * as z from './z';
import { defineRoute } from './route';
import { isoDateTime, moneySchema, paginated, ulidSchema } from './common';
import { paginationQuery } from './pagination';
import { APPLICATION_STATUSES } from '../domain/suppliers/application';
import { QUALITY_SYSTEMS } from '../domain/suppliers/form';
import { SUPPLIER_STATUSES } from '../domain/suppliers/supplier';
import { DEFECT_HANDLING, TERMS_LIMITS, validateContractTerms } from '../domain/suppliers/terms';
import { SCORING_CRITERIA } from '../domain/suppliers/scoring';
import { STANDINGS_SET_BY_HAND, SUPPLIER_STANDINGS } from '../domain/suppliers/standing';

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const email = z.email().check(z.maxLength(254));

/* ---------- the application form ---------- */

export const companySchema = z.strictObject({
  legalName: text(200),
  tradingName: z.optional(text(200)),
  country: z.string().check(z.regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code, e.g. DE')),
  registrationNumber: text(64),
  website: z.optional(z.url({ protocol: /^https?$/ }).check(z.maxLength(2048))),
  yearFounded: z.int().check(z.minimum(1800), z.maximum(2200)),
});

export const contactSchema = z.strictObject({
  name: text(200),
  role: z.optional(text(100)),
  email: z.optional(email),
  phone: z.optional(z.string().check(z.regex(/^\+?[0-9 ()./-]{6,32}$/, 'A phone number, e.g. +49 30 1234567'))),
  primary: z._default(z.boolean(), false),
});

export const certificationSchema = z.strictObject({
  name: text(200),
  issuer: text(200),
  validUntil: z.iso.date(),
});

export const qualitySystemSchema = z.strictObject({
  type: z.enum(QUALITY_SYSTEMS),
  defectRatePpm: z.int().check(z.minimum(0), z.maximum(1_000_000)),
  inspectionProcess: z.optional(text(2000)),
});

export const tradeReferenceSchema = z.strictObject({
  company: text(200),
  contactName: text(200),
  email,
});

/** Cardinalities are loose on purpose: "at least two references" etc. are completeness rules, told back to the applicant. */
export const applicationFormSchema = z.strictObject({
  company: companySchema,
  contacts: z.array(contactSchema).check(z.minLength(1), z.maxLength(10)),
  productCategories: z.array(text(100)).check(z.maxLength(50)),
  certifications: z.array(certificationSchema).check(z.maxLength(30)),
  monthlyCapacityUnits: z.int().check(z.minimum(0), z.maximum(1_000_000_000)),
  qualitySystem: qualitySystemSchema,
  references: z.array(tradeReferenceSchema).check(z.maxLength(10)),
});

/* ---------- contract terms and the operator's decision ---------- */

export const contractTermsSchema = z
  .strictObject({
    // The domain's limits, also here so that /openapi.json shows them (issue 8: every number bounded).
    paymentTermsDays: z.int().check(z.minimum(TERMS_LIMITS.paymentTermsDays.min), z.maximum(TERMS_LIMITS.paymentTermsDays.max)),
    leadTimeDays: z.int().check(z.minimum(TERMS_LIMITS.leadTimeDays.min), z.maximum(TERMS_LIMITS.leadTimeDays.max)),
    minimumOrderQuantity: z.int().check(z.minimum(TERMS_LIMITS.minimumOrderQuantity.min), z.maximum(TERMS_LIMITS.minimumOrderQuantity.max)),
    qualityStandard: text(200),
    returnPolicy: z.strictObject({
      returnWindowDays: z.int().check(z.minimum(TERMS_LIMITS.returnWindowDays.min), z.maximum(TERMS_LIMITS.returnWindowDays.max)),
      defectHandling: z.enum(DEFECT_HANDLING),
    }),
  }).check(z.superRefine((terms, ctx) => {
    for (const { field, message } of validateContractTerms(terms)) {
      ctx.addIssue({ code: 'custom', path: field.split('.'), message });
    }
  }));

export const decisionBodySchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('APPROVE'), terms: contractTermsSchema }),
  z.strictObject({ decision: z.literal('REJECT'), reasons: z.array(text(500)).check(z.minLength(1), z.maxLength(20)) }),
]);

/* ---------- views ---------- */

const criterionScoreSchema = z.object({
  criterion: z.enum(SCORING_CRITERIA.map(({ criterion }) => criterion)),
  weight: z.number(),
  points: z.number(),
  note: z.string(),
});

export const qualificationScoreSchema = z.object({
  score: z.number().check(z.minimum(0), z.maximum(100)),
  threshold: z.number(),
  passed: z.boolean(),
  breakdown: z.array(criterionScoreSchema),
  reasons: z.array(z.string()),
  scoredAt: isoDateTime,
});

export const operatorDecisionSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('APPROVE'), terms: contractTermsSchema, decidedBy: z.string(), decidedAt: isoDateTime }),
  z.object({ decision: z.literal('REJECT'), reasons: z.array(z.string()), decidedBy: z.string(), decidedAt: isoDateTime }),
]);

export const applicationViewSchema = z.object({
  applicationId: ulidSchema,
  status: z.enum(APPLICATION_STATUSES),
  applicantEmail: z.string(),
  form: applicationFormSchema,
  submittedAt: isoDateTime,
  updatedAt: isoDateTime,
  qualification: z.optional(qualificationScoreSchema),
  decisionDueAt: z.optional(isoDateTime),
  operatorDecision: z.optional(operatorDecisionSchema),
  rejectionReasons: z.optional(z.array(z.string())),
  supplierId: z.optional(ulidSchema),
  failure: z.optional(z.object({ error: z.string(), cause: z.string(), failedAt: isoDateTime })),
});

export const applicationSummarySchema = z.object({
  applicationId: ulidSchema,
  status: z.enum(APPLICATION_STATUSES),
  companyName: z.string(),
  country: z.string(),
  applicantEmail: z.string(),
  submittedAt: isoDateTime,
  score: z.optional(z.number()),
  decisionDueAt: z.optional(isoDateTime),
});

export const supplierPerformanceSchema = z.object({
  ordersCount: z.number(),
  onTimeDeliveryRate: z.number(),
  fillRate: z.number(),
  returnRate: z.number(),
  defectRatePpm: z.number(),
  averageResponseHours: z.number(),
});

export const supplierViewSchema = z.object({
  supplierId: ulidSchema,
  applicationId: ulidSchema,
  name: z.string(),
  legalName: z.string(),
  country: z.string(),
  status: z.enum(SUPPLIER_STATUSES),
  /** The weekly scorecard's standing (PREFERRED is status APPROVED); its status until first scored. */
  standing: z.optional(z.enum(SUPPLIER_STANDINGS)),
  contactEmail: z.string(),
  productCategories: z.array(z.string()),
  terms: contractTermsSchema,
  qualificationScore: z.number(),
  approvedAt: isoDateTime,
  updatedAt: isoDateTime,
});

const standingSchema = z.enum(SUPPLIER_STANDINGS);

/** One scored week (docs/inventory.md, "Supplier scorecard and standing"): the score, its lines and the counts behind it. */
export const weeklyScorecardSchema = z.object({
  weekStart: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  score: z.number().check(z.minimum(0), z.maximum(100)),
  lines: z.array(z.object({ metric: z.string(), value: z.number(), weight: z.number(), points: z.number() })),
  activity: z.object({
    deliveries: z.number(),
    onTimeDeliveries: z.number(),
    unitsOrdered: z.number(),
    unitsAccepted: z.number(),
    unitsInspected: z.number(),
    unitsDefective: z.number(),
    priceRatio: z.optional(z.number()),
    leadTimeError: z.optional(z.number()),
  }),
  standingBefore: standingSchema,
  standingAfter: standingSchema,
  /** False for a week scored after a later one had already moved the standing. */
  movedStanding: z.boolean(),
});

export const scorecardViewSchema = z.object({
  supplierId: ulidSchema,
  /** The weekly standing: PREFERRED, APPROVED, PROBATION or SUSPENDED (its status until first scored). */
  standing: standingSchema,
  /** A move under way: the standing it leads to and how many consecutive active weeks have held it. */
  standingPending: z.optional(z.object({ to: standingSchema, weeks: z.number() })),
  /** The latest scored week, when there is one. */
  latestWeek: z.optional(weeklyScorecardSchema),
  /** Scored weeks of the last 26, newest first (weeks without deliveries are not scored). */
  history: z.array(weeklyScorecardSchema),
  score: z.number(),
  grade: z.nullable(z.enum(['A', 'B', 'C', 'D'])),
  status: z.enum(['OK', 'WATCH', 'PROBATION', 'INSUFFICIENT_DATA']),
  basis: z.enum(['PERFORMANCE', 'QUALIFICATION']),
  ordersCount: z.number(),
  minimumOrders: z.number(),
  breakdown: z.array(z.object({ metric: z.string(), weight: z.number(), value: z.number(), points: z.number(), note: z.optional(z.string()) })),
  performance: supplierPerformanceSchema,
});

const idPath = z.strictObject({ id: ulidSchema });

/* ---------- routes ---------- */

/**
 * `defineRoute` returns the wide `RouteSpec` type (auth: any kind; path/query/body optional), so a handler
 * would see `actor` and `path` as possibly undefined. This keeps each spec's literal type for the handlers.
 */
const submitSupplierApplication = /* @__PURE__ */ defineRoute({
  operationId: 'submitSupplierApplication',
  method: 'POST',
  path: '/suppliers/applications',
  summary: 'Apply to become a supplier; screening starts at once and the answer comes by notification',
  tags: ['suppliers'],
  auth: { type: 'jwt', roles: ['supplier'] },
  handlerEntry: 'functions/suppliers/submit-application.ts',
  body: applicationFormSchema,
  response: { status: 202, description: 'Accepted for screening', schema: applicationViewSchema },
});

const getSupplierApplication = /* @__PURE__ */ defineRoute({
  operationId: 'getSupplierApplication',
  method: 'GET',
  path: '/suppliers/applications/{id}',
  summary: 'An application with its status, score and decision (operators, or the applicant)',
  tags: ['suppliers'],
  auth: { type: 'jwt', roles: ['operator', 'supplier'] },
  handlerEntry: 'functions/suppliers/get-application.ts',
  pathParams: idPath,
  response: { status: 200, description: 'The application', schema: applicationViewSchema },
  errors: [404],
});

const listSupplierApplications = /* @__PURE__ */ defineRoute({
  operationId: 'listSupplierApplications',
  method: 'GET',
  path: '/suppliers/applications',
  summary: 'Operators: applications by status (default AWAITING_DECISION), newest first. Applicants: their own',
  tags: ['suppliers'],
  auth: { type: 'jwt', roles: ['operator', 'supplier'] },
  handlerEntry: 'functions/suppliers/list-applications.ts',
  query: z.strictObject({ status: z.optional(z.enum(APPLICATION_STATUSES)), ...paginationQuery }),
  response: { status: 200, description: 'A page of applications', schema: paginated(applicationSummarySchema) },
});

const decideSupplierApplication = /* @__PURE__ */ defineRoute({
  operationId: 'decideSupplierApplication',
  method: 'POST',
  path: '/suppliers/applications/{id}/decision',
  summary: 'Approve (with contract terms) or reject an application that awaits a decision',
  tags: ['suppliers'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/suppliers/decide-application.ts',
  pathParams: idPath,
  body: decisionBodySchema,
  response: { status: 202, description: 'Decision recorded; onboarding resumes', schema: applicationViewSchema },
  errors: [404, 409],
});

const listSuppliers = /* @__PURE__ */ defineRoute({
  operationId: 'listSuppliers',
  method: 'GET',
  path: '/suppliers',
  summary: 'Operators: suppliers by status (default APPROVED), by name. Supplier users: their own',
  tags: ['suppliers'],
  auth: { type: 'jwt', roles: ['operator', 'supplier'] },
  handlerEntry: 'functions/suppliers/list-suppliers.ts',
  query: z.strictObject({ status: z.optional(z.enum(SUPPLIER_STATUSES)), ...paginationQuery }),
  response: { status: 200, description: 'A page of suppliers', schema: paginated(supplierViewSchema) },
});

const getSupplier = /* @__PURE__ */ defineRoute({
  operationId: 'getSupplier',
  method: 'GET',
  path: '/suppliers/{id}',
  summary: 'A supplier with its contract terms (operators, or the supplier itself)',
  tags: ['suppliers'],
  auth: { type: 'jwt', roles: ['operator', 'supplier'] },
  handlerEntry: 'functions/suppliers/get-supplier.ts',
  pathParams: idPath,
  response: { status: 200, description: 'The supplier', schema: supplierViewSchema },
  errors: [404],
});

const getSupplierScorecard = /* @__PURE__ */ defineRoute({
  operationId: 'getSupplierScorecard',
  method: 'GET',
  path: '/suppliers/{id}/scorecard',
  summary: 'Performance scorecard: lifetime score and grade A–D, weekly standing and the last 26 weeks scored, newest first',
  tags: ['suppliers'],
  auth: { type: 'jwt', roles: ['operator', 'supplier'] },
  handlerEntry: 'functions/suppliers/get-scorecard.ts',
  pathParams: idPath,
  response: { status: 200, description: 'The scorecard', schema: scorecardViewSchema },
  errors: [404],
});

/** A debit to the supplier (shared/domain/suppliers/debit.ts): returned goods sent back to it. */
export const supplierDebitSchema = z.object({
  debitId: z.string(),
  reason: z.enum(['RETURN_TO_VENDOR']),
  returnId: z.string(),
  orderId: z.string(),
  sku: z.string(),
  quantity: z.int(),
  unitAmount: moneySchema,
  amount: moneySchema,
  /** UNIT_COST: the SKU's listed unit cost; PAID: what the customer paid (a SKU listed without a unit cost). */
  basis: z.enum(['UNIT_COST', 'PAID']),
  returnReason: z.string(),
  recordedAt: isoDateTime,
});

const listSupplierDebits = /* @__PURE__ */ defineRoute({
  operationId: 'listSupplierDebits',
  method: 'GET',
  path: '/suppliers/{id}/debits',
  summary: "Debits to a supplier, newest first: returned goods sent back to it (RETURN_TO_VENDOR) at their unit cost (operators, or the supplier itself)",
  tags: ['suppliers'],
  auth: { type: 'jwt', roles: ['operator', 'supplier'] },
  handlerEntry: 'functions/suppliers/list-debits.ts',
  pathParams: idPath,
  query: z.strictObject({ ...paginationQuery }),
  response: { status: 200, description: 'A page of debits', schema: paginated(supplierDebitSchema) },
  errors: [404],
});

const setSupplierStanding = /* @__PURE__ */ defineRoute({
  operationId: 'setSupplierStanding',
  method: 'POST',
  path: '/suppliers/{id}/standing',
  summary: 'Operators: set a supplier\'s standing by hand with a note — close a probation review (APPROVED, or kept on PROBATION), suspend, or lift a suspension',
  tags: ['suppliers'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/suppliers/set-standing.ts',
  pathParams: idPath,
  body: z.strictObject({ standing: z.enum(STANDINGS_SET_BY_HAND), note: z.string().check(z.trim(), z.minLength(3), z.maxLength(1000)) }),
  requireIdempotencyKey: true,
  response: { status: 200, description: 'The supplier with its new standing', schema: supplierViewSchema },
  errors: [404, 409],
});

export const supplierRoutes = {
  setSupplierStanding,
  listSupplierDebits,
  submitSupplierApplication,
  getSupplierApplication,
  listSupplierApplications,
  decideSupplierApplication,
  listSuppliers,
  getSupplier,
  getSupplierScorecard,
};

export type ApplicationView = z.input<typeof applicationViewSchema>;
export type ApplicationSummary = z.input<typeof applicationSummarySchema>;
export type SupplierView = z.input<typeof supplierViewSchema>;
export type ScorecardView = z.input<typeof scorecardViewSchema>;
export type SupplierDebitView = z.input<typeof supplierDebitSchema>;

/* ---------- onboarding workflow task inputs (the state machine passes these) ---------- */

export const applicationTaskInput = z.object({ applicationId: ulidSchema, correlationId: z.string().check(z.minLength(1)) });
