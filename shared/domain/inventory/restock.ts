/**
 * The restock workflow's own decisions, around the purchase-order domain (purchase-order.ts, receipts.ts):
 * its knobs, what it orders while SKUs have no forecast yet, which offers a SKU has today, and how long
 * each wait lasts. docs/inventory.md ("Restock workflow") explains each with the numbers.
 */
import type { Money } from '../money';
import { isPositive, numberSetting, type Environment } from '../settings';
import type { Decision, PurchaseOrder } from './purchase-order';
import { effectiveLeadTime, type LeadTimeEstimate } from './lead-time';
import { outstanding, recordReceipt, type ReceiptInput } from './receipts';
import { reorderPolicy, type ReorderPolicy } from './reorder-policy';
import type { StockLevel } from './stock';

export interface RestockSettings {
  /** Orders at or under this total are approved without an operator (same currency only). */
  readonly autoApprovalLimit: Money;
  /** Hours an operator has to decide on a purchase order before it is cancelled (APPROVAL_TIMED_OUT). */
  readonly approvalWindowHours: number;
  /** Hours before that deadline when operators are reminded. */
  readonly approvalReminderHours: number;
  /** Days of demand an order tops the stock up to. */
  readonly reviewPeriodDays: number;
}

/** 5,000.00 EUR, in minor units. */
export const DEFAULT_AUTO_APPROVAL_LIMIT: Money = { amount: 500_000, currency: 'EUR' };

export const restockSettingsFrom = (env: Environment): RestockSettings => ({
  autoApprovalLimit: {
    amount: numberSetting(env.PO_AUTO_APPROVAL_LIMIT, DEFAULT_AUTO_APPROVAL_LIMIT.amount, (value) => Number.isInteger(value) && value >= 0),
    currency: /^[A-Z]{3}$/.test(env.PO_AUTO_APPROVAL_CURRENCY ?? '') ? env.PO_AUTO_APPROVAL_CURRENCY! : DEFAULT_AUTO_APPROVAL_LIMIT.currency,
  },
  approvalWindowHours: numberSetting(env.PO_APPROVAL_WINDOW_HOURS, 48, isPositive),
  approvalReminderHours: numberSetting(env.PO_APPROVAL_REMINDER_HOURS, 24, isPositive),
  reviewPeriodDays: numberSetting(env.RESTOCK_REVIEW_PERIOD_DAYS, 30, isPositive),
});

/** What the stock record carries once the nightly recompute wrote a forecast (absent before its first run). */
export interface StockForRestock extends StockLevel {
  readonly forecast?: { readonly dailyDemand: number; readonly trendPerDay: number; readonly sigmaDaily: number };
}

/** A supplier's contract terms as purchasing reads them: its promised lead time and MOQ. */
export interface PurchasingTerms {
  readonly leadTimeDays: number;
  readonly minimumOrderQuantity: number;
}

/** What a supplier's offer for one SKU says where it differs from the contract (supplier-offers.ts). */
export interface OfferedTerms {
  readonly leadTimeDays?: number;
  readonly minimumOrderQuantity?: number;
  readonly packSize?: number;
}

export interface SkuPurchaseTerms {
  /** The contract's promise, or the offer's (the observed deliveries correct it: lead-time.ts). */
  readonly leadTimeDays: number;
  readonly minimumOrderQuantity: number;
  /** 1 unless the supplier's offer for the SKU names a pack. */
  readonly packSize: number;
}

/** A supplier's terms for one SKU: its offer's lead time, MOQ and pack where it names them, else its contract's (pack 1). */
export const termsForSku = (terms: PurchasingTerms, offer?: OfferedTerms): SkuPurchaseTerms => ({
  leadTimeDays: offer?.leadTimeDays ?? terms.leadTimeDays,
  minimumOrderQuantity: offer?.minimumOrderQuantity ?? terms.minimumOrderQuantity,
  packSize: offer?.packSize ?? 1,
});

