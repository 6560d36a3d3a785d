import * as z from '../../shared/contracts/z';
import * as offersRepository from '../../shared/adapters/supplier-offers-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { endOffer } from '../../shared/domain/inventory/supplier-offers';
import { taskHandler } from '../../shared/tasks/task-handler';

/** `ProductArchived` as EventBridge delivers it (the fields this consumer reads). */
const productArchivedEvent = z.object({
  detail: z.object({ productId: z.string(), skus: z.array(z.object({ sku: z.string() })) }),
});

/**
 * Ends the stored supplier offers of an archived product's SKUs (rule on `commerce.catalog` / `ProductArchived`):
 * each stays stored with when and why it ended, and ChooseSupplier and `GET /inventory/{sku}/offers` exclude it
 * (`OFFER_ENDED`). The catalog's own archive transaction only retires the stock records it already wrote; the
 * offers, as many as suppliers offered, are inventory's to end, here. A redelivered event finds them ended and
 * writes nothing; an offer that changed meanwhile is read and ended again; one that cannot be written is thrown
 * for the bus to deliver the event again.
 */
export const handler = taskHandler(productArchivedEvent, async function endArchivedSkuOffers({ detail }) {
  const now = clock.now();
  const outcomes: offersRepository.OfferEnding[] = [];
  for (const { sku } of detail.skus) {
    for (const offer of await offersRepository.storedOffers(sku)) {
      outcomes.push(await offersRepository.endStoredOffer(sku, offer.supplierId, (current) => endOffer(current, 'PRODUCT_ARCHIVED', now)));
    }
  }
  if (outcomes.includes('contention')) throw new Error(`the offers of product ${detail.productId} kept changing while they were ended`);
  const report = { ended: outcomes.filter((outcome) => outcome === 'ended').length, unchanged: outcomes.filter((outcome) => outcome !== 'ended').length };
  logger.info('supplier offers of an archived product ended', { productId: detail.productId, ...report });
  return report;
});
