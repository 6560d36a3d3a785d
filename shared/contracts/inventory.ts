/** Inventory: stock levels per SKU (records are created when a product is first listed). */
import * as z from './z';
import { defineRoute } from './route';
import { isoDateTime, paginated, ulidSchema } from './common';
import { skuCodeSchema } from './common';
import { paginationQuery } from './pagination';

/** A warehouse's id, as `PUT /warehouses/{id}` takes it. */
export const warehouseIdSchema = z.string().check(z.regex(/^[a-z0-9-]{2,40}$/, 'Lower-case letters, digits and dashes'));

export const stockViewSchema = z.object({
  sku: z.string(),
  productId: ulidSchema,
  supplierId: ulidSchema,
  onHand: z.int(),
  reserved: z.int(),
  available: z.int(),
  safetyStock: z.int(),
  /** At or below it the SKU is low; the safety stock until the nightly reorder policy sets it. */
  reorderPoint: z.int(),
  /** While the SKU is low: since when (its low-stock episode). */
  lowSince: z.optional(isoDateTime),
  /** The purchase order a restock has open for it. */
  openPurchaseOrderId: z.optional(z.string()),
  /** The nightly reorder policy and the inputs that produced it (absent until it first ran for the SKU). */
  policy: z.optional(
    z.object({
      computedAt: isoDateTime,
      reorderPoint: z.int(),
      reorderQuantity: z.int(),
      safetyStock: z.int(),
      serviceLevel: z.number(),
      forecast: z.object({
        method: z.string(),
        dailyDemand: z.number(),
        trendPerDay: z.number(),
        sigmaDaily: z.number(),
        historyDays: z.int(),
        source: z.optional(z.enum(['ANALYTICS', 'INVENTORY'])),
        mase: z.optional(z.number()),
      }),
      /** Promised (the terms), observed (the supplier's recent deliveries, newest first; their mean and weight) and used. */
      leadTime: z.object({
        leadTimeDays: z.number(),
        basis: z.string(),
        termsLeadTimeDays: z.number(),
        observedLeadTimesDays: z.optional(z.array(z.number())),
        observedMeanDays: z.optional(z.number()),
        observedWeight: z.optional(z.number()),
      }),
      reviewPeriodDays: z.number(),
      minimumOrderQuantity: z.int(),
      /** Units per pack the supplier ships the SKU in (1 when its terms name none). */
      packSize: z.optional(z.int()),
      available: z.optional(z.int()),
      /** Units the open purchase order still owes (ordered − accepted). */
      onOrder: z.optional(z.int()),
      inventoryPosition: z.optional(z.int()),
    }),
  ),
  /** Units sent between warehouses and not received yet (counted in on hand, not available). */
  inTransit: z.optional(z.int()),
  /** While on quality hold: not sold, not restocked, until an operator releases it (POST /inventory/{sku}/quality-hold/release). */
  qualityHold: z.optional(
    z.object({ since: isoDateTime, supplierId: z.string(), incidents: z.int(), windowDays: z.number(), lots: z.array(z.string()), refs: z.array(z.string()) }),
  ),
  /** The last release from quality hold: incidents before it no longer count. */
  qualityHoldReleasedAt: z.optional(isoDateTime),
  /** The SKU per warehouse holding it (absent before its first movement placed it: all its units may then be drawn from any warehouse). */
  warehouses: z.optional(z.array(z.object({ warehouseId: z.string(), onHand: z.int(), reserved: z.int(), available: z.int(), inTransitIn: z.int() }))),
  updatedAt: isoDateTime,
});

export const stockAlertSchema = z.object({
  sku: z.string(),
  /** When the SKU went low (its episode). */
  lowSince: isoDateTime,
  availableAtOpening: z.int(),
  reorderPoint: z.int(),
  /** Units available now. */
  available: z.int(),
  /** When the alert job told ops (once per episode); absent until its next run. */
  alertedAt: z.optional(isoDateTime),
  /** When the alert job asked for a restock (absent: a purchase order was already open, or not yet). */
  restockRequestedAt: z.optional(isoDateTime),
});

