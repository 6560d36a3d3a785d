import { supplierOfferRoutes } from '../../shared/contracts/supplier-offers';
import { httpHandler } from '../../shared/http/handler';
import * as offersRepository from '../../shared/adapters/supplier-offers-repository';
import { requireSupplierVisibleTo } from '../../shared/adapters/suppliers-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { conflict, notFound } from '../../shared/domain/errors';
import { decideOffer } from '../../shared/domain/inventory/supplier-offers';

/**
 * PUT /inventory/{sku}/offers/{supplierId} — a supplier's price for a SKU (and its lead time, MOQ and pack where
 * they differ from its contract), by an operator or the supplier itself; another supplier is told it does not
 * exist. A retired SKU takes no offer, nor may a suspended supplier offer (409); a price in another currency than the SKU's is 422.
 */
export const handler = httpHandler(supplierOfferRoutes.putSupplierOffer, async function putSupplierOffer({ path, body, actor }) {
  const [supplier, listing] = await Promise.all([requireSupplierVisibleTo(actor, path.supplierId), offersRepository.purchasedSku(path.sku)]);
  if (!listing) throw notFound('Stock of SKU', path.sku);
  const offer = decideOffer({ sku: path.sku, supplierId: path.supplierId, ...body }, supplier, listing.currency, actor.sub, clock.now(), listing.retiredAt);
  if ((await offersRepository.putOffer(offer)) === 'retired') throw conflict('SkuRetired', `SKU ${path.sku} was retired (its product archived): it takes no offer`);
  logger.info('supplier offer stored', { sku: path.sku, supplierId: path.supplierId });
  return offer;
});
