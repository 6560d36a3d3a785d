import { catalogRoutes } from '../../shared/contracts/catalog';
import { httpHandler } from '../../shared/http/handler';
import { catalogRepository } from '../../shared/adapters/catalog-repository';
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
  const { kind, next, events } = changeProduct(
    product,
    { content: body.content, prices: body.prices, by: actor.sub, now: clock.now() },
    { category, maxUnreviewedPriceDropPercent: settings.maxUnreviewedPriceDropPercent, correlationId },
  );
  const stored = await catalogRepository.replaceProduct(product, next, { events, correlationId });
  if (!stored) throw conflict('ProductChangedConcurrently', 'The product changed while this request was handled; read it again and retry');
  logger.info(kind === 'REPRICE' ? 'product repriced' : 'product revision submitted', { productId: product.productId, revision: stored.latest.revision });
  return { status: kind === 'REPRICE' ? 200 : 202, body: toProductView(stored) };
});
