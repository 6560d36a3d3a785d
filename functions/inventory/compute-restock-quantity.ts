import { restockTaskInput } from '../../shared/contracts/purchase-orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { found } from '../../shared/domain/errors';
import { restockPolicy, restockSettingsFrom, type StockForRestock } from '../../shared/domain/inventory/restock';

/** Until a supplier (or its terms) is known, the order is sized for these: ChooseSupplier then says why there is none. */
const NO_TERMS = { leadTimeDays: 14, minimumOrderQuantity: 1 };

/**
 * Workflow task ComputeQuantity: the reorder policy of the SKU from its stock record and its supplier's
 * terms (lead time, MOQ). 0 means the stock recovered since the request: nothing to order.
 */
export const handler = taskHandler(restockTaskInput, async function computeRestockQuantity({ sku }) {
  const stock = found(await inventoryRepository.getStock(sku), 'Stock', sku) as StockForRestock;
  const terms = (await suppliersRepository.getSupplier(stock.supplierId))?.terms ?? NO_TERMS;
  const policy = restockPolicy(stock, { ...terms, packSize: 1 }, restockSettingsFrom(process.env));
  return {
    reorderQuantity: policy.reorderQuantity,
    reorderPoint: policy.reorderPoint,
    safetyStock: policy.safetyStock,
    inventoryPosition: policy.inventoryPosition,
    forecast: stock.forecast ? 'STOCK_RECORD' : 'SAFETY_STOCK_OVER_LEAD_TIME',
  };
});
