/**
 * Products, categories, slug/SKU/barcode guards and stock records on the single table (keys:
 * docs/data-model.md). A product is written whole, conditionally on the version and status it was read
 * at, so two writers never interleave; its events and related items go in the same transaction.
 */
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { conflict, DomainError, notFound } from '../domain/errors';
import type { DomainEventDraft } from '../domain/events';
import type { Category } from '../domain/catalog/category';
import type { Product, ProductStatus, Sku } from '../domain/catalog/product';
import type { StockLevel } from '../domain/inventory/stock';
import { documentClient, tableName } from './dynamo';
import { outboxPut, outboxPuts, stampEvent, type TransactWriteItem } from './outbox';
import { createTableAccess, type Decision, type PageRequest } from './table-access';

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
export const stockKey = (sku: string) => ({ pk: `SKU#${sku}`, sk: 'STOCK' });

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

/** What a decision about a product changes: the next product and what is written with it; no `next`, nothing. */
export interface ProductChange {
  readonly next?: Product;
  readonly write?: ProductWrite;
}

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

export const createCatalogRepository = (client: DynamoDBDocumentClient, table: () => string) => {
  const { getItem, query, update, versionedPut, write, writeTogether } = createTableAccess(client, table);

  const guardPut = (key: Record<string, string>, item: Record<string, unknown>): TransactWriteItem => ({
    Put: { TableName: table(), Item: { ...key, ...item }, ConditionExpression: 'attribute_not_exists(pk)' },
  });

  /** The items that write `stored` over `current`: the product first (conditional on its version and status), then the rest. */
  const productWriteItems = (current: StoredProduct, stored: StoredProduct, write: ProductWrite): TransactWriteItem[] => {
    // Enter, refresh or leave the review queue with the product (only when a revision is or was in review).
    const reviewEntry: TransactWriteItem[] = revisionInReview(stored)
      ? [{ Put: { TableName: table(), Item: reviewEntryItem(stored) } }]
      : revisionInReview(current)
        ? [{ Put: { TableName: table(), Item: reviewEntryTombstone(stored) } }]
        : [];
    return [versionedPut(productItem(stored), current), ...reviewEntry, ...(write.alsoWrite ?? []), ...outboxPuts(write.events, write.correlationId)];
  };

  const repository = {
    getProduct: (productId: string) => getItem<StoredProduct>(productKey(productId)),

    async requireProduct(productId: string): Promise<StoredProduct> {
      const product = await repository.getProduct(productId);
      if (!product) throw notFound('Product', productId);
      return product;
    },

    /** A new product, its SKU and barcode guards, its event (and its creation guard, `alsoWrite`), together; 409 DuplicateSku if one is taken. */
    async createProduct(product: Product, event: DomainEventDraft<object>, correlationId: string, alsoWrite: readonly TransactWriteItem[] = []): Promise<StoredProduct> {
      const stored: StoredProduct = { ...product, version: 1 };
      const skus = product.latest.skus;
      const items: TransactWriteItem[] = [
        { Put: { TableName: table(), Item: productItem(stored), ConditionExpression: 'attribute_not_exists(pk)' } },
        ...skus.flatMap((sku) => [
          guardPut(skuGuardKey(sku.sku), { entity: 'SkuGuard', productId: product.productId }),
          guardPut(barcodeKey(sku.barcode), { entity: 'BarcodeGuard', productId: product.productId, sku: sku.sku }),
        ]),
        outboxPut(stampEvent(event, correlationId)),
        ...alsoWrite,
      ];
      const outcome = await write(items);
      if (outcome === 'written') return stored;
      throw (outcome !== 'contention' && duplicateFrom(outcome.refused, skus)) || conflict('ProductNotCreated', `Product ${product.productId} was not created: another request won`);
    },

    /**
     * Replaces `current` by `next` if nobody wrote it since it was read (same version and status).
     * Returns the stored product, or undefined when that condition did not hold (re-read and decide).
     */
    async replaceProduct(current: StoredProduct, next: Product, write: ProductWrite = {}): Promise<StoredProduct | undefined> {
      const stored = storedVersionOf(current, next, write);
      return (await writeTogether(productWriteItems(current, stored, write))) ? stored : undefined;
    },

    /**
     * The one way to change a product under contention: read it, let `decide` choose the next product (or
     * nothing), write it conditionally on the version and status read; re-read and decide again when someone
     * wrote it meanwhile. `'contention'` when it kept changing.
     */
    updateProduct: <D extends ProductChange>(productId: string, decide: (product: StoredProduct) => D, attempts: number): Promise<ProductUpdated<D> | 'contention'> =>
      update<StoredProduct, ProductUpdated<D>>(
        productKey(productId),
        (product): Decision<ProductUpdated<D>> => {
          if (!product) throw notFound('Product', productId);
          const decision = decide(product);
          if (!decision.next) return { result: { read: product, product, decision } };
          const write = decision.write ?? {};
          const stored = storedVersionOf(product, decision.next, write);
          return { result: { read: product, product: stored, decision }, write: productWriteItems(product, stored, write) };
        },
        { attempts },
      ),

    /** By status; `IN_REVIEW` is the review queue: new listings and live products with a revision in review. */
    listByStatus: (status: ProductStatus, page: PageRequest) =>
      query<StoredProduct>('GSI1', productsByStatus(status), page, { newestFirst: true }),

    listBySupplier: (supplierId: string, filters: { status?: ProductStatus; categoryId?: string }, page: PageRequest) =>
      query<StoredProduct>('GSI2', productsBySupplier(supplierId), page, { newestFirst: true, filters }),

    listByCategory: (categoryId: string, status: ProductStatus, page: PageRequest) =>
      query<StoredProduct>('GSI3', productsByCategory(categoryId, status), page, { newestFirst: true }),

    /* ---------- slugs ---------- */

    async slugOwner(slug: string): Promise<string | undefined> {
      return (await getItem<{ productId: string }>(slugKey(slug)))?.productId;
    },

    /** Claims `slug` for the product (free, or its own already): for the publishing transaction. */
    slugClaim: (slug: string, productId: string): TransactWriteItem => ({
      Put: {
        TableName: table(),
        Item: { ...slugKey(slug), entity: 'SlugGuard', productId },
        ConditionExpression: 'attribute_not_exists(pk) OR productId = :productId',
        ExpressionAttributeValues: { ':productId': productId },
      },
    }),

    /** Frees a slug the product no longer uses. */
    slugRelease: (slug: string, productId: string): TransactWriteItem => ({
      Delete: {
        TableName: table(),
        Key: slugKey(slug),
        ConditionExpression: 'attribute_not_exists(pk) OR productId = :productId',
        ExpressionAttributeValues: { ':productId': productId },
      },
    }),

    /* ---------- stock ---------- */

    /** Creates the stock record of a newly listed SKU; a record that exists keeps its counts. */
    stockCreate: (stock: StockLevel): TransactWriteItem => ({
      Update: {
        TableName: table(),
        Key: stockKey(stock.sku),
        UpdateExpression:
          'SET entity = :entity, sku = :sku, productId = :productId, supplierId = :supplierId, gsi2pk = :gsi2pk, gsi2sk = :sku, ' +
          'onHand = if_not_exists(onHand, :zero), reserved = if_not_exists(reserved, :zero), available = if_not_exists(available, :zero), ' +
          'safetyStock = if_not_exists(safetyStock, :safetyStock), createdAt = if_not_exists(createdAt, :now), updatedAt = :now',
        ExpressionAttributeValues: {
          ':entity': 'StockLevel',
          ':sku': stock.sku,
          ':productId': stock.productId,
          ':supplierId': stock.supplierId,
          ':gsi2pk': `SUPPLIER_STOCK#${stock.supplierId}`,
          ':zero': 0,
          ':safetyStock': stock.safetyStock,
          ':now': stock.updatedAt,
        },
      },
    }),

    getStock: (sku: string) => getItem<StockLevel>(stockKey(sku)),

    /**
     * The live SKUs behind `codes` (through their stock records), for pricing a cart: a code that is not
     * listed, or whose product is not ACTIVE, is simply absent from the map.
     */
    async activeSkus(codes: readonly string[]): Promise<Map<string, Sku>> {
      const stocks = await Promise.all(codes.map((code) => getItem<StockLevel>(stockKey(code))));
      const productIds = [...new Set(stocks.flatMap((stock) => (stock ? [stock.productId] : [])))];
      const products = await Promise.all(productIds.map((productId) => getItem<Product>(productKey(productId))));
      const found = new Map<string, Sku>();
      for (const product of products) {
        if (product?.status !== 'ACTIVE' || !product.live) continue;
        for (const sku of product.live.skus) if (codes.includes(sku.sku)) found.set(sku.sku, sku);
      }
      return found;
    },

    /* ---------- categories ---------- */

    getCategory: (categoryId: string) => getItem<Category>(categoryKey(categoryId)),

    async requireCategory(categoryId: string): Promise<Category> {
      const category = await repository.getCategory(categoryId);
      if (!category) throw notFound('Category', categoryId);
      return category;
    },

    async putCategory(category: Category): Promise<void> {
      await client.send(new PutCommand({ TableName: table(), Item: categoryItem(category) }));
    },

    listCategories: (page: PageRequest) => query<Category>('GSI1', 'CATEGORIES', page),
  };
  return repository;
};

export type CatalogRepository = ReturnType<typeof createCatalogRepository>;

/** The repository product code uses: the module-scope client and the table from TABLE_NAME. */
export const catalogRepository = createCatalogRepository(documentClient, tableName);