const getStock = /* @__PURE__ */ defineRoute({
  operationId: 'getStock',
  method: 'GET',
  path: '/inventory/{sku}',
  summary: 'Stock of a SKU: on hand, reserved, available, safety stock (a supplier user: its own SKUs)',
  tags: ['inventory'],
  auth: { type: 'jwt', roles: ['operator', 'warehouse', 'supplier'] },
  handlerEntry: 'functions/inventory/get-stock.ts',
  pathParams: z.strictObject({ sku: skuCodeSchema }),
  response: { status: 200, description: 'The stock level', schema: stockViewSchema },
  errors: [404],
});

export const ADJUSTMENT_REASONS = ['RECEIVED', 'RETURNED_TO_STOCK', 'FOUND', 'DAMAGED', 'LOST', 'CORRECTION'] as const;

export const adjustmentBodySchema = z
  .strictObject({
    /** Units added (positive: received, found) or taken off (negative: damaged, lost). */
    quantity: z.int().check(z.minimum(-1_000_000), z.maximum(1_000_000), z.refine((quantity) => quantity !== 0, 'Must not be 0')),
    reason: z.enum(ADJUSTMENT_REASONS),
    note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500))),
    /** The warehouse whose stock changes (default: the store's default warehouse, the first in id order). */
    warehouseId: z.optional(warehouseIdSchema),
  }).check(z.refine((body) => !['RECEIVED', 'RETURNED_TO_STOCK', 'FOUND'].includes(body.reason) || body.quantity > 0, {
    path: ['quantity'],
    message: 'Receiving, returns and finds add units: the quantity must be positive',
  }), z.refine((body) => !['DAMAGED', 'LOST'].includes(body.reason) || body.quantity < 0, {
    path: ['quantity'],
    message: 'Damage and losses take units off: the quantity must be negative',
  }));

const adjustStock = /* @__PURE__ */ defineRoute({
  operationId: 'adjustStock',
  method: 'POST',
  path: '/inventory/{sku}/adjustments',
  summary: 'Receive or write off units of a SKU (never below what orders have reserved)',
  tags: ['inventory'],
  auth: { type: 'jwt', roles: ['operator', 'warehouse'] },
  handlerEntry: 'functions/inventory/adjust-stock.ts',
  pathParams: z.strictObject({ sku: skuCodeSchema }),
  body: adjustmentBodySchema,
  response: { status: 200, description: 'The stock level after the adjustment', schema: stockViewSchema },
  errors: [404, 409],
});

const listStockAlerts = /* @__PURE__ */ defineRoute({
  operationId: 'listStockAlerts',
  method: 'GET',
  path: '/inventory/alerts',
  summary: 'The SKUs that are low now (at or below their reorder point), the longest low first',
  tags: ['inventory'],
  auth: { type: 'jwt', roles: ['operator', 'warehouse'] },
  handlerEntry: 'functions/inventory/list-stock-alerts.ts',
  query: z.strictObject({ ...paginationQuery }),
  response: { status: 200, description: 'A page of open low-stock alerts', schema: paginated(stockAlertSchema) },
});

/* ---------- cycle counts (docs/inventory.md, "Cycle counts in the running system") ---------- */

const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'A date is YYYY-MM-DD'));
const abcClassSchema = z.enum(['A', 'B', 'C']);
export const COUNT_OUTCOMES = ['ADJUSTED', 'MATCHED', 'RECOUNT'] as const;

export const countListEntrySchema = z.object({
  sku: z.string(),
  date: isoDate,
  abcClass: abcClassSchema,
  counted: z.boolean(),
  /** How the day's count came out, once counted. */
  outcome: z.optional(z.enum(COUNT_OUTCOMES)),
  countedBy: z.optional(z.string()),
  countedAt: z.optional(isoDateTime),
});

