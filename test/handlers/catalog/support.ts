/**
 * What the catalog handler tests share: stored rows (with keys, as GetItem returns them) for products,
 * categories, suppliers and slugs, a way to serve them by key from the mocked document client, and the
 * callers. Request plumbing (httpEvent, context, parse) comes from the suppliers' support.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { StoredProduct } from '../../../shared/adapters/catalog-repository';
import { DEMO_CATEGORIES, type Category } from '../../../shared/domain/catalog/category';
import { newProduct } from '../../../shared/domain/catalog/listing';
import type { Product, ProductRevision } from '../../../shared/domain/catalog/product';
import type { Supplier } from '../../../shared/domain/suppliers/supplier';
import { apparel, goodContent, goodSkus, liveProduct, NOW } from '../../unit/catalog/fixtures';
import { COSTA, kitchenContent, NORDWIND } from '../../workflows/listing-harness';
import type { Caller } from '../suppliers/support';

export { NOW };

export const PRODUCT_ID = '01J0000000000000000000000P';
export const OTHER_PRODUCT_ID = '01J0000000000000000000000Q';
export const TASK_TOKEN = 'task-token-1';

export const nordwindUser: Caller = { sub: NORDWIND.ownerSub, role: 'supplier', supplierId: NORDWIND.supplierId };
export const costaUser: Caller = { sub: COSTA.ownerSub, role: 'supplier', supplierId: COSTA.supplierId };

export const kitchen: Category = {
  ...DEMO_CATEGORIES.find(({ categoryId }) => categoryId === 'kitchen')!,
  updatedAt: '2030-01-01T00:00:00.000Z',
  updatedBy: 'op-1',
};

export type Row = Record<string, unknown> & { pk: string; sk: string };

export const productKey = (productId = PRODUCT_ID) => ({ pk: `PRODUCT#${productId}`, sk: 'PRODUCT' });
export const slugKey = (slug: string) => ({ pk: `SLUG#${slug}`, sk: 'SLUG' });

export const productRow = (product: StoredProduct): Row => ({ ...productKey(product.productId), entity: 'Product', ...product });
export const categoryRow = (category: Category): Row => ({ pk: `CATEGORY#${category.categoryId}`, sk: 'CATEGORY', entity: 'Category', ...category });
export const supplierRow = (supplier: Supplier): Row => ({ pk: `SUPPLIER#${supplier.supplierId}`, sk: 'PROFILE', entity: 'Supplier', ...supplier });
export const slugRow = (slug: string, productId: string): Row => ({ ...slugKey(slug), entity: 'SlugGuard', productId });

/** Serves `rows` to GetItem by key; any other key reads as absent. */
export const serveRows = (ddb: AwsClientStub<DynamoDBDocumentClient>, ...rows: Row[]): void => {
  ddb.on(GetCommand).resolves({});
  for (const row of rows) ddb.on(GetCommand, { Key: { pk: row.pk, sk: row.sk } }).resolves({ Item: row });
};

/** `product` as stored for Nordwind under PRODUCT_ID, at `version`. */
export const stored = (product: Product, extra: { version?: number; executionArn?: string; taskToken?: string } = {}): StoredProduct => ({
  ...product,
  productId: PRODUCT_ID,
  supplierId: NORDWIND.supplierId,
  version: 3,
  ...extra,
});

/** Revision 1 of the apparel fixture, just submitted (DRAFT). */
export const draftProduct = (): Product =>
  newProduct({
    productId: PRODUCT_ID,
    supplierId: NORDWIND.supplierId,
    categoryId: 'apparel',
    content: goodContent(),
    skus: goodSkus(),
    by: NORDWIND.ownerSub,
    now: new Date('2030-02-01T10:00:00.000Z'),
  });

/** Never published; revision 1 is IN_REVIEW (claimed by the workflow), with `latest` overrides. */
export const inReviewProduct = (latest: Partial<ProductRevision> = {}): Product => {
  const draft = draftProduct();
  return { ...draft, status: 'IN_REVIEW', latest: { ...draft.latest, status: 'IN_REVIEW', ...latest } };
};

/** Costa's kitchenware (score 100), IN_REVIEW, not yet live. */
export const costaKitchenProduct = (): StoredProduct => {
  const draft = inReviewProduct({
    content: kitchenContent('mixing-bowls-set'),
    skus: [
      {
        sku: 'CC-BOWLS-SAND',
        options: { colour: 'sand' },
        barcode: '4006381333955',
        unitPrice: { amount: 4900, currency: 'EUR' },
        unitCost: { amount: 2000, currency: 'EUR' },
        weightGrams: 2400,
        dimensions: { lengthMm: 280, widthMm: 280, heightMm: 140 },
        packSize: 1,
      },
    ],
  });
  return { ...draft, categoryId: 'kitchen', supplierId: COSTA.supplierId, version: 2 };
};

export { apparel, COSTA, goodContent, goodSkus, liveProduct, NORDWIND };
