import { revisionTaskInput } from '../../shared/contracts/catalog';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import * as stockLedger from '../../shared/adapters/stock-ledger';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { AUTO_APPROVAL, publishListing } from '../../shared/domain/catalog/publishing';
import { listingSettingsFrom } from '../../shared/domain/catalog/settings';
import { conflict } from '../../shared/domain/errors';
import { atRevision } from '../../shared/domain/catalog/listing-steps';
import { loadRevision } from './listing-steps';
import { PRODUCT_LISTING_ERRORS } from '../../shared/domain/workflow-errors';
import type { Product } from '../../shared/domain/catalog/product';

const settings = listingSettingsFrom(process.env);

/**
 * Workflow task: the revision goes live (ACTIVE) with, in one transaction, a stock record for every new
 * SKU (0 on hand, 0 reserved, the default safety stock), its slug, and `ProductListed`. A slug taken
 * meanwhile by another product fails with `SlugTaken`, and the workflow checks the content again. Then each live
 * SKU's stock is valued at its unit cost (stock-ledger.ts `setUnitCost`: what is on hand revalued, once).
 */
export const handler = taskHandler(revisionTaskInput, async function publishProduct({ productId, revision, correlationId }) {
  // One attempt: a refusal is read below (published by a retry of ours, the slug taken, or a change).
  const updated = await catalogRepository.updateProduct(
    productId,
    (product) => ({ ...publishListing(atRevision(product, revision), revision, clock.now(), settings.defaultSafetyStock), write: { correlationId } }),
    1,
  );
  if (updated !== 'contention') {
    if (updated.decision.next) logger.info('product published', { productId, revision, approvedBy: updated.product.latest.review?.reviewedBy ?? AUTO_APPROVAL });
    await valueStockAtCost(updated.product);
    return { published: true };
  }
  const latest = await loadRevision(productId, revision);
  if (latest.latest.status === 'PUBLISHED') {
    await valueStockAtCost(latest);
    return { published: true };
  }
  const slug = latest.latest.content.seo.slug;
  const owner = await catalogRepository.slugOwner(slug);
  if (owner && owner !== productId) throw conflict(PRODUCT_LISTING_ERRORS.SlugTaken, `The slug ${slug} was taken by product ${owner}`);
  throw conflict('ProductChangedConcurrently', `Product ${productId} changed while it was being published`);
});

/** The live SKUs' stock valued at their unit cost (a retry finds it set: nothing again). Contention leaves the old cost, said in the log. */
async function valueStockAtCost(product: Pick<Product, 'productId' | 'live'>): Promise<void> {
  for (const sku of product.live?.skus ?? []) {
    const outcome = await stockLedger.setUnitCost(sku.sku, sku.unitCost, clock.now());
    if (outcome === 'contention') logger.warn('unit cost not set: stock kept moving', { productId: product.productId, sku: sku.sku });
  }
}
