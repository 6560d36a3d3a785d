/**
 * Products, categories, slug/SKU/barcode guards and stock records on the single table (keys:
 * docs/data-model.md). A product is written whole, conditionally on the version and status it was read
 * at, so two writers never interleave; its events and related items go in the same transaction.
 * Every operation is a named function on the module-scope table (`tableAccess`); handlers import the module
 * as `catalogRepository`, so go-to-definition lands here. The seed's category writes take its own.
 */
import { conflict, DomainError, found, notFound } from '../domain/errors';
import type { DomainEventDraft } from '../domain/events';
import type { Category } from '../domain/catalog/category';
import type { Product, ProductStatus, Sku } from '../domain/catalog/product';
import type { Publication } from '../domain/catalog/publishing';
import type { StockLevel } from '../domain/inventory/stock';
import { isOnQualityHold } from '../domain/inventory/quality-hold';
import { tableName } from './dynamo';
import { outboxPut, outboxPuts, stampEvent, type TransactWriteItem } from './outbox';
import { stockCreate, stockKey, stockRetire } from './inventory-repository';
import { tableAccess as table, type Decision, type PageRequest, type TableAccess } from './table-access';

/** The product plus what only storage and the workflow need. */
export interface StoredProduct extends Product {
  /** Bumped on every write; the condition of the next one. */
  readonly version: number;
  /** The listing execution working on the latest revision. */
  readonly executionArn?: string;
  /** The task token of the step waiting for an operator's review. */
  readonly taskToken?: string;
}

export interface ProductWrite {
  readonly events?: readonly DomainEventDraft<object>[];
  readonly correlationId?: string;
  /** Other items written in the same transaction (stock records, the slug). */
  readonly alsoWrite?: readonly TransactWriteItem[];
  /** The execution now working on the latest revision. @default - kept while the revision is the same */
  readonly executionArn?: string;
  /** The token of the step now waiting for a review. @default - none: a token answers one wait only */
  readonly taskToken?: string;
}

/** `next` as it will be stored: storage fields come from the write, never from a spread of the old item. */
const storedVersionOf = (current: StoredProduct, next: Product, write: ProductWrite): StoredProduct => {
  const plain: Record<string, unknown> = { ...next };
  for (const field of ['version', 'executionArn', 'taskToken']) delete plain[field];
  const executionArn = write.executionArn ?? (next.latest.revision === current.latest.revision ? current.executionArn : undefined);
  return {
    ...(plain as unknown as Product),
    ...(executionArn ? { executionArn } : {}),
    ...(write.taskToken ? { taskToken: write.taskToken } : {}),
    version: current.version + 1,
  };
};

const productKey = (productId: string) => ({ pk: `PRODUCT#${productId}`, sk: 'PRODUCT' });
const categoryKey = (categoryId: string) => ({ pk: `CATEGORY#${categoryId}`, sk: 'CATEGORY' });
const slugKey = (slug: string) => ({ pk: `SLUG#${slug}`, sk: 'SLUG' });
const skuGuardKey = (sku: string) => ({ pk: `SKU#${sku}`, sk: 'SKU' });
const barcodeKey = (barcode: string) => ({ pk: `BARCODE#${barcode}`, sk: 'BARCODE' });

const productsByStatus = (status: ProductStatus) => `PRODUCTS#${status}`;
const productsBySupplier = (supplierId: string) => `SUPPLIER_PRODUCTS#${supplierId}`;
const productsByCategory = (categoryId: string, status: ProductStatus) => `CATEGORY_PRODUCTS#${categoryId}#${status}`;

export const productItem = (product: StoredProduct) => {
  const order = `${product.createdAt}#${product.productId}`;
  return {
    ...productKey(product.productId),
    entity: 'Product',
    gsi1pk: productsByStatus(product.status),
    gsi1sk: order,
    gsi2pk: productsBySupplier(product.supplierId),
    gsi2sk: order,
    gsi3pk: productsByCategory(product.categoryId, product.status),
    gsi3sk: order,
    ...product,
  };
};

/**
 * The review queue is GSI1 `PRODUCTS#IN_REVIEW`. A new listing in review is there by its own status; a live
 * product whose latest revision is in review stays `ACTIVE` (and in `PRODUCTS#ACTIVE`), so a sparse entry
 * item beside it (`PRODUCT#<id>` / `REVIEW`, a copy of the product) puts it in the queue while that lasts.
 */
const reviewEntryKey = (productId: string) => ({ pk: `PRODUCT#${productId}`, sk: 'REVIEW' });
const revisionInReview = (product: Product): boolean => product.status !== 'IN_REVIEW' && product.latest.status === 'IN_REVIEW';

export const reviewEntryItem = (product: StoredProduct) => ({
  ...product,
  ...reviewEntryKey(product.productId),
  entity: 'ProductRevisionInReview',
  gsi1pk: productsByStatus('IN_REVIEW'),
  gsi1sk: `${product.createdAt}#${product.productId}`,
});

