/**
 * What the product-listing tests share: request bodies with catalogue-unique SKUs, barcodes and slugs,
 * the demo suppliers' tokens, and a harness over a running test cloud (seeded with the demo suppliers and
 * categories) that lists, patches and reviews over HTTP and reads the stored rows as they are.
 */
import { ulid } from 'ulid';
import { DEMO_SUPPLIERS } from '../../infra/local/seed';
import { gtin13 } from '../../shared/domain/catalog/barcode';
import type { ProductContent, Sku } from '../../shared/domain/catalog/product';
import type { TestCloud } from '../support/local-cloud';
import { WORKFLOW_WAIT, workflowProbe, type StoredRow } from '../support/workflow-probe';
import { goodContent, goodSkus } from '../unit/catalog/fixtures';

/** Nordwind is graded A (a preferred supplier); Costa has too few orders to be graded. */
export const [NORDWIND, COSTA] = DEMO_SUPPLIERS as [(typeof DEMO_SUPPLIERS)[number], (typeof DEMO_SUPPLIERS)[number]];

const unique = () => ulid().slice(-8);
const digits = () => String(Math.floor(Math.random() * 1e12)).padStart(12, '0');

/** Apparel that scores 100: listed by a preferred supplier it goes live without review. */
export const apparelBody = () => {
  const tag = unique();
  return {
    categoryId: 'apparel',
    content: goodContent(`merino-sweater-${tag.toLowerCase()}`),
    skus: goodSkus(`NW-${tag}`).map((sku) => ({ ...sku, barcode: gtin13(digits()) })),
  };
};

export const kitchenContent = (slug: string): ProductContent => ({
  title: 'Stoneware mixing bowl set of three',
  description:
    'Three nesting mixing bowls for baking, salads and serving. Made of glazed stoneware fired at high temperature, ' +
    'so the bowls are heavy enough to stay put while you whisk and keep dough warm while it rises. Features a wide ' +
    'rim that is easy to hold and a pouring lip. Ideal for everyday use; dishwasher safe and microwave safe. Store ' +
    'them nested to save space in the cupboard.',
  brand: 'Costa',
  images: [
    { url: 'https://images.example/bowls-set.jpg', altText: 'Three stoneware mixing bowls nested' },
    { url: 'https://images.example/bowls-top.jpg', altText: 'Mixing bowls seen from above' },
    { url: 'https://images.example/bowls-use.jpg', altText: 'Dough rising in the largest bowl' },
  ],
  specs: { material: 'Glazed stoneware', dishwasherSafe: 'yes', capacity: '1 l, 2 l, 3.5 l' },
  seo: { slug, keywords: ['mixing bowl', 'stoneware', 'baking'] },
});

/** Kitchenware that scores 100 from a supplier that is not preferred: it waits for an operator. */
export const kitchenBody = () => {
  const tag = unique();
  const sku = (code: string): Sku => ({
    sku: code,
    options: { colour: 'sand' },
    barcode: gtin13(digits()),
    unitPrice: { amount: 4900, currency: 'EUR' },
    unitCost: { amount: 2000, currency: 'EUR' },
    weightGrams: 2400,
    dimensions: { lengthMm: 280, widthMm: 280, heightMm: 140 },
    packSize: 1,
  });
  return { categoryId: 'kitchen', content: kitchenContent(`mixing-bowls-${tag.toLowerCase()}`), skus: [sku(`CC-${tag}-SAND`)] };
};

export type ListingHarness = ReturnType<typeof listingHarness>;

export function listingHarness(cloud: TestCloud) {
  const probe = workflowProbe(cloud, 'product-listing');
  const readProduct = (productId: string) => probe.readRow(`PRODUCT#${productId}`, 'PRODUCT');
  const latestOf = (row: StoredRow | undefined) => row?.latest as { revision: number; status: string } | undefined;

  const harness = {
    ...probe,
    readProduct,
    readStock: (sku: string) => probe.readRow(`SKU#${sku}`, 'STOCK'),

    supplierToken: (supplier: typeof NORDWIND) => cloud.tokenFor('supplier', { sub: supplier.ownerSub, supplierId: supplier.supplierId }),
    operatorToken: () => cloud.tokenFor('operator', { sub: 'operator-olga' }),

    /** POST /products as the supplier's user; its event starts the listing workflow. */
    async list(supplier: typeof NORDWIND, body: unknown) {
      const response = await cloud.api('POST', '/products', {
        token: await harness.supplierToken(supplier),
        body,
        headers: { 'idempotency-key': `list-${ulid()}` },
      });
      if (response.status !== 202) throw new Error(`POST /products answered ${response.status}: ${response.text}`);
      return response.body as { productId: string };
    },

    async patch(supplier: typeof NORDWIND, productId: string, body: unknown) {
      return cloud.api('PATCH', `/products/${productId}`, {
        token: await harness.supplierToken(supplier),
        body,
        headers: { 'idempotency-key': `patch-${ulid()}` },
      });
    },

    async review(productId: string, body: unknown) {
      return cloud.api('POST', `/products/${productId}/review`, {
        token: await harness.operatorToken(),
        body,
        headers: { 'idempotency-key': `review-${ulid()}` },
      });
    },

    /** Polls until revision `revision` of the product reaches `status`. */
    waitForRevision(productId: string, revision: number, status: string): Promise<StoredRow> {
      return cloud.waitFor(
        async () => {
          const row = await readProduct(productId);
          const latest = latestOf(row);
          return latest?.revision === revision && latest.status === status ? row : undefined;
        },
        { ...WORKFLOW_WAIT, message: `product ${productId} revision ${revision} to be ${status}` },
      );
    },

    /** Polls until an operator's review is awaited (the wait step stored its task token). */
    awaitingReview(productId: string, revision: number): Promise<StoredRow> {
      return cloud.waitFor(
        async () => {
          const row = await readProduct(productId);
          return latestOf(row)?.revision === revision && row?.taskToken ? row : undefined;
        },
        { ...WORKFLOW_WAIT, message: `product ${productId} revision ${revision} to await review` },
      );
    },

    /** The execution that claimed the revision (StartListingReview records it on the row). */
    executionOf(productId: string, revision: number): Promise<string> {
      return cloud.waitFor(
        async () => {
          const row = await readProduct(productId);
          return latestOf(row)?.revision === revision ? row?.executionArn : undefined;
        },
        { ...WORKFLOW_WAIT, message: `a listing execution to claim ${productId} revision ${revision}` },
      );
    },
  };
  return harness;
}
