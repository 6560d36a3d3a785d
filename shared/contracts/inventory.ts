/** Inventory: stock levels per SKU (records are created when a product is first listed). */
import * as z from './z';
import { defineRoute } from './route';
import { isoDateTime, paginated, ulidSchema } from './common';
import { skuCodeSchema } from './catalog';
import { paginationQuery } from './pagination';

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

const getStock = defineRoute({
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
  }).check(z.refine((body) => !['RECEIVED', 'RETURNED_TO_STOCK', 'FOUND'].includes(body.reason) || body.quantity > 0, {
    path: ['quantity'],
    message: 'Receiving, returns and finds add units: the quantity must be positive',
  }), z.refine((body) => !['DAMAGED', 'LOST'].includes(body.reason) || body.quantity < 0, {
    path: ['quantity'],
    message: 'Damage and losses take units off: the quantity must be negative',
  }));

const adjustStock = defineRoute({
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

const listStockAlerts = defineRoute({
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

export const inventoryRoutes = { getStock, adjustStock, listStockAlerts };

export type StockView = z.input<typeof stockViewSchema>;
export type StockAlertView = z.input<typeof stockAlertSchema>;
