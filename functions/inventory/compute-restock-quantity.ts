import { restockTaskInput } from '../../shared/contracts/purchase-orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import * as purchaseOrdersRepository from '../../shared/adapters/purchase-orders-repository';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import * as offersRepository from '../../shared/adapters/supplier-offers-repository';
import { clock } from '../../shared/adapters/clock';
import { found } from '../../shared/domain/errors';
import { restockPolicy, restockSettingsFrom, termsForSku, type PurchasingTerms, type StockForRestock } from '../../shared/domain/inventory/restock';

const settings = restockSettingsFrom(process.env);

/** Until a supplier (or its terms) is known, the order is sized for these: ChooseSupplier then says why there is none. */
const NO_TERMS: PurchasingTerms = { leadTimeDays: 14, minimumOrderQuantity: 1 };

/**
 * Workflow task ComputeQuantity: the reorder policy of the SKU from its stock record, its listing supplier's
 * terms for it (its offer's where it made one, else its contract's: lead time corrected by the deliveries
 * observed, MOQ, pack) and what its open order still owes.
 * 0 means the stock, with what is on order, covers the reorder point: nothing to order.
 */
export const handler = taskHandler(restockTaskInput, async function computeRestockQuantity({ sku }) {
  const stock = found(await inventoryRepository.getStock(sku), 'Stock', sku) as StockForRestock;
  const [supplier, offer] = await Promise.all([suppliersRepository.getSupplier(stock.supplierId), offersRepository.getOffer(sku, stock.supplierId)]);
  const [observedLeadTimesDays, onOrder] = await Promise.all([
    supplier ? purchaseOrdersRepository.observedLeadTimes(supplier.supplierId, clock.now()) : [],
    purchaseOrdersRepository.unitsOnOrderFor(stock),
  ]);
  const terms = termsForSku(supplier?.terms ?? NO_TERMS, offer);
  const policy = restockPolicy(stock, { ...terms, observedLeadTimesDays }, onOrder, settings);
  return {
    reorderQuantity: policy.reorderQuantity,
    reorderPoint: policy.reorderPoint,
    safetyStock: policy.safetyStock,
    inventoryPosition: policy.inventoryPosition,
    onOrder,
    leadTimeDays: policy.leadTime.leadTimeDays,
    minimumOrderQuantity: terms.minimumOrderQuantity,
    packSize: terms.packSize,
    forecast: stock.forecast ? 'STOCK_RECORD' : 'SAFETY_STOCK_OVER_LEAD_TIME',
  };
});
