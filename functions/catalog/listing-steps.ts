/**
 * What the listing workflow's task functions share: load the product at the revision the execution works
 * on, and write a step's result once — a step that runs twice finds its own result and does nothing more.
 */
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import { type ProductWrite, type StoredProduct } from '../../shared/adapters/catalog-repository';
import type { Product } from '../../shared/domain/catalog/product';
import { revisionSuperseded } from '../../shared/domain/catalog/review';
import { conflict } from '../../shared/domain/errors';

export async function loadRevision(productId: string, revision: number): Promise<StoredProduct> {
  return atRevision(await catalogRepository.requireProduct(productId), revision);
}

/** The review route may write between two steps: a step reads and decides at most this often. */
const STEP_ATTEMPTS = 2;

/** The product at `revision`, or RevisionSuperseded when a newer revision took over. */
export const atRevision = (product: StoredProduct, revision: number): StoredProduct => {
  if (product.latest.revision !== revision) throw revisionSuperseded(product, revision);
  return product;
};

/**
 * Applies `step` unless `done` says the product already shows its result. A write that loses a race is
 * decided again on the fresh product.
 */
export async function applyStep(
  productId: string,
  revision: number,
  done: (product: StoredProduct) => boolean,
  step: (product: StoredProduct) => { next: Product; write?: ProductWrite },
): Promise<StoredProduct> {
  const updated = await catalogRepository.updateProduct(
    productId,
    (product) => (done(atRevision(product, revision)) ? {} : step(product)),
    STEP_ATTEMPTS,
  );
  if (updated === 'contention') throw conflict('ProductChangedConcurrently', `Product ${productId} kept changing while a listing step wrote it`);
  return updated.product;
}
