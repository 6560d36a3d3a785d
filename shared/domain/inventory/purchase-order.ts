/**
 * Purchase orders: what we buy from a supplier to restock, and the states an order moves through.
 *
 *   DRAFT ──submit──▶ APPROVED (at or under the auto-approval limit, supplier not on probation)
 *     │         └───▶ PENDING_APPROVAL ──decide──▶ APPROVED | REJECTED
 *   APPROVED ──send──▶ SENT ──receipt──▶ PARTIALLY_RECEIVED ──receipt──▶ RECEIVED ──close──▶ CLOSED
 *   DRAFT, PENDING_APPROVAL, APPROVED, SENT (nothing received yet) ──cancel──▶ CANCELLED
 *   PARTIALLY_RECEIVED ──close──▶ CLOSED (closed short: the rest will not come)
 *
 * CLOSED, REJECTED and CANCELLED are final. Every decision returns `{ next, events }`; receipts are in
 * receipts.ts. An approval that times out is a cancellation with the reason `APPROVAL_TIMED_OUT`.
 */
import { conflict, invalid, type FieldError } from '../errors';
import type { DomainEventDraft } from '../events';
import type { Money } from '../money';
import type { SupplierStanding } from '../suppliers/standing';
import { aqlOf, type Aql } from './sampling';
import {
  purchaseOrderApproved,
  purchaseOrderAwaitingApproval,
  purchaseOrderCancelled,
  purchaseOrderClosed,
  purchaseOrderCreated,
  purchaseOrderOverdue,
  purchaseOrderRejected,
  purchaseOrderSent,
} from './events';

export const PURCHASE_ORDER_STATUSES = [
  'DRAFT',
  'PENDING_APPROVAL',
  'APPROVED',
  'SENT',
  'PARTIALLY_RECEIVED',
  'RECEIVED',
  'CLOSED',
  'REJECTED',
  'CANCELLED',
] as const;
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];

export const PURCHASE_ORDER_TRANSITIONS: Readonly<Record<PurchaseOrderStatus, readonly PurchaseOrderStatus[]>> = {
  DRAFT: ['PENDING_APPROVAL', 'APPROVED', 'CANCELLED'],
  PENDING_APPROVAL: ['APPROVED', 'REJECTED', 'CANCELLED'],
  APPROVED: ['SENT', 'CANCELLED'],
  SENT: ['PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED'],
  PARTIALLY_RECEIVED: ['PARTIALLY_RECEIVED', 'RECEIVED', 'CLOSED'],
  RECEIVED: ['CLOSED'],
  CLOSED: [],
  REJECTED: [],
  CANCELLED: [],
};

export const canTransition = (from: PurchaseOrderStatus, to: PurchaseOrderStatus): boolean => PURCHASE_ORDER_TRANSITIONS[from].includes(to);

export interface PurchaseOrderLine {
  readonly sku: string;
  readonly quantityOrdered: number;
  readonly unitCost: Money;
  /** Units received and accepted by QC: they count against the order. */
  readonly quantityAccepted: number;
  /** Units received in lots QC rejected: they go back and are still owed. */
  readonly quantityRejected: number;
}

export interface QcInspection {
  readonly codeLetter: string;
  readonly sampleSize: number;
  readonly acceptNumber: number;
  readonly rejectNumber: number;
  readonly defectsFound: number;
  readonly verdict: 'ACCEPTED' | 'REJECTED';
}

export interface GoodsReceiptLine {
  readonly sku: string;
  readonly quantity: number;
  readonly inspection: QcInspection;
}

export interface GoodsReceipt {
  readonly receiptId: string;
  readonly receivedAt: string;
  readonly receivedBy: string;
  /** The warehouse that took the goods in; absent on receipts from before stock was kept per warehouse (the default one). */
  readonly warehouseId?: string;
  readonly lines: readonly GoodsReceiptLine[];
}

export type ApprovalRoute = 'AUTO' | 'OPERATOR';
export type ApprovalReason = 'WITHIN_LIMIT' | 'OVER_LIMIT' | 'SUPPLIER_ON_PROBATION';

