/**
 * What each step of the listing workflow does to a product, as pure functions: each takes the product
 * as read and the revision the workflow works on, and returns the product to write. A step for a
 * revision that is no longer the latest refuses (`RevisionSuperseded`), so a stale execution changes nothing.
 */
import { conflict } from '../errors';
import type { FindingCode, ListingQuality, Product, ProductRevision, QualityFinding, ReviewDecision, RevisionStatus } from './product';
import { appendHistory, assertRevisionTransition, productStatusFor } from './product';
import { historyEntry, priceChangesOnPublish } from './listing';
import { PRODUCT_LISTING_ERRORS } from '../workflow-errors';

export const revisionSuperseded = (product: Product, revision: number) =>
  conflict(PRODUCT_LISTING_ERRORS.RevisionSuperseded, `Product ${product.productId} is at revision ${product.latest.revision}, not ${revision}`);

const requireLatest = (product: Product, revision: number): ProductRevision => {
  if (product.latest.revision !== revision) throw revisionSuperseded(product, revision);
  return product.latest;
};

/** Moves the latest revision to `to`, with the product status that implies and a history entry. */
const moveRevision = (
  product: Product,
  revision: number,
  to: RevisionStatus,
  by: string,
  now: Date,
  changes: Partial<ProductRevision> = {},
  note?: string,
): Product => {
  const latest = requireLatest(product, revision);
  assertRevisionTransition(latest.status, to);
  return {
    ...product,
    status: productStatusFor(product.live !== undefined, product.status, to),
    latest: { ...latest, ...changes, status: to },
    history: appendHistory(product.history, historyEntry(to, revision, by, now, note)),
    updatedAt: now.toISOString(),
  };
};

export const WORKFLOW_ACTOR = 'listing-workflow';

export const startReview = (product: Product, revision: number, now: Date): Product =>
  moveRevision(product, revision, 'IN_REVIEW', WORKFLOW_ACTOR, now);

export const recordQuality = (product: Product, revision: number, quality: ListingQuality, now: Date): Product => {
  const latest = requireLatest(product, revision);
  return { ...product, latest: { ...latest, quality }, updatedAt: now.toISOString() };
};

export const awaitReview = (product: Product, revision: number, reviewDueAt: string, now: Date): Product => {
  const latest = requireLatest(product, revision);
  return {
    ...product,
    latest: { ...latest, reviewDueAt },
    history: appendHistory(product.history, historyEntry('AWAITING_REVIEW', revision, WORKFLOW_ACTOR, now, `due ${reviewDueAt}`)),
    updatedAt: now.toISOString(),
  };
};

/** The operator's decision, recorded once while the revision awaits review. */
export const recordReview = (product: Product, revision: number, review: ReviewDecision): Product => {
  const latest = requireLatest(product, revision);
  if (latest.status !== 'IN_REVIEW' || latest.reviewDueAt === undefined) {
    throw conflict('ProductNotInReview', `Product ${product.productId} has no revision awaiting review (revision ${latest.revision} is ${latest.status})`);
  }
  if (latest.review) throw conflict('ProductAlreadyReviewed', `Revision ${latest.revision} of product ${product.productId} was already reviewed`);
  return {
    ...product,
    latest: { ...latest, review },
    history: appendHistory(product.history, historyEntry(`REVIEWED_${review.decision}`, revision, review.reviewedBy, new Date(review.reviewedAt))),
    updatedAt: review.reviewedAt,
  };
};

/** A finding that is not a content check's: the reviewer's reasons, an expired review, a failure. */
export const processFinding = (code: FindingCode, message: string, fixHint: string): QualityFinding => ({
  code,
  message,
  fixHint,
  penalty: 0,
  blocking: true,
});

/** Back to the supplier with what to fix; the findings join the content check's. */
export const requestChanges = (product: Product, revision: number, extra: readonly QualityFinding[], by: string, now: Date): Product => {
  const latest = requireLatest(product, revision);
  const quality: ListingQuality = latest.quality
    ? { ...latest.quality, findings: [...latest.quality.findings, ...extra] }
    : { score: 0, threshold: 0, findings: [...extra], checkedAt: now.toISOString() };
  return moveRevision(product, revision, 'CHANGES_REQUESTED', by, now, { quality }, extra.map((found) => found.code).join(', ') || undefined);
};

export const rejectRevision = (product: Product, revision: number, reasons: readonly string[], by: string, now: Date): Product =>
  moveRevision(product, revision, 'REJECTED', by, now, {}, reasons.join('; '));

/** The revision goes live: content, SKUs and prices; the old live prices go to the price history. */
export function publishRevision(product: Product, revision: number, approvedBy: string, now: Date): Product {
  const latest = requireLatest(product, revision);
  const priceChanges = priceChangesOnPublish(product, latest, approvedBy, now);
  const moved = moveRevision(product, revision, 'PUBLISHED', approvedBy, now);
  return {
    ...moved,
    live: { revision, content: latest.content, skus: latest.skus, publishedAt: now.toISOString() },
    priceHistory: appendHistory(product.priceHistory, ...priceChanges),
  };
}