/** Leaving the queue overwrites the entry with one in no index, gone by TTL a day later. */
const reviewEntryTombstone = (product: StoredProduct) => ({
  ...reviewEntryKey(product.productId),
  entity: 'ProductRevisionReviewed',
  productId: product.productId,
  revision: product.latest.revision,
  expiresAt: Math.floor(Date.parse(product.updatedAt) / 1000) + 24 * 3600,
});

export const categoryItem = (category: Category) => ({
  ...categoryKey(category.categoryId),
  entity: 'Category',
  gsi1pk: 'CATEGORIES',
  gsi1sk: category.categoryId,
  ...category,
});

/**
 * What a decision about a product changes: the next product, its events, what a publication claims with it
 * (the domain's `Publication`), and what storage writes with it; no `next`, nothing.
 */
export interface ProductChange extends Publication {
  readonly write?: ProductWrite;
}

/** The decision's events and the slug and stock items it claims, as the write's events and other items. */
const writeOf = (change: ProductChange): ProductWrite => {
  const write = change.write ?? {};
  const claims: TransactWriteItem[] = [
    ...(change.claimSlug ? [slugClaim(change.claimSlug, change.next!.productId)] : []),
    ...(change.releaseSlug ? [slugRelease(change.releaseSlug, change.next!.productId)] : []),
    ...(change.createStock ?? []).map(stockCreate),
    ...(change.retireStock ?? []).map((sku) => stockRetire(sku, change.next!.updatedAt)),
  ];
  return { ...write, events: [...(change.events ?? []), ...(write.events ?? [])], alsoWrite: [...claims, ...(write.alsoWrite ?? [])] };
};

/** A product update as it came out: the product as read, as it stands now, and the decision that led there. */
export interface ProductUpdated<D> {
  readonly read: StoredProduct;
  readonly product: StoredProduct;
  readonly decision: D;
}

/** Which SKU code or barcode of `skus` a refused create transaction tripped over (`refused`: item positions). */
const duplicateFrom = (refused: readonly number[], skus: readonly Sku[]) => {
  const guards = skus.flatMap((sku, index) => [
    { field: `skus.${index}.sku`, what: `SKU ${sku.sku}` },
    { field: `skus.${index}.barcode`, what: `Barcode ${sku.barcode}` },
  ]);
  // Items are [product, guard(sku 0), guard(barcode 0), …, outbox].
  const hit = guards.find((_, index) => refused.includes(index + 1));
  return hit
    ? new DomainError('conflict', 'DuplicateSku', `${hit.what} already belongs to another product`, [
        { field: hit.field, message: 'already used by another product' },
      ])
    : undefined;
};

const guardPut = (key: Record<string, string>, item: Record<string, unknown>): TransactWriteItem => ({
  Put: { TableName: tableName(), Item: { ...key, ...item }, ConditionExpression: 'attribute_not_exists(pk)' },
});

/** The items that write `stored` over `current`: the product first (conditional on its version and status), then the rest. */
const productWriteItems = (current: StoredProduct, stored: StoredProduct, write: ProductWrite): TransactWriteItem[] => {
  // Enter, refresh or leave the review queue with the product (only when a revision is or was in review).
  const reviewEntry: TransactWriteItem[] = revisionInReview(stored)
    ? [{ Put: { TableName: tableName(), Item: reviewEntryItem(stored) } }]
    : revisionInReview(current)
      ? [{ Put: { TableName: tableName(), Item: reviewEntryTombstone(stored) } }]
      : [];
  return [table.versionedPut(productItem(stored), current), ...reviewEntry, ...(write.alsoWrite ?? []), ...outboxPuts(write.events, write.correlationId)];
};

export function getProduct(productId: string): Promise<StoredProduct | undefined> {
  return table.getItem<StoredProduct>(productKey(productId));
}

export async function requireProduct(productId: string): Promise<StoredProduct> {
  return found(await getProduct(productId), 'Product', productId);
}

/** A new product, its SKU and barcode guards, its event (and its creation guard, `alsoWrite`), together; 409 DuplicateSku if one is taken. */
export async function createProduct(product: Product, event: DomainEventDraft<object>, correlationId: string, alsoWrite: readonly TransactWriteItem[] = []): Promise<StoredProduct> {
  const stored: StoredProduct = { ...product, version: 1 };
  const skus = product.latest.skus;
  const items: TransactWriteItem[] = [
    { Put: { TableName: tableName(), Item: productItem(stored), ConditionExpression: 'attribute_not_exists(pk)' } },
    ...skus.flatMap((sku) => [
      guardPut(skuGuardKey(sku.sku), { entity: 'SkuGuard', productId: product.productId }),
      guardPut(barcodeKey(sku.barcode), { entity: 'BarcodeGuard', productId: product.productId, sku: sku.sku }),
    ]),
    outboxPut(stampEvent(event, correlationId)),
    ...alsoWrite,
  ];
  const outcome = await table.write(items);
  if (outcome === 'written') return stored;
  throw (outcome !== 'contention' && duplicateFrom(outcome.refused, skus)) || conflict('ProductNotCreated', `Product ${product.productId} was not created: another request won`);
}

