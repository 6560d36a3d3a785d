/**
 * Returns: ask for one, decide one that waits, receive and inspect it, refund it (docs/returns.md). Shapes live
 * here; the rules live in shared/domain/returns.
 */
import * as z from './z';
import { defineRoute } from './route';
import { isoDateTime, moneySchema, paginated, ulidSchema } from './common';
import { skuCodeSchema } from './common';
import { paginationQuery } from './pagination';
import { MAX_QUANTITY } from '../domain/orders/pricing';
import { TRACKING_STATUSES } from '../domain/orders/tracking';
import { DISPOSITIONS, RETURN_STATUSES } from '../domain/returns/return';
import { MAX_RETURN_LINES, RETURN_REASONS } from '../domain/returns/rules';

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const idPath = z.strictObject({ id: ulidSchema });

export const requestReturnBodySchema = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        sku: skuCodeSchema,
        quantity: z.int().check(z.minimum(1, 'At least 1'), z.maximum(MAX_QUANTITY)),
        /** For an exchange: the SKU these units are exchanged for (default: the resolution's `sku`, else the same SKU). */
        exchangeSku: z.optional(skuCodeSchema),
      }),
    )
    .check(z.minLength(1), z.maxLength(MAX_RETURN_LINES)),
  reason: z.enum(RETURN_REASONS),
  /** REFUND (the default) or EXCHANGE: a replacement order at no charge, the difference refunded (docs/returns.md, "Exchanges"). */
  resolution: z.optional(z.discriminatedUnion('type', [z.strictObject({ type: z.literal('REFUND') }), z.strictObject({ type: z.literal('EXCHANGE'), sku: z.optional(skuCodeSchema) })])),
  photos: z.optional(z.array(z.url({ protocol: /^https$/ })).check(z.maxLength(5))),
  comment: z.optional(text(1000)),
});

export const decideReturnBodySchema = z.strictObject({
  decision: z.enum(['APPROVE', 'REJECT']),
  /** Required to reject: the customer reads it. */
  reason: z.optional(text(500)),
}).check(z.refine((body) => body.decision === 'APPROVE' || body.reason !== undefined, { path: ['reason'], message: 'A rejection says why' }));

export const returnReceiptBodySchema = z.strictObject({
  lines: z.array(z.strictObject({ sku: skuCodeSchema, quantity: z.int().check(z.minimum(0, 'Zero or more'), z.maximum(MAX_QUANTITY)), disposition: z.enum(DISPOSITIONS) })).check(z.maxLength(MAX_RETURN_LINES)),
});

/* ---------- views ---------- */

