/**
 * Purchase orders of the restock workflow: operators decide on the ones awaiting approval, the warehouse
 * receives the goods (with the QC sample's defects per lot). The rules live in
 * shared/domain/inventory/purchase-order.ts and receipts.ts; the process in workflows/restock/definition.ts.
 */
import * as z from './z';
import { defineRoute } from './route';
import { isoDateTime, moneySchema, paginated, ulidSchema } from './common';
import { skuCodeSchema } from './common';
import { warehouseIdSchema } from './inventory';
import { paginationQuery } from './pagination';
import { PURCHASE_ORDER_STATUSES } from '../domain/inventory/purchase-order';

const idPath = z.strictObject({ id: ulidSchema });

const inspectionSchema = z.object({
  codeLetter: z.string(),
  sampleSize: z.int(),
  acceptNumber: z.int(),
  rejectNumber: z.int(),
  defectsFound: z.int(),
  verdict: z.enum(['ACCEPTED', 'REJECTED']),
});

export const purchaseOrderViewSchema = z.object({
  purchaseOrderId: ulidSchema,
  supplierId: z.string(),
  supplierStanding: z.string(),
  status: z.enum(PURCHASE_ORDER_STATUSES),
  lines: z.array(
    z.object({ sku: z.string(), quantityOrdered: z.int(), unitCost: moneySchema, quantityAccepted: z.int(), quantityRejected: z.int() }),
  ),
  total: moneySchema,
  aql: z.string(),
  leadTimeDays: z.number(),
  createdAt: isoDateTime,
  approval: z.optional(
    z.object({ route: z.string(), reason: z.string(), decidedBy: z.optional(z.string()), decidedAt: z.optional(isoDateTime), note: z.optional(z.string()) }),
  ),
  /** When an operator must have decided by (orders awaiting approval). */
  decideBy: z.optional(isoDateTime),
  sentAt: z.optional(isoDateTime),
  expectedBy: z.optional(isoDateTime),
  overdueAt: z.optional(isoDateTime),
  receipts: z.array(
    z.object({
      receiptId: z.string(),
      receivedAt: isoDateTime,
      receivedBy: z.string(),
      /** Where the accepted units went on hand. */
      warehouseId: z.optional(z.string()),
      lines: z.array(z.object({ sku: z.string(), quantity: z.int(), inspection: inspectionSchema })),
    }),
  ),
  closedAt: z.optional(isoDateTime),
  /** Why an operator closed it short. */
  closeReason: z.optional(z.string()),
  cancelledAt: z.optional(isoDateTime),
  cancelReason: z.optional(z.string()),
  performance: z.optional(
    z.object({ unitsOrdered: z.int(), unitsAccepted: z.int(), fillRate: z.number(), onTime: z.optional(z.boolean()), leadTimeDays: z.optional(z.number()) }),
  ),
  updatedAt: isoDateTime,
});

export const purchaseOrderSummarySchema = z.object({
  purchaseOrderId: ulidSchema,
  supplierId: z.string(),
  status: z.enum(PURCHASE_ORDER_STATUSES),
  skus: z.array(z.string()),
  total: moneySchema,
  createdAt: isoDateTime,
  expectedBy: z.optional(isoDateTime),
  overdueAt: z.optional(isoDateTime),
});

export const purchaseOrderDecisionBodySchema = z.strictObject({
  approve: z.boolean(),
  note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500))),
});

/** Quantities are checked here (whole, not negative); what the order still owes is the domain's to say (422). */
export const goodsReceiptBodySchema = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        sku: skuCodeSchema,
        /** Units in this lot, counted at the dock. */
        quantity: z.int().check(z.minimum(1, 'At least 1'), z.maximum(1_000_000)),
        /** Defective units QC found in the sample ISO 2859-1 asks for (the view shows its size). */
        defectsFound: z.int().check(z.minimum(0, 'Zero or more'), z.maximum(1_000_000)),
      }),
    )
    .check(z.minLength(1), z.maxLength(100)),
  /** The warehouse that took the goods in (default: the store's default warehouse, docs/inventory.md). */
  warehouseId: z.optional(warehouseIdSchema),
});

