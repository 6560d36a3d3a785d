/** A product that passes every content check (score 100), and the category it is listed in. */
import type { Category } from '../../../shared/domain/catalog/category';
import type { Product, ProductContent, ProductRevision, Sku } from '../../../shared/domain/catalog/product';

export const NOW = new Date('2030-03-01T09:00:00.000Z');

export const apparel: Category = {
  categoryId: 'apparel',
  name: 'Apparel',
  requiredSpecs: ['material', 'care', 'fit'],
  minimumMarginPercent: 40,
  updatedAt: '2030-01-01T00:00:00.000Z',
  updatedBy: 'op-1',
};

export const goodContent = (slug = 'merino-crew-neck-sweater'): ProductContent => ({
  title: 'Merino crew-neck sweater in navy',
  description:
    'A fine-knit crew-neck sweater for cool days in town or on the trail. Made of 100 % extra-fine merino wool ' +
    'that breathes, keeps you warm without bulk and does not itch. Features ribbed cuffs and hem, a regular fit ' +
    'and flat seams that sit comfortably under a jacket. Ideal for layering in autumn and winter. Hand wash cold ' +
    'and dry flat to keep its shape for years.',
  brand: 'Nordwind',
  images: [
    { url: 'https://images.example/sweater-front.jpg', altText: 'Navy merino sweater, front' },
    { url: 'https://images.example/sweater-back.jpg', altText: 'Navy merino sweater, back' },
    { url: 'https://images.example/sweater-worn.jpg', altText: 'Navy merino sweater worn under a jacket' },
  ],
  specs: { material: '100% merino wool', care: 'Hand wash cold, dry flat', fit: 'Regular' },
  seo: { slug, keywords: ['merino', 'sweater', 'crew neck'] },
});

const skuOf = (code: string, size: string, barcode: string): Sku => ({
  sku: code,
  options: { size, colour: 'navy' },
  barcode,
  unitPrice: { amount: 8900, currency: 'EUR' },
  unitCost: { amount: 3500, currency: 'EUR' },
  weightGrams: 320,
  dimensions: { lengthMm: 300, widthMm: 250, heightMm: 40 },
  packSize: 1,
});

export const goodSkus = (prefix = 'NW-MER'): Sku[] => [
  skuOf(`${prefix}-NAVY-M`, 'M', '4006381333931'),
  skuOf(`${prefix}-NAVY-L`, 'L', '4006381333948'),
];

export const SUPPLIER_USER = 'sup-user-1';
export const OPERATOR = 'op-1';

/**
 * A product on sale: revision 1 of goodContent()/goodSkus() was published; nothing is in review.
 * `latest` overrides the latest revision (e.g. one sent back for changes).
 */
export const liveProduct = (latest?: Partial<ProductRevision>): Product => {
  const content = goodContent();
  const skus = goodSkus();
  return {
    productId: 'prod-1',
    supplierId: 'sup-1',
    categoryId: 'apparel',
    status: 'ACTIVE',
    live: { revision: 1, content, skus, publishedAt: '2030-02-02T10:00:00.000Z' },
    latest: {
      revision: 1,
      status: 'PUBLISHED',
      reason: 'NEW_PRODUCT',
      content,
      skus,
      submittedAt: '2030-02-01T10:00:00.000Z',
      submittedBy: SUPPLIER_USER,
      ...latest,
    },
    priceHistory: [],
    history: [
      { at: '2030-02-01T10:00:00.000Z', event: 'SUBMITTED', revision: 1, by: SUPPLIER_USER },
      { at: '2030-02-02T10:00:00.000Z', event: 'PUBLISHED', revision: 1, by: OPERATOR },
    ],
    createdAt: '2030-02-01T10:00:00.000Z',
    createdBy: SUPPLIER_USER,
    updatedAt: '2030-02-02T10:00:00.000Z',
  };
};

/** A product never published: its first revision was sent back for changes. */
export const sentBackProduct = (): Product => ({
  productId: 'prod-2',
  supplierId: 'sup-1',
  categoryId: 'apparel',
  status: 'CHANGES_REQUESTED',
  latest: {
    revision: 1,
    status: 'CHANGES_REQUESTED',
    reason: 'NEW_PRODUCT',
    content: goodContent('merino-sweater-2'),
    skus: goodSkus('NW-MER2'),
    submittedAt: '2030-02-01T10:00:00.000Z',
    submittedBy: SUPPLIER_USER,
  },
  priceHistory: [],
  history: [
    { at: '2030-02-01T10:00:00.000Z', event: 'SUBMITTED', revision: 1, by: SUPPLIER_USER },
    { at: '2030-02-01T11:00:00.000Z', event: 'CHANGES_REQUESTED', revision: 1, by: OPERATOR },
  ],
  createdAt: '2030-02-01T10:00:00.000Z',
  createdBy: SUPPLIER_USER,
  updatedAt: '2030-02-01T11:00:00.000Z',
});