/** Statuses in which an order's outstanding units are still coming (or about to be ordered). */
const ON_ORDER: readonly PurchaseOrder['status'][] = ['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'SENT', 'PARTIALLY_RECEIVED'];

/**
 * Units of `sku` on order: what the open purchase order still owes (ordered − accepted; a rejected lot is
 * still owed). A finished order (received, closed, rejected, cancelled) owes nothing.
 */
export const unitsOnOrder = (order: Pick<PurchaseOrder, 'status' | 'lines'> | undefined, sku: string): number =>
  order && ON_ORDER.includes(order.status) ? order.lines.filter((line) => line.sku === sku).reduce((sum, line) => sum + outstanding(line), 0) : 0;

/**
 * The quantity to order: the stock record's forecast (the nightly recompute's), the lead time corrected by
 * the supplier's deliveries, the supplier's MOQ and pack for the SKU, and what is on order already. Until
 * the nightly recompute has written a forecast, the record's safety stock stands for the demand over the
 * lead time (daily demand = safety stock ÷ lead time, no trend, no spread): the reorder point is then the
 * safety stock the low-stock alert already uses, and an order tops the stock up to a review period of that
 * demand.
 */
export function restockPolicy(
  stock: StockForRestock,
  supplier: SkuPurchaseTerms & { readonly observedLeadTimesDays?: readonly number[] },
  onOrder: number,
  settings: Pick<RestockSettings, 'reviewPeriodDays'>,
): ReorderPolicy & { readonly leadTime: LeadTimeEstimate } {
  const leadTime = effectiveLeadTime(supplier.leadTimeDays, supplier.observedLeadTimesDays ?? []);
  const forecast = stock.forecast ?? { dailyDemand: stock.safetyStock / leadTime.leadTimeDays, trendPerDay: 0, sigmaDaily: 0 };
  const policy = reorderPolicy({
    forecast,
    leadTimeDays: leadTime.leadTimeDays,
    reviewPeriodDays: settings.reviewPeriodDays,
    minimumOrderQuantity: supplier.minimumOrderQuantity,
    packSize: supplier.packSize,
    available: stock.available,
    onOrder,
  });
  return { ...policy, leadTime };
}

/** Step Functions waits in whole seconds, at least 1. */
const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/** The approval wait: until the reminder, then from the reminder to the deadline. */
export function approvalTiming(settings: Pick<RestockSettings, 'approvalWindowHours' | 'approvalReminderHours'>, now: Date) {
  const windowMs = settings.approvalWindowHours * 3_600_000;
  const reminderMs = Math.min(settings.approvalReminderHours * 3_600_000, windowMs);
  return {
    decideBy: new Date(now.getTime() + windowMs).toISOString(),
    reminderAfterSeconds: seconds(windowMs - reminderMs),
    expireAfterReminderSeconds: seconds(reminderMs),
  };
}

/**
 * Where the goods-receipt wait stands: received in full, already reported overdue (wait without a deadline),
 * or the seconds until the expected date (the wait's deadline, after which the order is reported overdue).
 */
/**
 * When the wait for goods timed out at the expected date: judged as of the later of now and that date, since
 * Step Functions firing the deadline is the proof it passed (a timer brought forward locally fires early).
 */
export const overdueAsOf = (order: Pick<PurchaseOrder, 'expectedBy'>, now: Date): Date =>
  order.expectedBy ? new Date(Math.max(now.getTime(), Date.parse(order.expectedBy) + 1)) : now;

export const receiptWait = (order: PurchaseOrder, now: Date) => ({
  complete: order.status === 'RECEIVED' || order.status === 'CLOSED',
  /** An operator ended the wait: CANCELLED (nothing came) or CLOSED short; none of it for the workflow to close. */
  endedByOperator: order.status === 'CANCELLED' || (order.status === 'CLOSED' && order.closeReason !== undefined),
  overdue: order.overdueAt !== undefined,
  overdueAfterSeconds: seconds(order.expectedBy ? Date.parse(order.expectedBy) - now.getTime() : 0),
});
export type ReceiptWait = ReturnType<typeof receiptWait>;

/** The cancel reason of an order nobody approved in time. */
export const APPROVAL_TIMED_OUT = 'APPROVAL_TIMED_OUT';

/** What the approval wait answers the workflow: approved, or not (rejected, or `expired` when nobody decided in time). */
export const approvalOutcome = (order: Pick<PurchaseOrder, 'status' | 'cancelReason'>) => ({
  approved: order.status !== 'PENDING_APPROVAL' && order.status !== 'REJECTED' && order.status !== 'CANCELLED' && order.status !== 'DRAFT',
  expired: order.status === 'CANCELLED' && order.cancelReason === APPROVAL_TIMED_OUT,
});

/** A quality incident: a lot QC rejected, kept against its supplier for the scorecard's QC defect rate. */
export interface QualityIncident {
  readonly purchaseOrderId: string;
  readonly supplierId: string;
  readonly receiptId: string;
  readonly sku: string;
  readonly quantity: number;
  readonly defectsFound: number;
  readonly sampleSize: number;
  readonly recordedAt: string;
}

/**
 * A goods receipt and what it causes: the accepted lots' units go on hand, each rejected lot is a quality
 * incident. A receipt already recorded (same id) causes nothing again.
 */
export function receiptChange(order: PurchaseOrder, input: ReceiptInput, now: Date): Decision & { received: { sku: string; quantity: number }[]; incidents: QualityIncident[] } {
  const decision = recordReceipt(order, input, now);
  const receipt = decision.next === order ? undefined : decision.next.receipts.at(-1);
  const lots = receipt?.lines ?? [];
  return {
    ...decision,
    received: lots.filter((lot) => lot.inspection.verdict === 'ACCEPTED').map(({ sku, quantity }) => ({ sku, quantity })),
    incidents: lots
      .filter((lot) => lot.inspection.verdict === 'REJECTED')
      .map((lot) => ({
        purchaseOrderId: order.purchaseOrderId,
        supplierId: order.supplierId,
        receiptId: input.receiptId,
        sku: lot.sku,
        quantity: lot.quantity,
        defectsFound: lot.inspection.defectsFound,
        sampleSize: lot.inspection.sampleSize,
        recordedAt: receipt!.receivedAt,
      })),
  };
}