export interface PurchaseOrder {
  readonly purchaseOrderId: string;
  readonly supplierId: string;
  /** The supplier's standing when the order was raised: it decides the approval route. */
  readonly supplierStanding: SupplierStanding;
  readonly status: PurchaseOrderStatus;
  readonly lines: readonly PurchaseOrderLine[];
  readonly total: Money;
  /** The contract's AQL: the column of the QC sampling table for every receipt. */
  readonly aql: Aql;
  readonly leadTimeDays: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly approval?: { readonly route: ApprovalRoute; readonly reason: ApprovalReason; readonly decidedBy?: string; readonly decidedAt?: string; readonly note?: string };
  readonly sentAt?: string;
  /** sentAt + lead time: after it, an open order is overdue. */
  readonly expectedBy?: string;
  readonly overdueAt?: string;
  readonly receipts: readonly GoodsReceipt[];
  readonly closedAt?: string;
  /** Why an operator closed it short. */
  readonly closeReason?: string;
  readonly cancelledAt?: string;
  readonly cancelReason?: string;
  readonly updatedAt: string;
}

export interface Decision {
  readonly next: PurchaseOrder;
  readonly events: DomainEventDraft[];
}

export interface NewPurchaseOrder {
  readonly purchaseOrderId: string;
  readonly supplierId: string;
  readonly supplierStanding: SupplierStanding;
  readonly lines: readonly { readonly sku: string; readonly quantity: number; readonly unitCost: Money }[];
  /** `'2.5'` or the contract's `qualityStandard` text. */
  readonly aql: string;
  readonly leadTimeDays: number;
  readonly createdBy: string;
}

const DAY_MS = 86_400_000;

export function createPurchaseOrder(input: NewPurchaseOrder, now: Date): Decision {
  if (input.supplierStanding === 'SUSPENDED') {
    throw conflict('SupplierSuspended', `Supplier ${input.supplierId} is suspended and gets no purchase orders.`);
  }
  const errors: FieldError[] = [];
  if (input.lines.length === 0) errors.push({ field: 'lines', message: 'At least one line.' });
  const currency = input.lines[0]?.unitCost.currency;
  input.lines.forEach((line, index) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) errors.push({ field: `lines.${index}.quantity`, message: 'A whole number, at least 1.' });
    if (!Number.isInteger(line.unitCost.amount) || line.unitCost.amount < 0) errors.push({ field: `lines.${index}.unitCost`, message: 'Minor units, zero or more.' });
    if (line.unitCost.currency !== currency) errors.push({ field: `lines.${index}.unitCost.currency`, message: `One currency per order (${currency}).` });
  });
  if (new Set(input.lines.map((line) => line.sku)).size !== input.lines.length) errors.push({ field: 'lines', message: 'Each SKU once.' });
  const aql = aqlOf(input.aql);
  if (!aql) errors.push({ field: 'aql', message: `Not an ISO 2859-1 AQL: ${input.aql}.` });
  if (!(input.leadTimeDays > 0)) errors.push({ field: 'leadTimeDays', message: 'A positive number of days.' });
  if (errors.length > 0 || !aql || currency === undefined) throw invalid('The purchase order is not valid.', errors);
  const at = now.toISOString();
  const order: PurchaseOrder = {
    purchaseOrderId: input.purchaseOrderId,
    supplierId: input.supplierId,
    supplierStanding: input.supplierStanding,
    status: 'DRAFT',
    lines: input.lines.map(({ sku, quantity, unitCost }) => ({ sku, quantityOrdered: quantity, unitCost, quantityAccepted: 0, quantityRejected: 0 })),
    total: { amount: input.lines.reduce((sum, line) => sum + line.quantity * line.unitCost.amount, 0), currency },
    aql,
    leadTimeDays: input.leadTimeDays,
    createdAt: at,
    createdBy: input.createdBy,
    receipts: [],
    updatedAt: at,
  };
  return { next: order, events: [purchaseOrderCreated(order)] };
}

const requireStatus = (order: PurchaseOrder, allowed: readonly PurchaseOrderStatus[], code: string, doing: string) => {
  if (!allowed.includes(order.status)) throw conflict(code, `Purchase order ${order.purchaseOrderId} is ${order.status}; it cannot be ${doing}.`);
};

