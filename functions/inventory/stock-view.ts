/** What callers see of a stock level and of a low-stock alert. */
import type { StockAlertView, StockView } from '../../shared/contracts/inventory';
import type { LowStockMark } from '../../shared/domain/inventory/low-stock';
import { reorderPointOf, type StockLevel } from '../../shared/domain/inventory/stock';

export const toStockView = (stock: StockLevel): StockView => ({
  sku: stock.sku,
  productId: stock.productId,
  supplierId: stock.supplierId,
  onHand: stock.onHand,
  reserved: stock.reserved,
  available: stock.available,
  safetyStock: stock.safetyStock,
  reorderPoint: reorderPointOf(stock),
  ...(stock.lowSince ? { lowSince: stock.lowSince } : {}),
  ...(stock.openPurchaseOrderId ? { openPurchaseOrderId: stock.openPurchaseOrderId } : {}),
  ...(stock.policy ? { policy: stock.policy } : {}),
  updatedAt: stock.updatedAt,
});

export const toStockAlertView = (mark: LowStockMark & { readonly restockRequestedAt?: string }, available: number): StockAlertView => ({
  sku: mark.sku,
  lowSince: mark.openedAt,
  availableAtOpening: mark.availableAtOpening,
  reorderPoint: mark.reorderPoint,
  available,
  ...(mark.alertedAt ? { alertedAt: mark.alertedAt } : {}),
  ...(mark.restockRequestedAt ? { restockRequestedAt: mark.restockRequestedAt } : {}),
});