const listPurchaseOrders = /* @__PURE__ */ defineRoute({
  operationId: 'listPurchaseOrders',
  method: 'GET',
  path: '/purchase-orders',
  summary: 'Purchase orders by status, newest first: PENDING_APPROVAL by default for operators, SENT (goods expected) for the warehouse',
  tags: ['inventory'],
  auth: { type: 'jwt', roles: ['operator', 'warehouse'] },
  handlerEntry: 'functions/inventory/list-purchase-orders.ts',
  query: z.strictObject({ status: z.optional(z.enum(PURCHASE_ORDER_STATUSES)), ...paginationQuery }),
  response: { status: 200, description: 'A page of purchase orders', schema: paginated(purchaseOrderSummarySchema) },
});

const getPurchaseOrder = /* @__PURE__ */ defineRoute({
  operationId: 'getPurchaseOrder',
  method: 'GET',
  path: '/purchase-orders/{id}',
  summary: 'A purchase order with its lines, approval, receipts and their QC inspections',
  tags: ['inventory'],
  auth: { type: 'jwt', roles: ['operator', 'warehouse'] },
  handlerEntry: 'functions/inventory/get-purchase-order.ts',
  pathParams: idPath,
  response: { status: 200, description: 'The purchase order', schema: purchaseOrderViewSchema },
  errors: [404],
});

const decidePurchaseOrder = /* @__PURE__ */ defineRoute({
  operationId: 'decidePurchaseOrder',
  method: 'POST',
  path: '/purchase-orders/{id}/decision',
  summary: 'Approve or reject a purchase order awaiting approval; the restock workflow sends it or ends',
  tags: ['inventory'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/inventory/decide-purchase-order.ts',
  pathParams: idPath,
  body: purchaseOrderDecisionBodySchema,
  response: { status: 202, description: 'Decision recorded; the restock workflow resumes', schema: purchaseOrderViewSchema },
  errors: [404, 409],
});

const receiveGoods = /* @__PURE__ */ defineRoute({
  operationId: 'receiveGoods',
  method: 'POST',
  path: '/purchase-orders/{id}/receipts',
  summary: 'Warehouse: goods received on a sent purchase order, per lot with its QC sample; accepted units go on hand',
  tags: ['inventory'],
  auth: { type: 'jwt', roles: ['warehouse'] },
  handlerEntry: 'functions/inventory/receive-goods.ts',
  pathParams: idPath,
  body: goodsReceiptBodySchema,
  response: { status: 201, description: 'Receipt recorded (a rejected lot is still owed); the view shows each inspection', schema: purchaseOrderViewSchema },
  errors: [404, 409, 422],
});

/** Why an operator ends an order waiting for goods (the supplier cannot deliver, the range was dropped…). */
export const purchaseOrderCloseBodySchema = z.strictObject({
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
});

const closePurchaseOrder = /* @__PURE__ */ defineRoute({
  operationId: 'closePurchaseOrder',
  method: 'POST',
  path: '/purchase-orders/{id}/close',
  summary: 'Operator: end an order waiting for goods — cancelled when nothing was received, closed short when some was; the restock workflow ends',
  tags: ['inventory'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/inventory/end-purchase-order.ts',
  pathParams: idPath,
  body: purchaseOrderCloseBodySchema,
  response: { status: 200, description: 'The order, CANCELLED or CLOSED (short, with its delivery performance)', schema: purchaseOrderViewSchema },
  errors: [404, 409],
});

export const purchaseOrderRoutes = { listPurchaseOrders, getPurchaseOrder, decidePurchaseOrder, receiveGoods, closePurchaseOrder };

export type PurchaseOrderView = z.input<typeof purchaseOrderViewSchema>;
export type PurchaseOrderSummary = z.input<typeof purchaseOrderSummarySchema>;

/* ---------- restock workflow task inputs ---------- */

/** Every restock task gets the SKU, the correlation id and its execution's name (the purchase order's guard). */
export const restockTaskInput = z.object({
  sku: skuCodeSchema,
  correlationId: z.string().check(z.minLength(1)),
  executionName: z.string().check(z.minLength(1)),
});

export const tokenTaskInput = z.extend(restockTaskInput, { taskToken: z.string().check(z.minLength(1)) });
