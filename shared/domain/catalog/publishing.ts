/**
 * Publishing a revision, as a plain function of the product read: what goes live, what it announces, and
 * what storage claims with it in the same transaction (the slug, a stock record per new SKU). Nothing when
 * the revision is live already, so a retried step does nothing more.
 */
import type { DomainEventDraft } from '../events';
import { newStockLevel, type StockLevel } from '../inventory/stock';
import { priceChanged, productListed } from './events';
import { priceChangesOnPublish } from './listing';
import type { Product } from './product';
import { publishRevision } from './review';

/** Who approved a listing that no operator reviewed: the auto-approval rule for preferred suppliers. */
export const AUTO_APPROVAL = 'auto-approval';

export interface Publication {
  /** The product with the revision live; absent: it is live already. */
  readonly next?: Product;
  readonly events?: readonly DomainEventDraft<object>[];
  /** The slug the live version takes (refused if another product holds it), and the one it leaves. */
  readonly claimSlug?: string;
  readonly releaseSlug?: string;
  /** A stock record for every live SKU (one that exists keeps its counts). */
  readonly createStock?: readonly StockLevel[];
  /** The SKUs whose stock records are retired with the product (archive.ts): never restocked again. */
  readonly retireStock?: readonly string[];
}

export function publishListing(product: Product, revision: number, now: Date, defaultSafetyStock: number): Publication {
  if (product.latest.status === 'PUBLISHED') return {};
  const approvedBy = product.latest.review?.reviewedBy ?? AUTO_APPROVAL;
  const next = publishRevision(product, revision, approvedBy, now);
  const live = next.live!;
  const slug = live.content.seo.slug;
  const previousSlug = product.live?.content.seo.slug;
  // Not a diff of the histories: they are capped, so a full one would hide the change.
  const changes = priceChangesOnPublish(product, product.latest, approvedBy, now);
  const events: DomainEventDraft<object>[] = [productListed(next, next.latest, approvedBy)];
  if (changes.length > 0) events.push(priceChanged(next, live.content.title, changes));
  return {
    next,
    events,
    claimSlug: slug,
    ...(previousSlug && previousSlug !== slug ? { releaseSlug: previousSlug } : {}),
    createStock: live.skus.map((sku) => newStockLevel(sku.sku, product.productId, product.supplierId, defaultSafetyStock, now)),
  };
}
