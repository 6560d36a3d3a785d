import { catalogRoutes } from '../../shared/contracts/catalog';
import { httpHandler } from '../../shared/http/handler';
import { catalogRepository } from '../../shared/adapters/catalog-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { assertRequiredSpecs } from '../../shared/domain/catalog/category';
import { priceChanged, productSubmittedForReview } from '../../shared/domain/catalog/events';
import { isChangeRefusal, planProductChange } from '../../shared/domain/catalog/listing';
import { appendHistory, productStatusFor, revisionRefusal, type Product } from '../../shared/domain/catalog/product';
import { listingSettingsFrom } from '../../shared/domain/catalog/settings';
import { conflict, DomainError } from '../../shared/domain/errors';
import { productVisibleTo } from './access';
import { toProductView } from './views';

const settings = listingSettingsFrom(process.env);

const changedConcurrently = () =>
  conflict('ProductChangedConcurrently', 'The product changed while this request was handled; read it again and retry');

/**
 * PATCH /products/{id} — prices alone change the live product at once (200, `PriceChanged`) unless one
 * drops steeply; content changes and steep drops become a new revision for review (202) while the live
 * version stays as it is.
 */
export const handler = httpHandler(catalogRoutes.updateProduct, async ({ path, body, actor, correlationId }) => {
  const product = await productVisibleTo(actor, path.id);
  const refusal = revisionRefusal(product);
  if (refusal) throw conflict('ProductNotEditable', refusal);
  const category = await catalogRepository.requireCategory(product.categoryId);
  const now = clock.now();
  const plan = planProductChange(
    product,
    { content: body.content, prices: body.prices, by: actor.sub, now },
    { minimumMarginPercent: category.minimumMarginPercent, maxUnreviewedDropPercent: settings.maxUnreviewedPriceDropPercent },
  );
  if (isChangeRefusal(plan)) throw new DomainError('unprocessable', 'PriceChangeRefused', 'The new prices break the pricing rules', plan.fieldErrors);

  if (plan.kind === 'REPRICE') {
    const next: Product = {
      ...product,
      live: { ...product.live!, skus: plan.skus },
      priceHistory: appendHistory(product.priceHistory, ...plan.changes),
      history: plan.history,
      updatedAt: now.toISOString(),
    };
    const events = plan.changes.length > 0 ? [priceChanged(product, product.live!.content.title, plan.changes)] : [];
    const stored = await catalogRepository.replaceProduct(product, next, { events, correlationId });
    if (!stored) throw changedConcurrently();
    logger.info('product repriced', { productId: product.productId, changes: plan.changes.length });
    return { status: 200, body: toProductView(stored) };
  }

  assertRequiredSpecs(category, plan.revision.content.specs);
  const next: Product = {
    ...product,
    status: productStatusFor(product.live !== undefined, product.status, 'DRAFT'),
    latest: plan.revision,
    history: plan.history,
    updatedAt: now.toISOString(),
  };
  const stored = await catalogRepository.replaceProduct(product, next, {
    events: [productSubmittedForReview(next, plan.revision, correlationId)],
    correlationId,
  });
  if (!stored) throw changedConcurrently();
  logger.info('product revision submitted', { productId: product.productId, revision: plan.revision.revision, reason: plan.revision.reason });
  return { status: 202, body: toProductView(stored) };
});
