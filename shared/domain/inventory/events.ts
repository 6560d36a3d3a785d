/**
 * Domain events of inventory, as drafts (the outbox stamps id, time and correlation id). Every `summary`
 * is one sentence a person reads in a notification. The source is the one orders/events.ts already uses
 * for StockLow, so rules keep matching when those events move here.
 */
import type { DomainEventDraft } from '../events';
import { formatMoney } from '../money';
import type { CountAudit } from './cycle-count';
import type { LowStockAlertLine, StockPosition } from './low-stock';
import type { StockTransfer } from './warehouse-stock';
import type { ApprovalReason, DeliveryPerformance, GoodsReceiptLine, PurchaseOrder } from './purchase-order';

export const INVENTORY_EVENTS_SOURCE = 'commerce.inventory';

export const INVENTORY_EVENT_TYPES = [
  'StockLow',
  'StockRestored',
  'LowStockAlert',
  'PurchaseOrderCreated',
  'PurchaseOrderAwaitingApproval',
  'PurchaseOrderApproved',
  'PurchaseOrderRejected',
  'PurchaseOrderSent',
  'PurchaseOrderCancelled',
  'PurchaseOrderOverdue',
  'GoodsReceived',
  'LotRejected',
  'PurchaseOrderClosed',
  'CountVarianceAdjusted',
  'RecountRequested',
  'RestockRequested',
  'PurchaseOrderApprovalReminderDue',
  'RestockNotPossible',
  'RestockFailed',
  'ReorderPolicyRequested',
  'StockTransferSent',
  'StockTransferReceived',
  'SkuQualityHoldPlaced',
  'SkuQualityHoldReleased',
] as const;
export type InventoryEventType = (typeof INVENTORY_EVENT_TYPES)[number];

const draft = <D extends { summary: string }>(detailType: InventoryEventType, detail: D): DomainEventDraft<D> => ({
  source: INVENTORY_EVENTS_SOURCE,
  detailType,
  detail,
});

export const stockLow = (position: StockPosition, daysOfCover: number | null) =>
  draft('StockLow', {
    sku: position.sku,
    available: position.available,
    reorderPoint: position.reorderPoint,
    daysOfCover,
    summary: `SKU ${position.sku} is down to ${position.available} available, at or below its reorder point ${position.reorderPoint}${daysOfCover === null ? '' : ` (${daysOfCover} days of cover)`}.`,
  });

export const stockRestored = (position: StockPosition, lowSince: string) =>
  draft('StockRestored', {
    sku: position.sku,
    available: position.available,
    reorderPoint: position.reorderPoint,
    lowSince,
    summary: `SKU ${position.sku} is back above its reorder point ${position.reorderPoint} with ${position.available} available.`,
  });

const subject = (order: PurchaseOrder) => ({
  purchaseOrderId: order.purchaseOrderId,
  supplierId: order.supplierId,
  status: order.status,
  total: order.total,
});
const named = (order: PurchaseOrder) => `Purchase order ${order.purchaseOrderId} (${formatMoney(order.total)}, supplier ${order.supplierId})`;

export const purchaseOrderCreated = (order: PurchaseOrder) =>
  draft('PurchaseOrderCreated', {
    ...subject(order),
    lines: order.lines.map(({ sku, quantityOrdered }) => ({ sku, quantity: quantityOrdered })),
    summary: `${named(order)} was drafted.`,
  });

const WHY_APPROVAL: Record<ApprovalReason, string> = {
  WITHIN_LIMIT: 'it is within the auto-approval limit',
  OVER_LIMIT: 'it is over the auto-approval limit',
  SUPPLIER_ON_PROBATION: 'the supplier is on probation',
};

export const purchaseOrderAwaitingApproval = (order: PurchaseOrder, reason: ApprovalReason) =>
  draft('PurchaseOrderAwaitingApproval', { ...subject(order), reason, summary: `${named(order)} needs an operator's approval because ${WHY_APPROVAL[reason]}.` });

export const purchaseOrderApproved = (order: PurchaseOrder) =>
  draft('PurchaseOrderApproved', {
    ...subject(order),
    route: order.approval?.route,
    approvedBy: order.approval?.decidedBy,
    summary: `${named(order)} was approved${order.approval?.route === 'AUTO' ? ` automatically because ${WHY_APPROVAL.WITHIN_LIMIT}` : ` by ${order.approval?.decidedBy}`}.`,
  });

export const purchaseOrderRejected = (order: PurchaseOrder) =>
  draft('PurchaseOrderRejected', {
    ...subject(order),
    rejectedBy: order.approval?.decidedBy,
    note: order.approval?.note,
    summary: `${named(order)} was rejected by ${order.approval?.decidedBy}${order.approval?.note ? `: ${order.approval.note}` : ''}.`,
  });

export const purchaseOrderSent = (order: PurchaseOrder) =>
  draft('PurchaseOrderSent', { ...subject(order), expectedBy: order.expectedBy, summary: `${named(order)} was sent; goods are expected by ${order.expectedBy}.` });

export const purchaseOrderCancelled = (order: PurchaseOrder, by: string) =>
  draft('PurchaseOrderCancelled', { ...subject(order), cancelledBy: by, reason: order.cancelReason, summary: `${named(order)} was cancelled (${order.cancelReason}).` });

export const purchaseOrderOverdue = (order: PurchaseOrder) =>
  draft('PurchaseOrderOverdue', { ...subject(order), expectedBy: order.expectedBy, summary: `${named(order)} is overdue: goods were expected by ${order.expectedBy}.` });

