import { restockTaskInput } from '../../shared/contracts/purchase-orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as offersRepository from '../../shared/adapters/supplier-offers-repository';
import { found } from '../../shared/domain/errors';
import { chooseSupplier } from '../../shared/domain/inventory/supplier-choice';

/**
 * Workflow task ChooseSupplier: ranks the SKU's offers — the listing supplier's and every other supplier's
 * (supplier-offers.ts) — by standing, cost and lead time; a SUSPENDED supplier is never chosen. `chosen: false`
 * says why. The chosen offer carries its MOQ, pack and AQL for the purchase order.
 */
export const handler = taskHandler(restockTaskInput, async function chooseRestockSupplier({ sku }) {
  const listing = found(await offersRepository.purchasedSku(sku), 'Stock', sku);
  const choice = chooseSupplier(sku, await offersRepository.offersFor(listing), listing.currency);
  if (!choice.chosen) return { chosen: false, reason: choice.reason, message: choice.message };
  const { offer, needsManualApproval } = choice.chosen;
  return { chosen: true, ...offer, needsManualApproval };
});
