import { catalogRoutes } from '../../shared/contracts/catalog';
import { httpHandler } from '../../shared/http/handler';
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { changeProduct } from '../../shared/domain/catalog/product-change';
import { listingSettingsFrom } from '../../shared/domain/catalog/settings';
import { conflict } from '../../shared/domain/errors';
import { productVisibleTo } from './access';
import { toProductView } from './views';

const settings = listingSettingsFrom(process.env);

/**
 * PATCH /products/{id} — prices alone change the live product at once (200, `PriceChanged`) unless one
 * drops steeply; content changes and steep drops become a new revision for review (202) while the live
 * version stays as it is.
 */
export const handler = httpHandler(catalogRoutes.updateProduct, async function updateProduct({ path, body, actor, correlationId }) {
  const product = await productVisibleTo(actor, path.id);
  const category = await catalogRepository.requireCategory(product.categoryId);
  // One attempt: a product that changed meanwhile is a 409 to read again, as the route documents.
  const updated = await catalogRepository.updateProduct(
    path.id,
    (current) => ({
      ...changeProduct(
        current,
        { content: body.content, prices: body.prices, by: actor.sub, now: clock.now() },
        { category, maxUnreviewedPriceDropPercent: settings.maxUnreviewedPriceDropPercent, correlationId },
      ),
      write: { correlationId },
    }),
    1,
  );
  if (updated === 'contention') throw conflict('ProductChangedConcurrently', 'The product changed while this request was handled; read it again and retry');
  const { product: stored, decision: { kind } } = updated;
  logger.info(kind === 'REPRICE' ? 'product repriced' : 'product revision submitted', { productId: product.productId, revision: stored.latest.revision });
  return { status: kind === 'REPRICE' ? 200 : 202, body: toProductView(stored) };
});
