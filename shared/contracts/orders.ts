/**
 * Orders: quote, place, read, cancel, pack, and the carriers' tracking webhooks. Shapes live here; the
 * rules (pricing, shipping options, carrier choice, status machine, tracking) live in shared/domain/orders.
 */
import * as z from './z';
import { defineRoute } from './route';
import { isoDateTime, paginated, ulidSchema } from './common';
import { skuCodeSchema } from './common';
import { paginationQuery } from './pagination';
import { MAX_CART_LINES, MAX_QUANTITY, MIN_QUANTITY } from '../domain/orders/pricing';
import { ORDER_STATUSES } from '../domain/orders/order';
import { RETURN_STATUSES } from '../domain/returns/return';
import { SERVICE_LEVELS } from '../domain/orders/carriers';
import { TRACKING_STATUSES } from '../domain/orders/tracking';
import { looksLikeCardNumber, PAYMENT_TOKEN_PATTERN } from '../domain/orders/payments';

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

export const cartLinesSchema = z
  .array(
    z.strictObject({
      sku: skuCodeSchema,
      quantity: z.int().check(z.minimum(MIN_QUANTITY, `At least ${MIN_QUANTITY}`), z.maximum(MAX_QUANTITY, `At most ${MAX_QUANTITY} per line`)),
    }),
  ).check(z.minLength(1), z.maxLength(MAX_CART_LINES), z.superRefine((lines, ctx) => {
    const seen = new Set<string>();
    lines.forEach((line, index) => {
      if (seen.has(line.sku)) ctx.addIssue({ code: 'custom', path: [index, 'sku'], message: `SKU ${line.sku} is on two lines; add up the quantity` });
      seen.add(line.sku);
    });
  }));

