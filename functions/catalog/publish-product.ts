import { revisionTaskInput } from '../../shared/contracts/catalog';
import { taskHandler } from '../../shared/tasks/task-handler';
import { catalogRepository } from '../../shared/adapters/catalog-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import type { DomainEventDraft } from '../../shared/domain/events';
import { priceChanged, productListed } from '../../shared/domain/catalog/events';
import { publishRevision } from '../../shared/domain/catalog/review';
import { listingSettingsFrom } from '../../shared/domain/catalog/settings';
import { priceChangesOnPublish } from '../../shared/domain/catalog/listing';
import { conflict } from '../../shared/domain/errors';
import { newStockLevel } from '../../shared/domain/inventory/stock';
import { loadRevision } from './listing-steps';
import { PRODUCT_LISTING_ERRORS } from '../../shared/domain/workflow-errors';

const settings = listingSettingsFrom(process.env);

/** Who approved a listing that no operator reviewed: the auto-approval rule for preferred suppliers. */
export const AUTO_APPROVAL = 'auto-approval';

/**
 * Workflow task: the revision goes live (ACTIVE) with, in one transaction, a stock record for every new
 * SKU (0 on hand, 0 reserved, the default safety stock), its slug, and `ProductListed`. A slug taken
 * meanwhile by another product fails with `SlugTaken`, and the workflow checks the content again.
 */
export const handler = taskHandler(revisionTaskInput, async ({ productId, revision, correlationId }) => {
  const product = await loadRevision(productId, revision);
  if (product.latest.status === 'PUBLISHED') return { published: true };
  const now = clock.now();
  const approvedBy = product.latest.review?.reviewedBy ?? AUTO_APPROVAL;
  const next = publishRevision(product, revision, approvedBy, now);
  const slug = next.live!.content.seo.slug;
  const previousSlug = product.live?.content.seo.slug;
  // Not a diff of the histories: they are capped, so a full one would hide the change.
  const changes = priceChangesOnPublish(product, product.latest, approvedBy, now);
  const events: DomainEventDraft<object>[] = [productListed(next, next.latest, approvedBy)];
  if (changes.length > 0) events.push(priceChanged(next, next.live!.content.title, changes));

  const stored = await catalogRepository.replaceProduct(product, next, {
    correlationId,
    events,
    alsoWrite: [
      catalogRepository.slugClaim(slug, productId),
      ...(previousSlug && previousSlug !== slug ? [catalogRepository.slugRelease(previousSlug, productId)] : []),
      ...next.live!.skus.map((sku) => catalogRepository.stockCreate(newStockLevel(sku.sku, productId, product.supplierId, settings.defaultSafetyStock, now))),
    ],
  });
  if (stored) {
    logger.info('product published', { productId, revision, approvedBy });
    return { published: true };
  }
  const latest = await loadRevision(productId, revision);
  if (latest.latest.status === 'PUBLISHED') return { published: true };
  const owner = await catalogRepository.slugOwner(slug);
  if (owner && owner !== productId) throw conflict(PRODUCT_LISTING_ERRORS.SlugTaken, `The slug ${slug} was taken by product ${owner}`);
  throw conflict('ProductChangedConcurrently', `Product ${productId} changed while it was being published`);
});
