/**
 * The listing rules around the content checks: which path a checked revision takes, how a new product
 * and a new revision are made, and what a price change may do without a new review.
 */
import type { FieldError } from '../errors';
import type { Money } from '../money';
import type { Supplier } from '../suppliers/supplier';
import { computeScorecard } from '../suppliers/scorecard';
import { marginFindings, passesQuality } from './content-checks';
import type {
  HistoryEntry,
  ListingQuality,
  PriceChange,
  Product,
  ProductContent,
  ProductRevision,
  RevisionReason,
  Sku,
} from './product';
import { appendHistory, baseVersionFor, skuByCode } from './product';

/** A price may fall this much (percent) without a new review. @default 30 */
export const DEFAULT_MAX_UNREVIEWED_PRICE_DROP_PERCENT = 30;

export type ListingPath = 'REQUEST_CHANGES' | 'PUBLISH' | 'AWAIT_REVIEW';

/**
 * A preferred supplier is an approved one graded A on its scorecard: its listings that score at or above
 * the auto-approve threshold go live without an operator.
 */
export const isPreferredSupplier = (supplier: Pick<Supplier, 'status' | 'performance' | 'qualificationScore'>): boolean =>
  supplier.status === 'APPROVED' && computeScorecard(supplier.performance, supplier.qualificationScore).grade === 'A';

export function chooseListingPath(quality: ListingQuality, preferredSupplier: boolean, autoApproveThreshold: number): ListingPath {
  if (!passesQuality(quality)) return 'REQUEST_CHANGES';
  return preferredSupplier && quality.score >= autoApproveThreshold ? 'PUBLISH' : 'AWAIT_REVIEW';
}

export interface NewProductInput {
  readonly productId: string;
  readonly supplierId: string;
  readonly categoryId: string;
  readonly content: ProductContent;
  readonly skus: readonly Sku[];
  readonly by: string;
  readonly now: Date;
}

const revisionOf = (revision: number, reason: RevisionReason, content: ProductContent, skus: readonly Sku[], by: string, now: Date): ProductRevision => ({
  revision,
  status: 'DRAFT',
  reason,
  content,
  skus,
  submittedAt: now.toISOString(),
  submittedBy: by,
});

const entry = (event: string, revision: number, by: string, now: Date, note?: string): HistoryEntry => ({
  at: now.toISOString(),
  event,
  revision,
  by,
  ...(note ? { note } : {}),
});

export function newProduct(input: NewProductInput): Product {
  const at = input.now.toISOString();
  return {
    productId: input.productId,
    supplierId: input.supplierId,
    categoryId: input.categoryId,
    status: 'DRAFT',
    latest: revisionOf(1, 'NEW_PRODUCT', input.content, input.skus, input.by, input.now),
    priceHistory: [],
    history: [entry('SUBMITTED', 1, input.by, input.now)],
    createdAt: at,
    createdBy: input.by,
    updatedAt: at,
  };
}

export type ContentPatch = Partial<Omit<ProductContent, 'seo'>> & { readonly seo?: Partial<ProductContent['seo']> };

export interface PriceUpdate {
  readonly sku: string;
  readonly unitPrice: Money;
}

export interface ProductChangeRequest {
  readonly content?: ContentPatch;
  readonly prices?: readonly PriceUpdate[];
  readonly by: string;
  readonly now: Date;
}

/** What a change does: nothing but prices on a live product, or a new revision for review. */
export type ProductChangePlan =
  | { readonly kind: 'REPRICE'; readonly skus: readonly Sku[]; readonly changes: readonly PriceChange[]; readonly history: HistoryEntry[] }
  | { readonly kind: 'REVISE'; readonly revision: ProductRevision; readonly history: HistoryEntry[] };

export interface ChangeRefusal {
  readonly fieldErrors: readonly FieldError[];
}

const repriced = (skus: readonly Sku[], prices: readonly PriceUpdate[]): Sku[] =>
  skus.map((sku) => {
    const update = prices.find((price) => price.sku === sku.sku);
    return update ? { ...sku, unitPrice: update.unitPrice } : sku;
  });

