/**
 * What the listing workflow's task functions share: load the product at the revision the execution works
 * on, and save what a step decided (shared/domain/catalog/listing-steps.ts) — a step that runs twice finds
 * its own result and decides nothing more.
 */
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import { type ProductWrite, type StoredProduct } from '../../shared/adapters/catalog-repository';
import { atRevision, type ListingStep } from '../../shared/domain/catalog/listing-steps';
import { conflict } from '../../shared/domain/errors';

export async function loadRevision(productId: string, revision: number): Promise<StoredProduct> {
  return atRevision(await catalogRepository.requireProduct(productId), revision);
}

/** The review route may write between two steps: a step reads and decides at most this often. */
const STEP_ATTEMPTS = 2;

/**
 * Saves what `decide` makes of the product, with `write`'s storage fields (correlation id, the execution,
 * a task token). A write that loses a race is decided again on the fresh product.
 */
export async function applyStep(productId: string, decide: (product: StoredProduct) => ListingStep, write: ProductWrite = {}): Promise<StoredProduct> {
  const updated = await catalogRepository.updateProduct(productId, (product) => ({ ...decide(product), write }), STEP_ATTEMPTS);
  if (updated === 'contention') throw conflict('ProductChangedConcurrently', `Product ${productId} kept changing while a listing step wrote it`);
  return updated.product;
}
