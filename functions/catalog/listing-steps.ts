/**
 * What the listing workflow's task functions share: load the product at the revision the execution works
 * on, and write a step's result once — a step that runs twice finds its own result and does nothing more.
 */
import { catalogRepository, type ProductWrite, type StoredProduct } from '../../shared/adapters/catalog-repository';
import type { Product } from '../../shared/domain/catalog/product';
import { revisionSuperseded } from '../../shared/domain/catalog/review';
import { conflict } from '../../shared/domain/errors';

export async function loadRevision(productId: string, revision: number): Promise<StoredProduct> {
  const product = await catalogRepository.requireProduct(productId);
  if (product.latest.revision !== revision) throw revisionSuperseded(product, revision);
  return product;
}

/**
 * Applies `step` unless `done` says the product already shows its result. A write that loses a race is
 * retried once on the fresh product (the review route may write between two steps).
 */
export async function applyStep(
  productId: string,
  revision: number,
  done: (product: StoredProduct) => boolean,
  step: (product: StoredProduct) => { next: Product; write?: ProductWrite },
): Promise<StoredProduct> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const product = await loadRevision(productId, revision);
    if (done(product)) return product;
    const { next, write } = step(product);
    const stored = await catalogRepository.replaceProduct(product, next, write);
    if (stored) return stored;
  }
  throw conflict('ProductChangedConcurrently', `Product ${productId} kept changing while a listing step wrote it`);
}