export const returnViewSchema = z.object({
  returnId: ulidSchema,
  orderId: ulidSchema,
  customerId: z.string(),
  status: z.enum(RETURN_STATUSES),
  /** One sentence: what happens next, and who does it. */
  nextStep: z.string(),
  reason: z.enum(RETURN_REASONS),
  resolution: z.object({ type: z.string(), sku: z.optional(z.string()) }),
  lines: z.array(z.object({ sku: z.string(), quantity: z.int(), value: moneySchema, exchange: z.optional(z.object({ sku: z.string(), unitPrice: moneySchema })) })),
  value: moneySchema,
  returnShippingPaidBy: z.enum(['SELLER', 'CUSTOMER']),
  photos: z.array(z.string()),
  comment: z.optional(z.string()),
  review: z.optional(z.object({ reasons: z.array(z.string()), decideBy: isoDateTime })),
  approval: z.optional(z.object({ auto: z.boolean(), by: z.string(), at: isoDateTime })),
  rejection: z.optional(z.object({ by: z.string(), at: isoDateTime, reason: z.string() })),
  /** Once approved: the prepaid label to print and its tracking number. */
  label: z.optional(z.object({ carrierId: z.string(), trackingNumber: z.string(), labelUrl: z.string(), issuedAt: isoDateTime, voidedAt: z.optional(isoDateTime) })),
  /** Once the carrier scanned the label: the parcel's furthest progress on its way back. */
  parcel: z.optional(z.object({ status: z.enum(TRACKING_STATUSES), sentAt: isoDateTime, updatedAt: isoDateTime, description: z.optional(z.string()) })),
  receipt: z.optional(z.object({ lines: z.array(z.object({ sku: z.string(), quantity: z.int(), disposition: z.enum(DISPOSITIONS) })), receivedAt: isoDateTime, short: z.boolean() })),
  refund: z.optional(
    z.object({
      goods: moneySchema,
      shipping: moneySchema,
      deduction: moneySchema,
      total: moneySchema,
      capped: z.boolean(),
      status: z.enum(['PENDING', 'REFUNDED', 'FAILED']),
      attempts: z.int(),
      refundedAt: z.optional(isoDateTime),
      failure: z.optional(z.string()),
      /** An exchange's difference: the replacement's value taken off. */
      replacement: z.optional(moneySchema),
    }),
  ),
  /** An exchange once its units arrived: the replacement order (at no charge) and the difference refunded. */
  exchange: z.optional(
    z.object({
      replacementOrderId: ulidSchema,
      status: z.enum(['PENDING', 'PLACED', 'FELL_BACK', 'FAILED']),
      lines: z.array(z.object({ sku: z.string(), quantity: z.int(), unitPrice: moneySchema, forSku: z.string() })),
      value: moneySchema,
      difference: moneySchema,
      placedAt: z.optional(isoDateTime),
      fellBack: z.optional(z.object({ reason: z.string(), at: isoDateTime })),
      failure: z.optional(z.string()),
    }),
  ),
  timeline: z.array(z.object({ at: isoDateTime, status: z.enum(RETURN_STATUSES), note: z.optional(z.string()) })),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

export const returnSummarySchema = z.object({
  returnId: ulidSchema,
  orderId: ulidSchema,
  customerId: z.string(),
  status: z.enum(RETURN_STATUSES),
  reason: z.enum(RETURN_REASONS),
  value: moneySchema,
  createdAt: isoDateTime,
});

/* ---------- routes ---------- */

const requestReturn = /* @__PURE__ */ defineRoute({
  operationId: 'requestReturn',
  method: 'POST',
  path: '/orders/{id}/returns',
  summary: 'Ask to return units of a delivered order (its customer, or an operator for them; Idempotency-Key required): approved inside the rules, else it waits for an operator',
  tags: ['returns'],
  auth: { type: 'jwt', roles: ['customer', 'operator'] },
  handlerEntry: 'functions/returns/request-return.ts',
  pathParams: idPath,
  body: requestReturnBodySchema,
  requireIdempotencyKey: true,
  response: { status: 201, description: 'The return (Location: /returns/{id}), APPROVED or PENDING_APPROVAL, with what happens next', schema: returnViewSchema },
  errors: [404, 409, 422],
});

const listReturns = /* @__PURE__ */ defineRoute({
  operationId: 'listReturns',
  method: 'GET',
  path: '/returns',
  summary: 'Customers: their own returns, newest first. Operators and the warehouse: returns by status (PENDING_APPROVAL by default), oldest first',
  tags: ['returns'],
  auth: { type: 'jwt', roles: ['customer', 'operator', 'warehouse'] },
  handlerEntry: 'functions/returns/list-returns.ts',
  query: z.strictObject({ status: z.optional(z.enum(RETURN_STATUSES)), ...paginationQuery }),
  response: { status: 200, description: 'A page of returns', schema: paginated(returnSummarySchema) },
});

const getReturn = /* @__PURE__ */ defineRoute({
  operationId: 'getReturn',
  method: 'GET',
  path: '/returns/{id}',
  summary: 'A return with its status, what happens next, its receipt and its refund (its customer, operators, the warehouse)',
  tags: ['returns'],
  auth: { type: 'jwt', roles: ['customer', 'operator', 'warehouse'] },
  handlerEntry: 'functions/returns/get-return.ts',
  pathParams: idPath,
  response: { status: 200, description: 'The return', schema: returnViewSchema },
  errors: [404],
});

const decideReturn = /* @__PURE__ */ defineRoute({
  operationId: 'decideReturn',
  method: 'POST',
  path: '/returns/{id}/decision',
  summary: 'Operators: approve or reject a return waiting for review (a rejection says why)',
  tags: ['returns'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/returns/decide-return.ts',
  pathParams: idPath,
  body: decideReturnBodySchema,
  response: { status: 200, description: 'The return, APPROVED or REJECTED', schema: returnViewSchema },
  errors: [404, 409],
});

const recordReturnReceipt = /* @__PURE__ */ defineRoute({
  operationId: 'recordReturnReceipt',
  method: 'POST',
  path: '/returns/{id}/receipt',
  summary: 'Warehouse: the units that arrived per SKU with their disposition (RESTOCK, REFURBISH, WRITE_OFF, RETURN_TO_VENDOR); restocked units are available at once, and the return-lifecycle workflow refunds what arrived',
  tags: ['returns'],
  auth: { type: 'jwt', roles: ['warehouse'] },
  handlerEntry: 'functions/returns/record-receipt.ts',
  pathParams: idPath,
  body: returnReceiptBodySchema,
  response: { status: 200, description: 'The return: RECEIVED (the workflow pays the refund: REFUNDED, or REFUND_FAILED for ops after its retries), or CLOSED when nothing arrived', schema: returnViewSchema },
  errors: [404, 409, 422],
});

const retryReturnRefund = /* @__PURE__ */ defineRoute({
  operationId: 'retryReturnRefund',
  method: 'POST',
  path: '/returns/{id}/refund',
  summary: 'Operators: try a refund again (REFUND_FAILED, or RECEIVED and not yet paid), with the same provider key (it never pays twice)',
  tags: ['returns'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/returns/retry-refund.ts',
  pathParams: idPath,
  response: { status: 200, description: 'The return, REFUNDED or still REFUND_FAILED', schema: returnViewSchema },
  errors: [404, 409],
});

const retryReturnExchange = /* @__PURE__ */ defineRoute({
  operationId: 'retryReturnExchange',
  method: 'POST',
  path: '/returns/{id}/exchange',
  summary: 'Operators: place an exchange\'s replacement order again (EXCHANGE_FAILED, or EXCHANGING and not yet placed), the same order however often; out of stock, it falls back to the refund',
  tags: ['returns'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/returns/retry-exchange.ts',
  pathParams: idPath,
  response: { status: 200, description: 'The return: EXCHANGED, RECEIVED / REFUNDED (the difference, or the fallback refund), or still EXCHANGE_FAILED', schema: returnViewSchema },
  errors: [404, 409],
});

export const returnRoutes = { requestReturn, listReturns, getReturn, decideReturn, recordReturnReceipt, retryReturnRefund, retryReturnExchange };

export type RequestReturnBody = z.output<typeof requestReturnBodySchema>;
export type ReturnView = z.input<typeof returnViewSchema>;
export type ReturnSummary = z.input<typeof returnSummarySchema>;

/* ---------- return-lifecycle workflow task inputs ---------- */

export const returnTaskInput = z.object({ returnId: ulidSchema, correlationId: z.string().check(z.minLength(1)) });
export const returnWaitTaskInput = z.extend(returnTaskInput, { waitingFor: z.enum(['DECISION', 'PARCEL']), taskToken: z.string().check(z.minLength(1)) });
/** RecordRefundFailed: the refund step's error after its retries (the Catch's `Cause`). */
export const returnRefundFailedTaskInput = z.extend(returnTaskInput, { failure: z.optional(z.string()) });
/** FallBackToRefund: why the replacement could not be had (PlaceReplacementOrder's answer). */
export const returnFallBackTaskInput = z.extend(returnTaskInput, { reason: z.string().check(z.minLength(1)) });
