import { supplierOfferRoutes } from '../../shared/contracts/supplier-offers';
import { httpHandler } from '../../shared/http/handler';
import * as offersRepository from '../../shared/adapters/supplier-offers-repository';
import { requireSupplierVisibleTo } from '../../shared/adapters/suppliers-repository';
import { logger } from '../../shared/adapters/logger';
import { conflict, notFound } from '../../shared/domain/errors';

/**
 * DELETE /inventory/{sku}/offers/{supplierId} — withdraws a stored offer; the listing supplier keeps its implicit one.
 * An offer its product's archive ended is history, kept as it ended (409 OfferEnded).
 */
export const handler = httpHandler(supplierOfferRoutes.withdrawSupplierOffer, async function withdrawSupplierOffer({ path, actor }) {
  await requireSupplierVisibleTo(actor, path.supplierId);
  const offer = await offersRepository.getOffer(path.sku, path.supplierId);
  if (!offer) throw notFound('Offer', `${path.supplierId} for ${path.sku}`);
  if (offer.endedAt) throw conflict('OfferEnded', `The offer of ${path.supplierId} for ${path.sku} ended ${offer.endedAt} (${offer.endReason ?? 'ended'}); it is kept as history.`);
  if ((await offersRepository.deleteOffer(offer)) === 'changed') throw conflict('OfferChanged', `The offer of ${path.supplierId} for ${path.sku} changed meanwhile; read it again.`);
  logger.info('supplier offer withdrawn', { sku: path.sku, supplierId: path.supplierId });
  return offer;
});