const stockCountsSchema = z.object({ onHand: z.int(), reserved: z.int(), available: z.int() });

export const countResultSchema = z.object({
  date: isoDate,
  lines: z.array(
    z.object({
      sku: z.string(),
      /** The warehouse counted; absent for a count of the whole SKU. */
      warehouseId: z.optional(z.string()),
      outcome: z.enum(COUNT_OUTCOMES),
      abcClass: abcClassSchema,
      /** counted − on hand. */
      variance: z.int(),
      reason: z.string(),
      before: stockCountsSchema,
      /** The record after the count (as before for a recount). */
      after: stockCountsSchema,
    }),
  ),
});

export const countBodySchema = z
  .strictObject({
    /** The count list the counts belong to (default: today, UTC). */
    date: z.optional(isoDate),
    lines: z
      .array(
        z.strictObject({
          sku: skuCodeSchema,
          counted: z.int().check(z.minimum(0), z.maximum(10_000_000)),
          /** The warehouse whose shelves were counted; without one, the count is of the whole SKU. */
          warehouseId: z.optional(warehouseIdSchema),
        }),
      )
      .check(z.minLength(1), z.maxLength(25)),
    note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500))),
  })
  .check(
    z.refine((body) => new Set(body.lines.map((line) => `${line.sku}@${line.warehouseId ?? ''}`)).size === body.lines.length, {
      path: ['lines'],
      message: 'Each SKU is counted once per warehouse per request',
    }),
  );

const listCounts = /* @__PURE__ */ defineRoute({
  operationId: 'listCounts',
  method: 'GET',
  path: '/inventory/counts',
  summary: "A day's cycle-count list (default today, UTC): each SKU with its ABC class and whether it was counted",
  tags: ['inventory'],
  auth: { type: 'jwt', roles: ['warehouse', 'operator'] },
  handlerEntry: 'functions/inventory/list-counts.ts',
  query: z.strictObject({ date: z.optional(isoDate), ...paginationQuery }),
  response: { status: 200, description: 'A page of the count list, in SKU order', schema: paginated(countListEntrySchema) },
});

const recordCounts = /* @__PURE__ */ defineRoute({
  operationId: 'recordCounts',
  method: 'POST',
  path: '/inventory/counts',
  summary: 'Record cycle counts: within tolerance the stock is adjusted (audited), beyond it a recount is asked for',
  tags: ['inventory'],
  auth: { type: 'jwt', roles: ['warehouse'] },
  handlerEntry: 'functions/inventory/record-counts.ts',
  body: countBodySchema,
  response: { status: 200, description: 'Per line: ADJUSTED, MATCHED or RECOUNT, with the stock before and after', schema: countResultSchema },
  errors: [409],
});

/* ---------- the audit trail and transfers (docs/inventory.md, "Stock per warehouse") ---------- */

const levelsSchema = z.object({ onHand: z.int(), reserved: z.int() });

export const movementSchema = z.object({
  sku: z.string(),
  /** Absent on count records written before stock was kept per warehouse. */
  warehouseId: z.optional(z.string()),
  kind: z.string(),
  /** A user's `sub`, or the process that moved the stock (`order-fulfilment`). */
  actor: z.string(),
  at: isoDateTime,
  reason: z.string(),
  /** The order, purchase order (and receipt), adjustment, count or transfer it belongs to. */
  ref: z.optional(z.string()),
  delta: z.optional(levelsSchema),
  /** Absent on an order's reserve, release and ship (they add their delta without comparing counts: docs/inventory.md). */
  before: z.optional(levelsSchema),
  after: z.optional(levelsSchema),
  /** This movement placed a total without a warehouse breakdown in this warehouse. */
  placed: z.optional(z.boolean()),
});

