import type { PurchaseOrderSummary, PurchaseOrderView } from '../../shared/contracts/purchase-orders';
import type { StoredPurchaseOrder } from '../../shared/adapters/purchase-orders-repository';

const present = <T extends object>(fields: T) => Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;

/** What people see of a purchase order: named fields only, so task tokens and the version never leak. */
export const toPurchaseOrderView = (order: StoredPurchaseOrder): PurchaseOrderView => ({
  purchaseOrderId: order.purchaseOrderId,
  supplierId: order.supplierId,
  supplierStanding: order.supplierStanding,
  status: order.status,
  lines: order.lines.map((line) => ({ ...line })),
  total: order.total,
  aql: order.aql,
  leadTimeDays: order.leadTimeDays,
  createdAt: order.createdAt,
  receipts: order.receipts.map((receipt) => ({ ...receipt, lines: receipt.lines.map((line) => ({ ...line })) })),
  updatedAt: order.updatedAt,
  ...present({
    approval: order.approval,
    decideBy: order.decideBy,
    sentAt: order.sentAt,
    expectedBy: order.expectedBy,
    overdueAt: order.overdueAt,
    closedAt: order.closedAt,
    closeReason: order.closeReason,
    cancelledAt: order.cancelledAt,
    cancelReason: order.cancelReason,
    performance: order.performance,
  }),
});

export const toPurchaseOrderSummary = (order: StoredPurchaseOrder): PurchaseOrderSummary => ({
  purchaseOrderId: order.purchaseOrderId,
  supplierId: order.supplierId,
  status: order.status,
  skus: order.lines.map((line) => line.sku),
  total: order.total,
  createdAt: order.createdAt,
  ...present({ expectedBy: order.expectedBy, overdueAt: order.overdueAt }),
});