export const goodsReceived = (order: PurchaseOrder, receiptId: string, accepted: readonly GoodsReceiptLine[]) =>
  draft('GoodsReceived', {
    ...subject(order),
    receiptId,
    accepted: accepted.map(({ sku, quantity }) => ({ sku, quantity })),
    summary: `${named(order)}: ${accepted.map(({ sku, quantity }) => `${quantity} × ${sku}`).join(', ')} received and accepted${order.status === 'RECEIVED' ? '; the order is complete' : ''}.`,
  });

export const lotRejected = (order: PurchaseOrder, receiptId: string, lot: GoodsReceiptLine) =>
  draft('LotRejected', {
    ...subject(order),
    receiptId,
    sku: lot.sku,
    quantity: lot.quantity,
    inspection: lot.inspection,
    summary: `QC rejected a lot of ${lot.quantity} × ${lot.sku} on purchase order ${order.purchaseOrderId}: ${lot.inspection.defectsFound} defects in a sample of ${lot.inspection.sampleSize} (reject at ${lot.inspection.rejectNumber}); a quality incident is recorded against supplier ${order.supplierId}.`,
  });

export const purchaseOrderClosed = (order: PurchaseOrder, by: string, performance: DeliveryPerformance) =>
  draft('PurchaseOrderClosed', {
    ...subject(order),
    closedBy: by,
    performance,
    summary: `${named(order)} was closed with ${performance.unitsAccepted} of ${performance.unitsOrdered} units accepted.`,
  });

export const countVarianceAdjusted = (audit: CountAudit) =>
  draft('CountVarianceAdjusted', {
    ...audit,
    summary: `Count of SKU ${audit.sku} adjusted on hand from ${audit.before.onHand} to ${audit.after.onHand} (${audit.reason}).`,
  });

/** Units left `from` for `to` (in transit: on hand in the total, available nowhere until received). */
export const stockTransferSent = (transfer: StockTransfer) =>
  draft('StockTransferSent', {
    transferId: transfer.transferId,
    sku: transfer.sku,
    from: transfer.from,
    to: transfer.to,
    quantity: transfer.quantity,
    reason: transfer.reason,
    summary: `${transfer.quantity} units of SKU ${transfer.sku} sent from ${transfer.from} to ${transfer.to} (${transfer.reason}).`,
  });

export const stockTransferReceived = (transfer: StockTransfer) =>
  draft('StockTransferReceived', {
    transferId: transfer.transferId,
    sku: transfer.sku,
    from: transfer.from,
    to: transfer.to,
    quantity: transfer.quantity,
    summary: `${transfer.quantity} units of SKU ${transfer.sku} from ${transfer.from} received at ${transfer.to}.`,
  });

export const recountRequested = (sku: string, counted: number, expected: number, reason: string) =>
  draft('RecountRequested', {
    sku,
    counted,
    expected,
    reason,
    summary: `SKU ${sku} counted ${counted} against ${expected} expected: ${reason}; a recount is needed.`,
  });

/** The alert job's one consolidated ops alert: the SKUs that went low since its last run, fewest days of cover first. */
export const lowStockAlert = (lines: readonly LowStockAlertLine[]) =>
  draft('LowStockAlert', {
    skus: lines,
    summary: `${lines.length} SKU(s) at or below their reorder point: ${lines
      .map(({ sku, available, daysOfCover }) => `${sku} (${available} available${daysOfCover === null ? '' : `, ${daysOfCover} days of cover`})`)
      .join('; ')}.`,
  });

/* ---------- the restock workflow (workflows/restock/definition.ts; docs/inventory-restock.md) ---------- */

/**
 * Starts a restock workflow for `sku` (the rule on `RestockRequested`; its execution input is
 * `{ sku, correlationId }`). The low-stock job emits it once per low SKU with no open purchase order.
 */
export const restockRequested = (sku: string, why = 'it is at or below its reorder point') =>
  draft('RestockRequested', { sku, summary: `Restock of SKU ${sku} requested: ${why}.` });

/** The nightly reorder policy's unit of work: one supplier's SKUs, recomputed by its own invocation (the fan-out). */
export const reorderPolicyRequested = (supplierId: string, runId: string) =>
  draft('ReorderPolicyRequested', { supplierId, runId, summary: `Reorder policy of supplier ${supplierId}'s SKUs requested (run ${runId}).` });

export const purchaseOrderApprovalReminderDue = (order: PurchaseOrder, decideBy: string) =>
  draft('PurchaseOrderApprovalReminderDue', { ...subject(order), decideBy, summary: `${named(order)} still awaits an operator's approval; it is cancelled unless decided by ${decideBy}.` });

/** No purchase order could be raised for the SKU (no supplier offers it, none eligible, no terms). */
export const restockNotPossible = (sku: string, reason: string, message: string) =>
  draft('RestockNotPossible', { sku, reason, summary: `Restock of SKU ${sku} needs a person: ${message}` });

/** A restock step failed after its retries; what was compensated is in `compensated`. */
export const restockFailed = (sku: string, purchaseOrderId: string | undefined, error: string, compensated: string) =>
  draft('RestockFailed', {
    sku,
    purchaseOrderId,
    error,
    summary: `Restock of SKU ${sku} failed (${error})${purchaseOrderId ? `; purchase order ${purchaseOrderId} ${compensated}` : ''}.`,
  });