export const addressSchema = z.strictObject({
  name: text(200),
  line1: text(200),
  line2: z.optional(text(200)),
  city: text(100),
  postalCode: z.string().check(z.trim(), z.regex(/^[A-Za-z0-9 -]{3,10}$/, 'A postal code, e.g. 10115')),
  country: z.string().check(z.regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code, e.g. DE')),
});

/** Coupon codes on the cart (promotions that need one apply only with it; shared/contracts/promotions.ts). */
export const couponCodesSchema = z.optional(z.array(z.string().check(z.regex(/^[A-Z0-9-]{4,32}$/, 'A coupon code: 4 to 32 capital letters, digits or -'))).check(z.maxLength(5)));

export const quoteBodySchema = z.strictObject({ lines: cartLinesSchema, destination: addressSchema, couponCodes: couponCodesSchema });

export const placeOrderBodySchema = z.strictObject({
  lines: cartLinesSchema,
  couponCodes: couponCodesSchema,
  shippingAddress: addressSchema,
  serviceLevel: z.enum(SERVICE_LEVELS),
  /**
   * A payment provider's opaque token for the customer's payment method (in the sandbox `tok_approve`,
   * `tok_decline`, …: docs/orders.md). A card number is refused (400) and never stored or logged.
   */
  paymentMethod: z
    .string()
    .check(
      z.maxLength(200),
      z.refine((value) => !looksLikeCardNumber(value), 'A card number is not accepted: send the payment provider\'s token for it (in the sandbox, e.g. tok_approve)'),
      z.refine((value) => looksLikeCardNumber(value) || PAYMENT_TOKEN_PATTERN.test(value), 'A payment token: tok_ followed by letters, digits or _ (e.g. tok_approve)'),
    )
    .register(z.globalRegistry, { pattern: PAYMENT_TOKEN_PATTERN.source, examples: ['tok_approve'] }),
});

const parcelDimensions = z.strictObject({ lengthMm: z.int().check(z.minimum(1), z.maximum(10_000)), widthMm: z.int().check(z.minimum(1), z.maximum(10_000)), heightMm: z.int().check(z.minimum(1), z.maximum(10_000)) });

/** One parcel; or, for an order packed in several, `parcels` each weighed (then `weightGrams` is their total). */
export const packedBodySchema = z
  .strictObject({
    weightGrams: z.int().check(z.minimum(1), z.maximum(1_000_000)),
    dimensions: parcelDimensions,
    parcels: z.optional(z.array(z.strictObject({ weightGrams: z.int().check(z.minimum(1), z.maximum(1_000_000)), dimensions: parcelDimensions })).check(z.minLength(1), z.maxLength(50))),
  }).check(z.refine((body) => !body.parcels || body.parcels.reduce((total, parcel) => total + parcel.weightGrams, 0) === body.weightGrams, {
    path: ['weightGrams'],
    message: 'must be the total of the parcels\' weights',
  }));

export const cancelBodySchema = z.strictObject({ reason: z.optional(text(500)) });

export const trackingWebhookBodySchema = z.strictObject({
  eventId: text(200),
  trackingNumber: text(100),
  status: z.enum(TRACKING_STATUSES),
  occurredAt: z.iso.datetime({ offset: true }),
  description: z.optional(text(500)),
});

/* ---------- views ---------- */

const money = z.object({ amount: z.int(), currency: z.string() });

const promotionLine = z.object({ promotionId: z.string(), name: z.string(), message: z.string() });

export const cartPriceSchema = z.object({
  currency: z.string(),
  lines: z.array(z.object({
    lineIndex: z.int(),
    sku: z.string(),
    quantity: z.int(),
    unitPrice: money,
    lineTotal: money,
    /** A free gift (price 0) and the promotion that gave it. */
    gift: z.optional(z.object({ promotionId: z.string() })),
    /** Each promotion's share of this line, and what the line costs after them (what a return refunds). */
    discountShares: z.optional(z.array(z.object({ promotionId: z.string(), amount: money }))),
    paid: z.optional(money),
  })),
  subtotal: money,
  discounts: z.array(z.object({ promotionId: z.string(), description: z.string(), amount: money, lineIndexes: z.array(z.int()), shares: z.optional(z.array(z.object({ lineIndex: z.int(), amount: money }))) })),
  discountTotal: money,
  shipping: money,
  /** What a shipping promotion took off the shipping. */
  shippingDiscount: z.optional(money),
  shippingOffer: z.optional(z.object({ promotionId: z.string(), percent: z.int(), explanation: z.string() })),
  total: money,
  /** Every promotion applied with its explanation, the ones almost earned, and why some did not apply. */
  promotions: z.optional(z.object({
    applied: z.array(z.object({ promotionId: z.string(), name: z.string(), explanation: z.string(), amount: money, couponCode: z.optional(z.string()), units: z.optional(z.int()) })),
    nearMisses: z.array(promotionLine),
    notes: z.array(z.object({ promotionId: z.string(), name: z.string(), reason: z.string(), message: z.string() })),
  })),
});

export const shippingOptionSchema = z.object({
  serviceLevel: z.enum(SERVICE_LEVELS),
  price: money,
  etaDate: z.iso.date(),
  carrierId: z.string(),
  carrierName: z.string(),
  warehouseId: z.string(),
  transitBusinessDays: z.int(),
  /** The price after the cart's shipping promotion (`price.shippingOffer`), when it has one. */
  priceAfterPromotions: z.optional(money),
  /** Only when the order ships in several parcels. */
  parcels: z.optional(z.array(z.object({ weightGrams: z.int(), price: money, lines: z.array(z.object({ sku: z.string(), quantity: z.int() })) }))),
});

export const quoteViewSchema = z.object({
  price: cartPriceSchema,
  region: z.string(),
  shippingOptions: z.array(shippingOptionSchema),
  unavailable: z.array(z.object({ serviceLevel: z.enum(SERVICE_LEVELS), reason: z.string(), detail: z.optional(z.string()) })),
  quotedAt: isoDateTime,
});

export const orderViewSchema = z.object({
  orderId: ulidSchema,
  customerId: z.string(),
  status: z.enum(ORDER_STATUSES),
  price: cartPriceSchema,
  shippingAddress: addressSchema,
  serviceLevel: z.enum(SERVICE_LEVELS),
  promisedBy: z.iso.date(),
  carrierId: z.optional(z.string()),
  payment: z.optional(
    z.object({ status: z.enum(['PENDING', 'AUTHORIZED', 'CAPTURED', 'VOIDED', 'DECLINED']), method: z.string(), amount: money })),
  shipments: z.array(
    z.object({
      carrierId: z.string(),
      trackingNumber: z.string(),
      labelUrl: z.string(),
      weightGrams: z.int(),
      createdAt: isoDateTime,
      tracking: z.object({ status: z.optional(z.enum(TRACKING_STATUSES)), lastProgressAt: z.optional(z.string()) }),
    }),
  ),
  timeline: z.array(z.object({ at: isoDateTime, status: z.enum(ORDER_STATUSES), reason: z.optional(z.string()), note: z.optional(z.string()) })),
  /** A group-buy order: the promotion and group it joined (docs/promotions.md, "Group buying"). */
  groupBuy: z.optional(z.object({ promotionId: ulidSchema, groupId: ulidSchema })),
  /** An exchange's replacement: the return it settles and the order returned from (docs/returns.md, "Exchanges"). */
  replacementFor: z.optional(z.object({ returnId: z.string(), orderId: z.string() })),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

export const orderSummarySchema = z.object({
  orderId: ulidSchema,
  customerId: z.string(),
  status: z.enum(ORDER_STATUSES),
  total: money,
  promisedBy: z.iso.date(),
  createdAt: isoDateTime,
});

const idPath = z.strictObject({ id: ulidSchema });

/* ---------- routes ---------- */

const quoteOrder = /* @__PURE__ */ defineRoute({
  operationId: 'quoteOrder',
  method: 'POST',
  path: '/orders/quote',
  summary: 'Price a cart from the catalogue and offer standard, express and same-day shipping with ETAs',
  tags: ['orders'],
  auth: { type: 'jwt', roles: ['customer', 'operator'] },
  handlerEntry: 'functions/orders/quote-order.ts',
  body: quoteBodySchema,
  response: { status: 200, description: 'The quote', schema: quoteViewSchema },
  idempotent: false,
  errors: [422],
});

const placeOrder = /* @__PURE__ */ defineRoute({
  operationId: 'placeOrder',
  method: 'POST',
  path: '/orders',
  summary: 'Place an order (Idempotency-Key required): re-priced on the server, its stock reserved and its payment authorized before the answer; then packed and shipped',
  tags: ['orders'],
  auth: { type: 'jwt', roles: ['customer'] },
  handlerEntry: 'functions/orders/place-order.ts',
  body: placeOrderBodySchema,
  requireIdempotencyKey: true,
  // Placing prices the cart and writes a transaction: 20 at once, beyond that 429 (retry the same key).
  concurrency: 20,
  response: { status: 201, description: 'Accepted: stock reserved, payment authorized, AWAITING_PACKING (Location: /orders/{id}); a retry with the same key answers the same order', schema: orderViewSchema },
  // 402 PaymentDeclined, 409 OutOfStock (shortSkus) / NoCarrierAvailable / PromotionUnavailable, 503 PaymentUnavailable.
  errors: [402, 409, 422, 429, 503],
});

const listOrders = /* @__PURE__ */ defineRoute({
  operationId: 'listOrders',
  method: 'GET',
  path: '/orders',
  summary: 'Customers: their own orders, newest first, or the one an Idempotency-Key placed (?idempotencyKey=). Operators and the warehouse: orders by status (AWAITING_PACKING by default)',
  tags: ['orders'],
  auth: { type: 'jwt', roles: ['customer', 'operator', 'warehouse'] },
  handlerEntry: 'functions/orders/list-orders.ts',
  query: z.strictObject({
    status: z.optional(z.enum(ORDER_STATUSES)),
    /** Customers: the order their `POST /orders` with this Idempotency-Key placed (0 or 1 items). */
    idempotencyKey: z.optional(z.string().check(z.regex(/^[\x20-\x7E]{1,255}$/, '1 to 255 printable ASCII characters'))),
    ...paginationQuery,
  }),
  response: { status: 200, description: 'A page of orders', schema: paginated(orderSummarySchema) },
});

const getOrder = /* @__PURE__ */ defineRoute({
  operationId: 'getOrder',
  method: 'GET',
  path: '/orders/{id}',
  summary: 'An order with its status, timeline, shipments and tracking (its customer, operators, the warehouse)',
  tags: ['orders'],
  auth: { type: 'jwt', roles: ['customer', 'operator', 'warehouse'] },
  handlerEntry: 'functions/orders/get-order.ts',
  pathParams: idPath,
  response: { status: 200, description: 'The order', schema: orderViewSchema },
  errors: [404],
});

const cancelOrder = /* @__PURE__ */ defineRoute({
  operationId: 'cancelOrder',
  method: 'POST',
  path: '/orders/{id}/cancel',
  summary: 'Cancel before packing: stock released, payment voided. After shipment: 409, return it instead',
  tags: ['orders'],
  auth: { type: 'jwt', roles: ['customer', 'operator'] },
  handlerEntry: 'functions/orders/cancel-order.ts',
  pathParams: idPath,
  body: cancelBodySchema,
  response: { status: 202, description: 'Cancelled; stock and payment are released', schema: orderViewSchema },
  errors: [404, 409],
});

const markOrderPacked = /* @__PURE__ */ defineRoute({
  operationId: 'markOrderPacked',
  method: 'POST',
  path: '/orders/{id}/packed',
  summary: 'Warehouse: the order is picked and packed (package weight and dimensions); shipping follows',
  tags: ['orders'],
  auth: { type: 'jwt', roles: ['warehouse'] },
  handlerEntry: 'functions/orders/mark-packed.ts',
  pathParams: idPath,
  body: packedBodySchema,
  response: { status: 202, description: 'Packed; the workflow creates the shipment', schema: orderViewSchema },
  errors: [404, 409],
});

const receiveCarrierWebhook = /* @__PURE__ */ defineRoute({
  operationId: 'receiveCarrierWebhook',
  method: 'POST',
  path: '/carrier-webhooks/{carrier}',
  summary: "Carrier tracking updates, signed with the carrier's own secret: X-Signature: sha256=<hex HMAC of '<X-Signature-Timestamp>.<body>'>, the timestamp within 5 minutes; replays and any order are fine",
  tags: ['orders'],
  auth: {
    type: 'hmac',
    header: 'x-signature',
    secretEnv: 'CARRIER_WEBHOOK_SECRETS',
    secretFor: 'carrier',
    timestamp: { header: 'x-signature-timestamp', toleranceSeconds: 300 },
  },
  handlerEntry: 'functions/orders/carrier-webhook.ts',
  pathParams: z.strictObject({ carrier: z.string().check(z.regex(/^[a-z0-9-]{2,40}$/, 'A carrier id, e.g. rheinpost')) }),
  body: trackingWebhookBodySchema,
  // Replays are recognised by the carrier's eventId, whatever the headers say.
  idempotent: false,
  response: {
    status: 200,
    description: "Recorded (or recognised as a replay): the order's parcel, or a return label's parcel on its way back",
    schema: z.union([z.object({ orderId: ulidSchema, effect: z.string(), status: z.enum(ORDER_STATUSES) }), z.object({ returnId: ulidSchema, effect: z.string(), status: z.enum(RETURN_STATUSES) })]),
  },
  errors: [404],
});

export const orderRoutes = { quoteOrder, placeOrder, listOrders, getOrder, cancelOrder, markOrderPacked, receiveCarrierWebhook };

export type OrderView = z.input<typeof orderViewSchema>;
export type QuoteView = z.input<typeof quoteViewSchema>;
export type OrderSummary = z.input<typeof orderSummarySchema>;

/* ---------- order workflow task inputs ---------- */

export const orderTaskInput = z.object({ orderId: ulidSchema, correlationId: z.string().check(z.minLength(1)) });
