/**
 * A product listed by a supplier: its content, its SKUs, and the life cycle it moves through.
 *
 * Every change of content (and a steep price drop) is a *revision* that goes through the listing
 * workflow. Until the product is first published the revision is all there is, and the product's status
 * is the revision's; once it is ACTIVE, the live version stays as it is while a new revision is reviewed.
 *
 *   revision:  DRAFT → IN_REVIEW → PUBLISHED | CHANGES_REQUESTED | REJECTED
 *   product:   DRAFT → IN_REVIEW → ACTIVE | CHANGES_REQUESTED | REJECTED;  ACTIVE → ARCHIVED
 *              CHANGES_REQUESTED → DRAFT (the supplier edits and resubmits)
 */
import type { SupplierFlag } from './supplier-flag';
import type { Money } from '../money';
import { conflict } from '../errors';

export const PRODUCT_STATUSES = ['DRAFT', 'IN_REVIEW', 'ACTIVE', 'CHANGES_REQUESTED', 'REJECTED', 'ARCHIVED'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export const REVISION_STATUSES = ['DRAFT', 'IN_REVIEW', 'PUBLISHED', 'CHANGES_REQUESTED', 'REJECTED'] as const;
export type RevisionStatus = (typeof REVISION_STATUSES)[number];

/** Why a revision exists: what the reviewer should look at. */
export const REVISION_REASONS = ['NEW_PRODUCT', 'CONTENT_CHANGE', 'PRICE_DROP'] as const;
export type RevisionReason = (typeof REVISION_REASONS)[number];

const PRODUCT_TRANSITIONS: Readonly<Record<ProductStatus, readonly ProductStatus[]>> = {
  DRAFT: ['IN_REVIEW'],
  IN_REVIEW: ['ACTIVE', 'CHANGES_REQUESTED', 'REJECTED'],
  CHANGES_REQUESTED: ['DRAFT'],
  ACTIVE: ['ARCHIVED'],
  REJECTED: [],
  ARCHIVED: [],
};

const REVISION_TRANSITIONS: Readonly<Record<RevisionStatus, readonly RevisionStatus[]>> = {
  DRAFT: ['IN_REVIEW'],
  IN_REVIEW: ['PUBLISHED', 'CHANGES_REQUESTED', 'REJECTED'],
  PUBLISHED: [],
  CHANGES_REQUESTED: [],
  REJECTED: [],
};

export const canTransitionProduct = (from: ProductStatus, to: ProductStatus): boolean =>
  PRODUCT_TRANSITIONS[from].includes(to);

export const assertRevisionTransition = (from: RevisionStatus, to: RevisionStatus): void => {
  if (!REVISION_TRANSITIONS[from].includes(to)) {
    throw conflict('IllegalStatusTransition', `A product revision cannot move from ${from} to ${to}`);
  }
};

/** The product status a revision's status implies: the revision's own until the product is live. */
export const productStatusFor = (live: boolean, current: ProductStatus, revisionStatus: RevisionStatus): ProductStatus => {
  if (live) return current;
  const next: ProductStatus = revisionStatus === 'PUBLISHED' ? 'ACTIVE' : revisionStatus;
  if (next !== current && !canTransitionProduct(current, next)) {
    throw conflict('IllegalStatusTransition', `A product cannot move from ${current} to ${next}`);
  }
  return next;
};

export interface ProductImage {
  readonly url: string;
  readonly altText: string;
}

export interface ProductSeo {
  /** URL path segment, unique across the catalogue: `merino-crew-neck-sweater`. */
  readonly slug: string;
  /** The first keyword is the primary one: the title must contain it. */
  readonly keywords: readonly string[];
}

/** What shoppers read: reviewed before it goes live. */
export interface ProductContent {
  readonly title: string;
  readonly description: string;
  readonly brand: string;
  readonly images: readonly ProductImage[];
  /** Category-specific specifications, e.g. `{ material: 'merino wool', care: 'hand wash' }`. */
  readonly specs: Readonly<Record<string, string>>;
  readonly seo: ProductSeo;
}

export interface Dimensions {
  readonly lengthMm: number;
  readonly widthMm: number;
  readonly heightMm: number;
}

/** One variant: what the warehouse stocks and the customer orders. */
export interface Sku {
  /** Stock-keeping code, unique across the catalogue: the inventory key. */
  readonly sku: string;
  /** Variant options, e.g. `{ size: 'M', colour: 'navy' }`. */
  readonly options: Readonly<Record<string, string>>;
  /** EAN-13 / UPC-A / GTIN-14 digits, unique across the catalogue. */
  readonly barcode: string;
  readonly unitPrice: Money;
  readonly unitCost: Money;
  readonly weightGrams: number;
  readonly dimensions: Dimensions;
  /** Units per sellable pack. */
  readonly packSize: number;
}

export const FINDING_CODES = [
  'TITLE_LENGTH',
  'TITLE_MISSING_PRIMARY_KEYWORD',
  'DESCRIPTION_TOO_SHORT',
  'DESCRIPTION_MISSING_FEATURES',
  'DESCRIPTION_MISSING_MATERIAL',
  'DESCRIPTION_MISSING_USAGE',
  'TOO_FEW_IMAGES',
  'DUPLICATE_IMAGE_URL',
  'IMAGE_MISSING_ALT_TEXT',
  'MISSING_REQUIRED_SPEC',
  'MARGIN_TOO_LOW',
  'SLUG_TAKEN',
  'BANNED_WORD',
  'REVIEW_EXPIRED',
  'LISTING_CHECK_FAILED',
  'REVIEWER_REQUESTED_CHANGES',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export interface QualityFinding {
  readonly code: FindingCode;
  readonly message: string;
  /** What to do about it, in the supplier's terms. */
  readonly fixHint: string;
  /** Where: `title`, `images.2.altText`, `skus.SKU-1.unitPrice`… */
  readonly field?: string;
  /** Points it costs the listing-quality score. */
  readonly penalty: number;
  /** A blocking finding sends the listing back whatever the score. */
  readonly blocking: boolean;
}

export interface ListingQuality {
  /** 0–100. */
  readonly score: number;
  readonly threshold: number;
  readonly findings: readonly QualityFinding[];
  readonly checkedAt: string;
}

export type ReviewDecision =
  | { readonly decision: 'APPROVE'; readonly reviewedBy: string; readonly reviewedAt: string; readonly notes?: string }
  | {
      readonly decision: 'REJECT' | 'REQUEST_CHANGES';
      readonly reasons: readonly string[];
      readonly reviewedBy: string;
      readonly reviewedAt: string;
    };

/** A version of the product's content and SKUs on its way through review. */
export interface ProductRevision {
  readonly revision: number;
  readonly status: RevisionStatus;
  readonly reason: RevisionReason;
  readonly content: ProductContent;
  readonly skus: readonly Sku[];
  readonly submittedAt: string;
  readonly submittedBy: string;
  /** Set by the content check. */
  readonly quality?: ListingQuality;
  /** Set while an operator's review is awaited. */
  readonly reviewDueAt?: string;
  readonly review?: ReviewDecision;
}

/** The version shoppers see. */
export interface LiveVersion {
  readonly revision: number;
  readonly content: ProductContent;
  readonly skus: readonly Sku[];
  readonly publishedAt: string;
}

export interface PriceChange {
  readonly sku: string;
  readonly from: Money;
  readonly to: Money;
  readonly changedAt: string;
  readonly changedBy: string;
}

export interface HistoryEntry {
  readonly at: string;
  /** What happened, e.g. `SUBMITTED`, `CHANGES_REQUESTED`, `PUBLISHED`, `PRICE_CHANGED`. */
  readonly event: string;
  readonly revision: number;
  readonly by: string;
  readonly note?: string;
}

export interface Product {
  readonly productId: string;
  readonly supplierId: string;
  readonly categoryId: string;
  readonly status: ProductStatus;
  readonly live?: LiveVersion;
  /** The latest revision (also the one in review, if any). Kept after publishing for its findings. */
  readonly latest: ProductRevision;
  readonly priceHistory: readonly PriceChange[];
  readonly history: readonly HistoryEntry[];
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  /** Set while the supplier is SUSPENDED (supplier-flag.ts): the listing stays, flagged for operators and buyers. */
  readonly supplierFlag?: SupplierFlag;
}

/** History and price history keep this many entries, newest last: the item stays far below 400 KB. */
export const HISTORY_LIMIT = 100;

export const appendHistory = <T>(entries: readonly T[], ...added: T[]): T[] => [...entries, ...added].slice(-HISTORY_LIMIT);

/** The content a new revision starts from: the revision sent back for changes, else the live version. */
export const baseVersionFor = (product: Product): { content: ProductContent; skus: readonly Sku[] } =>
  product.live && product.latest.status !== 'CHANGES_REQUESTED' ? product.live : product.latest;

/** Why a change cannot start a new revision now, or undefined when it can. */
export const revisionRefusal = (product: Product): string | undefined => {
  if (product.status === 'ARCHIVED') return 'An archived product cannot be changed';
  if (!product.live && product.status === 'REJECTED') return 'A rejected product cannot be resubmitted; list a new one';
  if (product.latest.status === 'DRAFT' || product.latest.status === 'IN_REVIEW') {
    return `Revision ${product.latest.revision} is still in review; wait for its outcome`;
  }
  return undefined;
};

export const skuByCode = (skus: readonly Sku[], code: string): Sku | undefined => skus.find((sku) => sku.sku === code);
