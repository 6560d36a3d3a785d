/** What callers see of a stock level and of a low-stock alert. */
import type { StockAlertView, StockView } from '../../shared/contracts/inventory';
import type { LowStockMark } from '../../shared/domain/inventory/low-stock';
import { reorderPointOf, type StockLevel } from '../../shared/domain/inventory/stock';
import type { WarehouseStock } from '../../shared/domain/inventory/warehouse-stock';

/** The total, with its warehouses when they are given (GET /inventory/{sku}); in-transit units once any were sent. */
export const toStockView = (stock: StockLevel & { readonly inTransit?: number }, warehouses?: readonly WarehouseStock[]): StockView => ({
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
  ...(stock.inTransit ? { inTransit: stock.inTransit } : {}),
  ...(stock.qualityHold ? { qualityHold: { ...stock.qualityHold, lots: [...stock.qualityHold.lots], refs: [...stock.qualityHold.refs] } } : {}),
  ...(stock.qualityHoldReleasedAt ? { qualityHoldReleasedAt: stock.qualityHoldReleasedAt } : {}),
  ...(warehouses && warehouses.length > 0
    ? { warehouses: warehouses.map(({ warehouseId, onHand, reserved, available, inTransitIn }) => ({ warehouseId, onHand, reserved, available, inTransitIn: inTransitIn ?? 0 })) }
    : {}),
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