/**
 * Routes a draft to approval: approved at once when its total is at or under the limit (same currency) and
 * the supplier is not on probation; otherwise it waits for an operator. A limit in another currency never
 * auto-approves: comparing across currencies needs a rate the domain does not have.
 */
export function submitPurchaseOrder(order: PurchaseOrder, autoApprovalLimit: Money, now: Date): Decision {
  requireStatus(order, ['DRAFT'], 'PurchaseOrderNotDraft', 'submitted');
  const reason: ApprovalReason =
    order.supplierStanding === 'PROBATION'
      ? 'SUPPLIER_ON_PROBATION'
      : order.total.currency === autoApprovalLimit.currency && order.total.amount <= autoApprovalLimit.amount
        ? 'WITHIN_LIMIT'
        : 'OVER_LIMIT';
  const at = now.toISOString();
  if (reason === 'WITHIN_LIMIT') {
    const next: PurchaseOrder = { ...order, status: 'APPROVED', approval: { route: 'AUTO', reason, decidedBy: 'system', decidedAt: at }, updatedAt: at };
    return { next, events: [purchaseOrderApproved(next)] };
  }
  const next: PurchaseOrder = { ...order, status: 'PENDING_APPROVAL', approval: { route: 'OPERATOR', reason }, updatedAt: at };
  return { next, events: [purchaseOrderAwaitingApproval(next, reason)] };
}

/** An operator's decision on an order awaiting one. */
export function decidePurchaseOrder(order: PurchaseOrder, decision: { approve: boolean; by: string; note?: string }, now: Date): Decision {
  requireStatus(order, ['PENDING_APPROVAL'], 'PurchaseOrderNotAwaitingDecision', 'decided');
  const at = now.toISOString();
  const approval = { route: 'OPERATOR' as const, reason: order.approval?.reason ?? 'OVER_LIMIT', decidedBy: decision.by, decidedAt: at, ...(decision.note ? { note: decision.note } : {}) };
  if (decision.approve) {
    const next: PurchaseOrder = { ...order, status: 'APPROVED', approval, updatedAt: at };
    return { next, events: [purchaseOrderApproved(next)] };
  }
  const next: PurchaseOrder = { ...order, status: 'REJECTED', approval, updatedAt: at };
  return { next, events: [purchaseOrderRejected(next)] };
}

/** Sent to the supplier: the clock of its lead time starts now. */
export function sendPurchaseOrder(order: PurchaseOrder, now: Date): Decision {
  requireStatus(order, ['APPROVED'], 'PurchaseOrderNotApproved', 'sent');
  const at = now.toISOString();
  const expectedBy = new Date(now.getTime() + order.leadTimeDays * DAY_MS).toISOString();
  const next: PurchaseOrder = { ...order, status: 'SENT', sentAt: at, expectedBy, updatedAt: at };
  return { next, events: [purchaseOrderSent(next)] };
}