const listMovements = /* @__PURE__ */ defineRoute({
  operationId: 'listStockMovements',
  method: 'GET',
  path: '/inventory/{sku}/movements',
  summary: "A SKU's audit trail, newest first: every movement per warehouse with who, when, why, before and after",
  tags: ['inventory'],
  auth: { type: 'jwt', roles: ['operator', 'warehouse'] },
  handlerEntry: 'functions/inventory/list-movements.ts',
  pathParams: z.strictObject({ sku: skuCodeSchema }),
  query: z.strictObject({ ...paginationQuery }),
  response: { status: 200, description: 'A page of audit rows, newest first', schema: paginated(movementSchema) },
  errors: [404],
});

export const transferSchema = z.object({
  transferId: z.string(),
  sku: z.string(),
  from: z.string(),
  to: z.string(),
  quantity: z.int(),
  reason: z.string(),
  status: z.enum(['IN_TRANSIT', 'RECEIVED']),
  requestedBy: z.string(),
  requestedAt: isoDateTime,
  receivedBy: z.optional(z.string()),
  receivedAt: z.optional(isoDateTime),
});

export const transferBodySchema = z
  .strictObject({
    sku: skuCodeSchema,
    from: warehouseIdSchema,
    to: warehouseIdSchema,
    quantity: z.int().check(z.minimum(1), z.maximum(1_000_000)),
    reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
  })
  .check(z.refine((body) => body.from !== body.to, { path: ['to'], message: 'A transfer goes to another warehouse' }));

const startTransfer = /* @__PURE__ */ defineRoute({
  operationId: 'startStockTransfer',
  method: 'POST',
  path: '/inventory/transfers',
  summary: 'Send units of a SKU from one warehouse to another: out of `from` now, in transit until the receipt',
  tags: ['inventory'],
  auth: { type: 'jwt', roles: ['operator', 'warehouse'] },
  handlerEntry: 'functions/inventory/start-transfer.ts',
  body: transferBodySchema,
  response: { status: 201, description: 'The transfer, in transit', schema: transferSchema },
  errors: [404, 409],
});

const receiveTransfer = /* @__PURE__ */ defineRoute({
  operationId: 'receiveStockTransfer',
  method: 'POST',
  path: '/inventory/transfers/{id}/receipt',
  summary: 'The receiving warehouse took in a transfer: its units go on hand there',
  tags: ['inventory'],
  auth: { type: 'jwt', roles: ['warehouse'] },
  handlerEntry: 'functions/inventory/receive-transfer.ts',
  pathParams: z.strictObject({ id: ulidSchema }),
  response: { status: 200, description: 'The transfer, received', schema: transferSchema },
  errors: [404, 409],
});

const releaseQualityHold = /* @__PURE__ */ defineRoute({
  operationId: 'releaseQualityHold',
  method: 'POST',
  path: '/inventory/{sku}/quality-hold/release',
  summary: 'Operators: release a SKU from quality hold (sold and restocked again); its incidents count afresh from now',
  tags: ['inventory'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/inventory/release-quality-hold.ts',
  pathParams: z.strictObject({ sku: skuCodeSchema }),
  body: z.strictObject({ note: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)) }),
  response: { status: 200, description: 'The stock level, no longer on hold', schema: stockViewSchema },
  errors: [404, 409],
});

export const inventoryRoutes = { getStock, adjustStock, releaseQualityHold, listStockAlerts, listCounts, recordCounts, listMovements, startTransfer, receiveTransfer };

export type StockView = z.input<typeof stockViewSchema>;
export type StockAlertView = z.input<typeof stockAlertSchema>;
export type CountListEntryView = z.input<typeof countListEntrySchema>;
export type CountResult = z.input<typeof countResultSchema>;
export type MovementView = z.input<typeof movementSchema>;
export type TransferView = z.input<typeof transferSchema>;
export type CountOutcomeName = (typeof COUNT_OUTCOMES)[number];
