/**
 * What the purchase-order handler tests share: a frozen morning, a purchase order of one SKU in any status
 * (built by the domain, as the workflow builds it), and its row as the table stores it.
 */
import { purchaseOrderItem, type StoredPurchaseOrder } from '../../../shared/adapters/purchase-orders-repository';
import { createPurchaseOrder, sendPurchaseOrder, submitPurchaseOrder, type PurchaseOrderStatus } from '../../../shared/domain/inventory/purchase-order';
import type { Caller } from '../suppliers/support';

export const NOW = new Date('2030-07-02T08:00:00.000Z');
export const PO_ID = '01J00000000000000000000P0A';
export const SKU = 'NW-MER-NAVY-M';
export const SUPPLIER_ID = '01JDEM0SVPP11ER00000000001';
export const EXECUTION = 'restock-exec-1';
export const APPROVAL_TOKEN = 'approval-token-1';
export const RECEIPT_TOKEN = 'receipt-token-1';

export const buyer: Caller = { sub: 'buyer-bea', role: 'operator' };
export const picker: Caller = { sub: 'picker-pia', role: 'warehouse' };

/** 100 × 35.00 EUR from Nordwind at AQL 2.5, 21 days' lead time; `over` puts it over the auto-approval limit. */
export function purchaseOrderIn(status: Extract<PurchaseOrderStatus, 'DRAFT' | 'PENDING_APPROVAL' | 'APPROVED' | 'SENT'>, extra: Partial<StoredPurchaseOrder> = {}): StoredPurchaseOrder {
  const created = createPurchaseOrder(
    { purchaseOrderId: PO_ID, supplierId: SUPPLIER_ID, supplierStanding: 'APPROVED', lines: [{ sku: SKU, quantity: 100, unitCost: { amount: 3500, currency: 'EUR' } }], aql: 'AQL 2.5', leadTimeDays: 21, createdBy: 'restock' },
    NOW,
  ).next;
  let order = created;
  if (status !== 'DRAFT') order = submitPurchaseOrder(order, status === 'PENDING_APPROVAL' ? { amount: 0, currency: 'EUR' } : { amount: 500_000, currency: 'EUR' }, NOW).next;
  if (status === 'SENT') order = sendPurchaseOrder(order, NOW).next;
  return { ...order, executionName: EXECUTION, version: 3, ...extra };
}

export const purchaseOrderRow = (order: StoredPurchaseOrder) => purchaseOrderItem(order);
export const purchaseOrderKey = { pk: `PURCHASE_ORDER#${PO_ID}`, sk: 'PURCHASE_ORDER' };
