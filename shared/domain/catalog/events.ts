/**
 * Domain events of the catalogue, as drafts (the outbox stamps id, time and correlation id).
 * Every `summary` is one sentence a person reads in a notification.
 */
import type { DomainEventDraft } from '../events';
import { formatMoney } from '../money';
import type { PriceChange, Product, ProductRevision, QualityFinding } from './product';

export const CATALOG_EVENT_SOURCE = 'commerce.catalog';

export const CATALOG_EVENT_TYPES = [
  'ProductSubmittedForReview',
  'ProductReviewRequested',
  'ProductReviewReminderDue',
  'ProductReviewExpired',
  'ProductChangesRequested',
  'ProductRejected',
  'ProductListed',
  'PriceChanged',
  'ProductListingFailed',
  'ProductArchived',
] as const;
export type CatalogEventType = (typeof CATALOG_EVENT_TYPES)[number];

const draft = <D extends { summary: string }>(detailType: CatalogEventType, detail: D): DomainEventDraft<D> => ({
  source: CATALOG_EVENT_SOURCE,
  detailType,
  detail,
});

const subject = (product: Product, revision: ProductRevision) => ({
  productId: product.productId,
  supplierId: product.supplierId,
  categoryId: product.categoryId,
  revision: revision.revision,
  title: revision.content.title,
});

/** Starts the listing workflow for the revision (the rule passes productId, revision, correlationId). */
export const productSubmittedForReview = (product: Product, revision: ProductRevision, correlationId: string) =>
  draft('ProductSubmittedForReview', {
    ...subject(product, revision),
    correlationId,
    reason: revision.reason,
    summary: `"${revision.content.title}" (product ${product.productId}, revision ${revision.revision}) was submitted for listing.`,
  });

export const productReviewRequested = (product: Product, revision: ProductRevision, score: number, reviewDueAt: string) =>
  draft('ProductReviewRequested', {
    ...subject(product, revision),
    reason: revision.reason,
    score,
    reviewDueAt,
    summary: `"${revision.content.title}" scored ${score}/100 and awaits an operator's review by ${reviewDueAt}.`,
  });

export const productReviewReminderDue = (product: Product, revision: ProductRevision) =>
  draft('ProductReviewReminderDue', {
    ...subject(product, revision),
    reviewDueAt: revision.reviewDueAt,
    summary: `Reminder: "${revision.content.title}" still awaits review; the deadline is ${revision.reviewDueAt}.`,
  });

export const productReviewExpired = (product: Product, revision: ProductRevision) =>
  draft('ProductReviewExpired', {
    ...subject(product, revision),
    summary: `Nobody reviewed "${revision.content.title}" in time; it went back to the supplier to resubmit.`,
  });

const findingLines = (findings: readonly QualityFinding[]) =>
  findings.map(({ code, message, fixHint, field }) => ({ code, message, fixHint, ...(field ? { field } : {}) }));

export const productChangesRequested = (product: Product, revision: ProductRevision, score: number, findings: readonly QualityFinding[]) =>
  draft('ProductChangesRequested', {
    ...subject(product, revision),
    score,
    findings: findingLines(findings),
    summary: `"${revision.content.title}" needs changes before it can be listed (${findings.length} finding${findings.length === 1 ? '' : 's'}, score ${score}/100).`,
  });

export const productRejected = (product: Product, revision: ProductRevision, reasons: readonly string[]) =>
  draft('ProductRejected', {
    ...subject(product, revision),
    reasons,
    summary: `"${revision.content.title}" was rejected: ${reasons.join('; ')}`,
  });

export const productListed = (product: Product, revision: ProductRevision, approvedBy: string) =>
  draft('ProductListed', {
    ...subject(product, revision),
    slug: revision.content.seo.slug,
    skus: revision.skus.map(({ sku, unitPrice }) => ({ sku, unitPrice })),
    approvedBy,
    summary: `"${revision.content.title}" is live (revision ${revision.revision}, ${revision.skus.length} SKU${revision.skus.length === 1 ? '' : 's'}).`,
  });

/** Off sale for good (archive.ts): its live SKUs, who archived it and why. */
export const productArchived = (product: Product, archivedBy: string, reason: string) =>
  draft('ProductArchived', {
    productId: product.productId,
    supplierId: product.supplierId,
    categoryId: product.categoryId,
    title: product.live?.content.title ?? product.latest.content.title,
    skus: (product.live?.skus ?? []).map(({ sku }) => ({ sku })),
    archivedBy,
    reason,
    summary: `"${product.live?.content.title ?? product.latest.content.title}" was taken off sale: ${reason}`,
  });

export const priceChanged = (product: Product, title: string, changes: readonly PriceChange[]) =>
  draft('PriceChanged', {
    productId: product.productId,
    supplierId: product.supplierId,
    title,
    changes,
    summary: `Prices of "${title}" changed: ${changes.map((change) => `${change.sku} ${formatMoney(change.from)} → ${formatMoney(change.to)}`).join(', ')}.`,
  });

export const productListingFailed = (product: Product, revision: ProductRevision, error: string) =>
  draft('ProductListingFailed', {
    ...subject(product, revision),
    error,
    summary: `Listing "${revision.content.title}" (product ${product.productId}) failed on our side (${error}); it went back to the supplier.`,
  });
