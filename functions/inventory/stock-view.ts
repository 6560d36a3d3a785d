/** What callers see of a stock level. */
import type { StockView } from '../../shared/contracts/inventory';
import type { StockLevel } from '../../shared/domain/inventory/stock';

export const toStockView = (stock: StockLevel): StockView => ({
  sku: stock.sku,
  productId: stock.productId,
  supplierId: stock.supplierId,
  onHand: stock.onHand,
  reserved: stock.reserved,
  available: stock.available,
  safetyStock: stock.safetyStock,
  updatedAt: stock.updatedAt,
});