/**
 * The one way to change a product under contention: read it, let `decide` choose the next product (or
 * nothing), write it conditionally on the version and status read; re-read and decide again when someone
 * wrote it meanwhile. `'contention'` when it kept changing (or another item's condition kept refusing it).
 */
export function updateProduct<D extends ProductChange>(
  productId: string,
  decide: (product: StoredProduct) => D,
  attempts: number,
): Promise<ProductUpdated<D> | 'contention'> {
  return table.update<StoredProduct, ProductUpdated<D>>(
    productKey(productId),
    (product): Decision<ProductUpdated<D>> => {
      if (!product) throw notFound('Product', productId);
      const decision = decide(product);
      if (!decision.next) return { result: { read: product, product, decision } };
      const write = writeOf(decision);
      const stored = storedVersionOf(product, decision.next, write);
      return { result: { read: product, product: stored, decision }, write: productWriteItems(product, stored, write) };
    },
    { attempts },
  );
}

/** By status; `IN_REVIEW` is the review queue: new listings and live products with a revision in review. */
export function listByStatus(status: ProductStatus, page: PageRequest) {
  return table.query<StoredProduct>('GSI1', productsByStatus(status), page, { newestFirst: true });
}

export function listBySupplier(supplierId: string, filters: { status?: ProductStatus; categoryId?: string }, page: PageRequest) {
  return table.query<StoredProduct>('GSI2', productsBySupplier(supplierId), page, { newestFirst: true, filters });
}

export function listByCategory(categoryId: string, status: ProductStatus, page: PageRequest) {
  return table.query<StoredProduct>('GSI3', productsByCategory(categoryId, status), page, { newestFirst: true });
}

/* ---------- slugs ---------- */

export async function slugOwner(slug: string): Promise<string | undefined> {
  return (await table.getItem<{ productId: string }>(slugKey(slug)))?.productId;
}

/** Claims `slug` for the product (free, or its own already): for the publishing transaction. */
export function slugClaim(slug: string, productId: string): TransactWriteItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...slugKey(slug), entity: 'SlugGuard', productId },
      ConditionExpression: 'attribute_not_exists(pk) OR productId = :productId',
      ExpressionAttributeValues: { ':productId': productId },
    },
  };
}

/** Frees a slug the product no longer uses. */
export function slugRelease(slug: string, productId: string): TransactWriteItem {
  return {
    Delete: {
      TableName: tableName(),
      Key: slugKey(slug),
      ConditionExpression: 'attribute_not_exists(pk) OR productId = :productId',
      ExpressionAttributeValues: { ':productId': productId },
    },
  };
}

/**
 * The live SKUs behind `codes` (through their stock records), for pricing a cart: a code that is not
 * listed, whose product is not ACTIVE, or that is on quality hold, is simply absent from the map.
 */
export async function activeSkus(codes: readonly string[]): Promise<Map<string, Sku>> {
  return new Map([...(await activeListings(codes))].map(([code, listing]) => [code, listing.sku]));
}

/** A live SKU with where it sits in the catalogue (its product and category: product and category promotions). */
export interface SkuListing {
  readonly sku: Sku;
  readonly productId: string;
  readonly categoryId: string;
}

/** `activeSkus` with each SKU's product and category, from the same reads. */
export async function activeListings(codes: readonly string[]): Promise<Map<string, SkuListing>> {
  // A SKU on quality hold is not for sale until an operator releases it (inventory/quality-hold.ts).
  const stocks = await Promise.all(codes.map((code) => table.getItem<StockLevel>(stockKey(code))));
  const held = new Set(stocks.flatMap((stock) => (stock && isOnQualityHold(stock) ? [stock.sku] : [])));
  const productIds = [...new Set(stocks.flatMap((stock) => (stock ? [stock.productId] : [])))];
  const products = await Promise.all(productIds.map((productId) => table.getItem<Product>(productKey(productId))));
  const found = new Map<string, SkuListing>();
  for (const product of products) {
    if (product?.status !== 'ACTIVE' || !product.live) continue;
    for (const sku of product.live.skus) if (codes.includes(sku.sku) && !held.has(sku.sku)) found.set(sku.sku, { sku, productId: product.productId, categoryId: product.categoryId });
  }
  return found;
}

/* ---------- categories ---------- */

export function getCategory(categoryId: string): Promise<Category | undefined> {
  return table.getItem<Category>(categoryKey(categoryId));
}

export async function requireCategory(categoryId: string): Promise<Category> {
  return found(await getCategory(categoryId), 'Category', categoryId);
}

export async function putCategory(category: Category, access: TableAccess = table): Promise<void> {
  await access.write([{ Put: { TableName: access.tableName(), Item: categoryItem(category) } }]);
}

export function listCategories(page: PageRequest) {
  return table.query<Category>('GSI1', 'CATEGORIES', page);
}
