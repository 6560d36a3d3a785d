import { restockTaskInput } from '../../shared/contracts/purchase-orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import { found } from '../../shared/domain/errors';
import { offersForSku, restockSettingsFrom } from '../../shared/domain/inventory/restock';
import { chooseSupplier } from '../../shared/domain/inventory/supplier-choice';

/**
 * Workflow task ChooseSupplier: ranks the SKU's offers (today one: its product's supplier at the SKU's unit
 * cost) by standing, cost and lead time; a SUSPENDED supplier is never chosen. `chosen: false` says why.
 */
export const handler = taskHandler(restockTaskInput, async function chooseRestockSupplier({ sku }) {
  const stock = found(await inventoryRepository.getStock(sku), 'Stock', sku);
  const [supplier, product] = await Promise.all([suppliersRepository.getSupplier(stock.supplierId), catalogRepository.getProduct(stock.productId)]);
  const unitCost = (product?.live ?? product?.latest)?.skus.find((candidate) => candidate.sku === sku)?.unitCost;
  const currency = unitCost?.currency ?? restockSettingsFrom(process.env).autoApprovalLimit.currency;
  const choice = chooseSupplier(sku, offersForSku(supplier, unitCost), currency);
  if (!choice.chosen) return { chosen: false, reason: choice.reason, message: choice.message };
  const { offer, needsManualApproval } = choice.chosen;
  // The one offer today is this supplier's: its contract's AQL is the QC column for every receipt.
  return { chosen: true, ...offer, aql: supplier?.terms.qualityStandard, needsManualApproval };
});
