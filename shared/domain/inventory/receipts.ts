/**
 * Goods receipts on a purchase order. Each line is a lot: QC inspects the sample ISO 2859-1 asks for
 * (sampling.ts) and the defects found accept or reject the whole lot.
 *
 * - Accepted units count against the order and go on hand; rejected ones go back and are still owed, so a
 *   replacement lot can be received later.
 * - A lot larger than what is still owed (ordered − accepted) is refused (422), as is any receipt on an
 *   order not sent yet or already finished (409). Nothing changes when a receipt is refused.
 * - The same `receiptId` twice changes nothing the second time: a retried request or task is harmless.
 */
import { conflict, DomainError, invalid, type FieldError } from '../errors';
import { goodsReceived, lotRejected } from './events';
import type { Decision, GoodsReceipt, GoodsReceiptLine, PurchaseOrder, PurchaseOrderLine } from './purchase-order';
import { judgeLot, samplingPlan } from './sampling';

export interface ReceiptInput {
  readonly receiptId: string;
  readonly receivedBy: string;
  /** Where the accepted units go on hand (the receipt keeps it; without one, the store's default warehouse). */
  readonly warehouseId?: string;
  readonly lines: readonly { readonly sku: string; readonly quantity: number; readonly defectsFound: number }[];
}

const FINISHED = ['RECEIVED', 'CLOSED', 'CANCELLED', 'REJECTED'];

export const outstanding = (line: PurchaseOrderLine): number => line.quantityOrdered - line.quantityAccepted;

export function recordReceipt(order: PurchaseOrder, input: ReceiptInput, now: Date): Decision {
  if (order.receipts.some((receipt) => receipt.receiptId === input.receiptId)) return { next: order, events: [] };
  if (FINISHED.includes(order.status)) {
    throw conflict('PurchaseOrderClosed', `Purchase order ${order.purchaseOrderId} is ${order.status}; it takes no more goods.`);
  }
  if (order.status !== 'SENT' && order.status !== 'PARTIALLY_RECEIVED') {
    throw conflict('PurchaseOrderNotSent', `Purchase order ${order.purchaseOrderId} is ${order.status}; goods are received only once it is sent.`);
  }
  const fieldErrors: FieldError[] = [];
  const excess: FieldError[] = [];
  if (input.lines.length === 0) fieldErrors.push({ field: 'lines', message: 'At least one line.' });
  if (new Set(input.lines.map((line) => line.sku)).size !== input.lines.length) fieldErrors.push({ field: 'lines', message: 'Each SKU once.' });
  const received: GoodsReceiptLine[] = [];
  input.lines.forEach((line, index) => {
    const checked = inspectLot(order, line, `lines.${index}`);
    if ('lot' in checked) received.push(checked.lot);
    else (checked.excess ? excess : fieldErrors).push(checked.error);
  });
  if (fieldErrors.length > 0) throw invalid('The receipt is not valid.', fieldErrors);
  if (excess.length > 0) throw new DomainError('unprocessable', 'ReceiptExceedsOrder', 'The receipt is for more than the order still owes.', excess);

  const at = now.toISOString();
  const receipt: GoodsReceipt = { receiptId: input.receiptId, receivedAt: at, receivedBy: input.receivedBy, ...(input.warehouseId ? { warehouseId: input.warehouseId } : {}), lines: received };
  const lines = order.lines.map((line) => {
    const lot = received.find((candidate) => candidate.sku === line.sku);
    if (!lot) return line;
    return lot.inspection.verdict === 'ACCEPTED'
      ? { ...line, quantityAccepted: line.quantityAccepted + lot.quantity }
      : { ...line, quantityRejected: line.quantityRejected + lot.quantity };
  });
  const complete = lines.every((line) => outstanding(line) === 0);
  const next: PurchaseOrder = { ...order, lines, receipts: [...order.receipts, receipt], status: complete ? 'RECEIVED' : 'PARTIALLY_RECEIVED', updatedAt: at };
  const accepted = received.filter((line) => line.inspection.verdict === 'ACCEPTED');
  const rejected = received.filter((line) => line.inspection.verdict === 'REJECTED');
  return {
    next,
    events: [
      ...(accepted.length > 0 ? [goodsReceived(next, receipt.receiptId, accepted)] : []),
      ...rejected.map((line) => lotRejected(next, receipt.receiptId, line)),
    ],
  };
}

/** One receipt line checked against the order and judged by QC, or what is wrong with it. */
function inspectLot(
  order: PurchaseOrder,
  line: ReceiptInput['lines'][number],
  field: string,
): { lot: GoodsReceiptLine } | { error: FieldError; excess?: true } {
  const ordered = order.lines.find((candidate) => candidate.sku === line.sku);
  if (!ordered) return { error: { field: `${field}.sku`, message: `${line.sku} is not on this order.` } };
  if (!Number.isInteger(line.quantity) || line.quantity < 1) return { error: { field: `${field}.quantity`, message: 'A whole number, at least 1.' } };
  if (line.quantity > outstanding(ordered)) {
    return { error: { field: `${field}.quantity`, message: `${line.quantity} received, ${outstanding(ordered)} still owed.` }, excess: true };
  }
  const plan = samplingPlan(line.quantity, order.aql);
  if (!Number.isInteger(line.defectsFound) || line.defectsFound < 0 || line.defectsFound > plan.sampleSize) {
    return { error: { field: `${field}.defectsFound`, message: `A whole number from 0 to the sample size ${plan.sampleSize}.` } };
  }
  const { codeLetter, sampleSize, acceptNumber, rejectNumber } = plan;
  const verdict = judgeLot(plan, line.defectsFound);
  return { lot: { sku: line.sku, quantity: line.quantity, inspection: { codeLetter, sampleSize, acceptNumber, rejectNumber, defectsFound: line.defectsFound, verdict } } };
}
