/**
 * Taking a product off sale for good (ACTIVE → ARCHIVED): it is no longer quoted or ordered (only ACTIVE products
 * are sold), its slug is free for another product, and `ProductArchived` names its SKUs (analytics stops counting
 * them live; its supplier is told). Its stock records stay, marked retired so low stock never asks for a restock: what
 * is on hand is still counted, sent back to the supplier or written off through inventory. A revision on its way to review is decided first, because the listing
 * workflow would otherwise publish into an archived product.
 */
import { conflict } from '../errors';
import { productArchived } from './events';
import { appendHistory, type Product } from './product';
import type { Publication } from './publishing';

export function archiveProduct(product: Product, by: string, reason: string, now: Date): Publication {
  if (product.status === 'ARCHIVED') return {};
  if (product.status !== 'ACTIVE' || !product.live) {
    throw conflict('ProductNotLive', `Product ${product.productId} is ${product.status}; only a live product can be archived`);
  }
  if (product.latest.status === 'DRAFT' || product.latest.status === 'IN_REVIEW') {
    throw conflict('RevisionInReview', `Revision ${product.latest.revision} of product ${product.productId} awaits review; decide it before archiving the product`);
  }
  const at = now.toISOString();
  const next: Product = {
    ...product,
    status: 'ARCHIVED',
    history: appendHistory(product.history, { at, event: 'ARCHIVED', revision: product.live.revision, by, note: reason }),
    updatedAt: at,
  };
  return { next, events: [productArchived(next, by, reason)], releaseSlug: product.live.content.seo.slug, retireStock: product.live.skus.map(({ sku }) => sku) };
}