/** Field errors for price updates: unknown SKUs, a currency that is not the cost's, and the margin guard. */
export function priceUpdateErrors(skus: readonly Sku[], prices: readonly PriceUpdate[], minimumMarginPercent: number): FieldError[] {
  const errors: FieldError[] = [];
  prices.forEach((price, index) => {
    if (!skuByCode(skus, price.sku)) errors.push({ field: `prices.${index}.sku`, message: `This product has no SKU ${price.sku}` });
  });
  const touched = repriced(skus, prices).filter((sku) => prices.some((price) => price.sku === sku.sku));
  for (const found of marginFindings(touched, minimumMarginPercent)) {
    const index = prices.findIndex((price) => `skus.${price.sku}.unitPrice` === found.field);
    errors.push({ field: `prices.${index}.unitPrice`, message: `${found.message}. ${found.fixHint}` });
  }
  return errors;
}

/**
 * Plans a PATCH. On a live product, prices alone are applied at once unless one falls by more than
 * `maxUnreviewedDropPercent`; content changes (and steep drops) become a new revision for review while
 * the live version stays. Before the first publication every change is a new revision.
 */
export function planProductChange(
  product: Product,
  request: ProductChangeRequest,
  policy: { readonly minimumMarginPercent: number; readonly maxUnreviewedDropPercent: number },
): ProductChangePlan | ChangeRefusal {
  const base = baseVersionFor(product);
  const prices = request.prices ?? [];
  const fieldErrors = priceUpdateErrors(base.skus, prices, policy.minimumMarginPercent);
  if (fieldErrors.length > 0) return { fieldErrors };

  const changes: PriceChange[] = prices.flatMap((price) => {
    const from = skuByCode(base.skus, price.sku)!.unitPrice;
    return from.amount === price.unitPrice.amount && from.currency === price.unitPrice.currency
      ? []
      : [{ sku: price.sku, from, to: price.unitPrice, changedAt: request.now.toISOString(), changedBy: request.by }];
  });
  // Compared in integers: `relativeDrop(…) * 100` rounds, e.g. 100 → 93 is 7.000000000000001 %, over a 7 % limit.
  const steepDrop = changes.some((change) => (change.from.amount - change.to.amount) * 100 > policy.maxUnreviewedDropPercent * change.from.amount);
  const nextRevision = product.latest.revision + 1;

  if (product.live && !request.content && !steepDrop && product.latest.status !== 'CHANGES_REQUESTED') {
    return {
      kind: 'REPRICE',
      skus: repriced(product.live.skus, prices),
      changes,
      history: appendHistory(product.history, entry('PRICE_CHANGED', product.live.revision, request.by, request.now, changes.map(describePriceChange).join('; '))),
    };
  }

  const patch = request.content ?? {};
  const content: ProductContent = { ...base.content, ...patch, seo: { ...base.content.seo, ...patch.seo } } as ProductContent;
  const reason: RevisionReason = !product.live ? 'NEW_PRODUCT' : request.content ? 'CONTENT_CHANGE' : 'PRICE_DROP';
  const revision = revisionOf(nextRevision, reason, content, repriced(base.skus, prices), request.by, request.now);
  return {
    kind: 'REVISE',
    revision,
    history: appendHistory(product.history, entry('RESUBMITTED', nextRevision, request.by, request.now, reason)),
  };
}

export const isChangeRefusal = (plan: ProductChangePlan | ChangeRefusal): plan is ChangeRefusal => 'fieldErrors' in plan;

export const describePriceChange = (change: PriceChange): string =>
  `${change.sku} ${change.from.amount}→${change.to.amount} ${change.to.currency}`;

/** The live prices a revision changes when it is published (for `PriceChanged` and the price history). */
export function priceChangesOnPublish(product: Product, revision: ProductRevision, by: string, now: Date): PriceChange[] {
  if (!product.live) return [];
  return revision.skus.flatMap((sku) => {
    const before = skuByCode(product.live!.skus, sku.sku);
    if (!before || before.unitPrice.amount === sku.unitPrice.amount) return [];
    return [{ sku: sku.sku, from: before.unitPrice, to: sku.unitPrice, changedAt: now.toISOString(), changedBy: by }];
  });
}

export const historyEntry = entry;