export function cancelPurchaseOrder(order: PurchaseOrder, by: string, reason: string, now: Date): Decision {
  requireStatus(order, ['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'SENT'], 'PurchaseOrderNotCancellable', 'cancelled');
  const at = now.toISOString();
  const next: PurchaseOrder = { ...order, status: 'CANCELLED', cancelledAt: at, cancelReason: reason, updatedAt: at };
  return { next, events: [purchaseOrderCancelled(next, by)] };
}

/** Closes a fully received order, or one received in part whose rest will not come (closed short). */
export function closePurchaseOrder(order: PurchaseOrder, by: string, now: Date): Decision {
  requireStatus(order, ['RECEIVED', 'PARTIALLY_RECEIVED'], 'PurchaseOrderNotClosable', 'closed');
  const at = now.toISOString();
  const next: PurchaseOrder = { ...order, status: 'CLOSED', closedAt: at, updatedAt: at };
  return { next, events: [purchaseOrderClosed(next, by, deliveryPerformance(next))] };
}

/** Waiting for goods past the expected date. */
export const isOverdue = (order: PurchaseOrder, now: Date): boolean =>
  (order.status === 'SENT' || order.status === 'PARTIALLY_RECEIVED') && order.expectedBy !== undefined && now.getTime() > Date.parse(order.expectedBy);

/** Marks an overdue order once: the first call emits `PurchaseOrderOverdue`, later ones change nothing. */
export function markOverdue(order: PurchaseOrder, now: Date): Decision {
  if (!isOverdue(order, now) || order.overdueAt) return { next: order, events: [] };
  const at = now.toISOString();
  const next: PurchaseOrder = { ...order, overdueAt: at, updatedAt: at };
  return { next, events: [purchaseOrderOverdue(next)] };
}

export interface DeliveryPerformance {
  readonly unitsOrdered: number;
  readonly unitsAccepted: number;
  /** Accepted ÷ ordered. */
  readonly fillRate: number;
  /** The last receipt came by the expected date and the order was never reported overdue; undefined before any receipt. */
  readonly onTime?: boolean;
  /** Days from sending to the last receipt; undefined before any receipt. */
  readonly leadTimeDays?: number;
}

/** What a finished order tells the supplier scorecard (standing.ts's WeeklyActivity sums these). */
export function deliveryPerformance(order: PurchaseOrder): DeliveryPerformance {
  const unitsOrdered = order.lines.reduce((sum, line) => sum + line.quantityOrdered, 0);
  const unitsAccepted = order.lines.reduce((sum, line) => sum + line.quantityAccepted, 0);
  const last = order.receipts[order.receipts.length - 1];
  // An order reported overdue is late, whenever its goods came: the alert and the on-time rate agree.
  const timing =
    last && order.sentAt && order.expectedBy
      ? {
          onTime: order.overdueAt === undefined && Date.parse(last.receivedAt) <= Date.parse(order.expectedBy),
          leadTimeDays: (Date.parse(last.receivedAt) - Date.parse(order.sentAt)) / DAY_MS,
        }
      : {};
  return { unitsOrdered, unitsAccepted, fillRate: unitsOrdered === 0 ? 0 : unitsAccepted / unitsOrdered, ...timing };
}

/** A lead time the supplier actually delivered in: from sending to the receipt that completed the order. */
export interface LeadTimeObservation {
  readonly supplierId: string;
  readonly purchaseOrderId: string;
  readonly sentAt: string;
  readonly receivedAt: string;
  readonly days: number;
  /** What the terms promised when the order was raised. */
  readonly promisedDays: number;
}

/**
 * The lead time an order's change reveals: the receipt that completes it (RECEIVED) is the delivery; a
 * partial receipt is not yet one, and an order closed short never shows the full lead time.
 */
export function leadTimeObserved(before: PurchaseOrder, after: PurchaseOrder): LeadTimeObservation | undefined {
  const last = after.receipts.at(-1);
  if (after.status !== 'RECEIVED' || before.status === 'RECEIVED' || !after.sentAt || !last) return undefined;
  return {
    supplierId: after.supplierId,
    purchaseOrderId: after.purchaseOrderId,
    sentAt: after.sentAt,
    receivedAt: last.receivedAt,
    days: (Date.parse(last.receivedAt) - Date.parse(after.sentAt)) / DAY_MS,
    promisedDays: after.leadTimeDays,
  };
}

/**
 * An operator ends an order still waiting for goods: one with nothing received is cancelled, one received
 * in part is closed short (the rest will not come), with its delivery performance. Any other is refused
 * (409 PurchaseOrderNotOpen): before sending the restock workflow or the approval decision ends it, and a
 * finished order is finished.
 */
export function endPurchaseOrder(order: PurchaseOrder, by: string, reason: string, now: Date): Decision & { performance?: DeliveryPerformance } {
  if (order.status === 'SENT') return cancelPurchaseOrder(order, by, reason, now);
  if (order.status === 'PARTIALLY_RECEIVED') {
    const closed = closePurchaseOrder(order, by, now);
    const next: PurchaseOrder = { ...closed.next, closeReason: reason };
    return { next, events: closed.events, performance: deliveryPerformance(next) };
  }
  throw conflict('PurchaseOrderNotOpen', `Purchase order ${order.purchaseOrderId} is ${order.status}; only an order waiting for goods (SENT or PARTIALLY_RECEIVED) can be closed or cancelled.`);
}
