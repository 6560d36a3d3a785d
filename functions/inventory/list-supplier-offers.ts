import { supplierOfferRoutes } from '../../shared/contracts/supplier-offers';
import { readHandler } from '../../shared/http/read-handler';
import * as offersRepository from '../../shared/adapters/supplier-offers-repository';
import { notFound } from '../../shared/domain/errors';
import { chooseSupplier } from '../../shared/domain/inventory/supplier-choice';

/** GET /inventory/{sku}/offers — every offer, ranked as ChooseSupplier would rank it now, and those it leaves out. */
export const handler = readHandler(supplierOfferRoutes.listSupplierOffers, async function listSupplierOffers({ path }) {
  const listing = await offersRepository.purchasedSku(path.sku);
  if (!listing) throw notFound('Stock of SKU', path.sku);
  const choice = chooseSupplier(path.sku, await offersRepository.offersFor(listing), listing.currency);
  const ranked = 'ranked' in choice ? choice.ranked.map(({ offer, score, needsManualApproval }) => ({ ...offer, score: Math.round(score * 10) / 10, needsManualApproval })) : [];
  return { sku: path.sku, ranked, excluded: [...choice.excluded] };
});
