/**
 * Catalogue: products, their SKUs, categories and the listing review.
 * Shapes live here; the listing rules (content checks, margin guard, review paths) live in
 * shared/domain/catalog. The schemas are loose where a content check gives a better answer than a 400
 * (a short title is a finding with a fix hint), strict where the data would be wrong (a negative price).
 */
import * as z from './z';
import { defineRoute } from './route';
import { amountSchema, isoDateTime, paginated, skuCodeSchema, ulidSchema } from './common';
import { paginationQuery } from './pagination';
import { FINDING_CODES, PRODUCT_STATUSES, REVISION_REASONS, REVISION_STATUSES } from '../domain/catalog/product';
import { isValidGtin } from '../domain/catalog/barcode';

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const specKey = z.string().check(z.regex(/^[a-z][A-Za-z0-9]{0,39}$/, 'A camelCase spec key, e.g. dishwasherSafe'));

export const categoryIdSchema = z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'A lower-case slug, e.g. home-textiles'), z.maxLength(60));
const slugSchema = z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Lower-case words joined by dashes, e.g. merino-crew-neck-sweater'), z.maxLength(100));

/** A price or cost: integer minor units, at least `minimum`, at most 1,000,000.00. */

export const productImageSchema = z.strictObject({
  url: z.url({ protocol: /^https$/ }).check(z.maxLength(2048)),
  altText: z.string().check(z.trim(), z.maxLength(300)),
});

const contentFields = {
  title: text(200),
  description: text(10_000),
  brand: text(100),
  images: z.array(productImageSchema).check(z.maxLength(20)),
  specs: z.record(specKey, z.string().check(z.trim(), z.maxLength(500))).check(z.refine((specs) => Object.keys(specs).length <= 40, 'At most 40 specs')),
};

export const productContentSchema = z.strictObject({
  ...contentFields,
  seo: z.strictObject({ slug: slugSchema, keywords: z.array(text(60)).check(z.maxLength(20)) }),
});

export const contentPatchSchema = z
  .strictObject({
    title: z.optional(contentFields.title),
    description: z.optional(contentFields.description),
    brand: z.optional(contentFields.brand),
    images: z.optional(contentFields.images),
    specs: z.optional(contentFields.specs),
    seo: z.optional(z.strictObject({ slug: z.optional(slugSchema), keywords: z.optional(z.array(text(60)).check(z.maxLength(20))) })),
  }).check(z.refine((patch) => Object.keys(patch).length > 0, 'Change at least one field'));

export const skuSchema = z
  .strictObject({
    sku: skuCodeSchema,
    options: z.record(specKey, text(100)).check(z.refine((options) => Object.keys(options).length <= 10, 'At most 10 options')),
    barcode: z.string().check(z.refine(isValidGtin, 'A GTIN (EAN-8, UPC-A, EAN-13 or GTIN-14) with a valid check digit')),
    unitPrice: amountSchema(1),
    unitCost: amountSchema(0),
    weightGrams: z.int().check(z.minimum(1), z.maximum(1_000_000)),
    dimensions: z.strictObject({ lengthMm: z.int().check(z.minimum(1), z.maximum(10_000)), widthMm: z.int().check(z.minimum(1), z.maximum(10_000)), heightMm: z.int().check(z.minimum(1), z.maximum(10_000)) }),
    packSize: z.int().check(z.minimum(1), z.maximum(10_000)),
  }).check(z.refine((sku) => sku.unitPrice.currency === sku.unitCost.currency, { path: ['unitPrice', 'currency'], message: 'Price and cost must be in the same currency' }));

/** Duplicate SKU codes or barcodes inside one request, reported on the later occurrence. */
const refineUniqueSkus = (skus: readonly { sku: string; barcode: string }[], ctx: z.core.$RefinementCtx) => {
  for (const field of ['sku', 'barcode'] as const) {
    const seen = new Set<string>();
    skus.forEach((sku, index) => {
      if (seen.has(sku[field])) ctx.addIssue({ code: 'custom', path: [index, field], message: `Duplicate ${field} ${sku[field]} in this product` });
      seen.add(sku[field]);
    });
  }
};

export const MAX_SKUS_PER_PRODUCT = 20;

export const createProductBodySchema = z.strictObject({
  /** Operators list on a supplier's behalf; a supplier user lists for the supplier its token names. */
  supplierId: z.optional(ulidSchema),
  categoryId: categoryIdSchema,
  content: productContentSchema,
  skus: z.array(skuSchema).check(z.minLength(1), z.maxLength(MAX_SKUS_PER_PRODUCT), z.superRefine(refineUniqueSkus)),
});

export const priceUpdateSchema = z.strictObject({ sku: skuCodeSchema, unitPrice: amountSchema(1) });

export const updateProductBodySchema = z
  .strictObject({
    content: z.optional(contentPatchSchema),
    prices: z.optional(
      z.array(priceUpdateSchema).check(
        z.minLength(1),
        z.maxLength(MAX_SKUS_PER_PRODUCT),
        z.superRefine((prices, ctx) => {
          const seen = new Set<string>();
          prices.forEach((price, index) => {
            if (seen.has(price.sku)) ctx.addIssue({ code: 'custom', path: [index, 'sku'], message: `SKU ${price.sku} is repriced twice` });
            seen.add(price.sku);
          });
        }),
      ),
    ),
  }).check(z.refine((body) => body.content !== undefined || body.prices !== undefined, 'Send content, prices or both'));

export const reviewBodySchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('APPROVE'), notes: z.optional(text(1000)) }),
  z.strictObject({ decision: z.literal('REJECT'), reasons: z.array(text(500)).check(z.minLength(1), z.maxLength(20)) }),
  z.strictObject({ decision: z.literal('REQUEST_CHANGES'), reasons: z.array(text(500)).check(z.minLength(1), z.maxLength(20)) }),
]);

export const archiveBodySchema = z.strictObject({ reason: text(500) });

export const categoryBodySchema = z.strictObject({
  name: text(100),
  requiredSpecs: z.array(specKey).check(z.maxLength(30)),
  minimumMarginPercent: z.number().check(z.minimum(0), z.maximum(1000)),
});

/* ---------- views ---------- */

const moneyView = z.object({ amount: z.int(), currency: z.string() });

export const findingSchema = z.object({
  code: z.enum(FINDING_CODES),
  message: z.string(),
  fixHint: z.string(),
  field: z.optional(z.string()),
  penalty: z.number(),
  blocking: z.boolean(),
});

export const qualitySchema = z.object({ score: z.number(), threshold: z.number(), findings: z.array(findingSchema), checkedAt: isoDateTime });

const skuView = z.object({
  sku: z.string(),
  options: z.record(z.string(), z.string()),
  barcode: z.string(),
  unitPrice: moneyView,
  unitCost: moneyView,
  weightGrams: z.number(),
  dimensions: z.object({ lengthMm: z.number(), widthMm: z.number(), heightMm: z.number() }),
  packSize: z.number(),
});

const contentView = z.extend(productContentSchema, { images: z.array(productImageSchema), seo: z.object({ slug: z.string(), keywords: z.array(z.string()) }) });

const reviewView = z.object({
  decision: z.enum(['APPROVE', 'REJECT', 'REQUEST_CHANGES']),
  reasons: z.optional(z.array(z.string())),
  notes: z.optional(z.string()),
  reviewedBy: z.string(),
  reviewedAt: isoDateTime,
});

const supplierFlagView = z.object({ reason: z.literal('SUPPLIER_SUSPENDED'), since: isoDateTime, weekStart: z.string() });

export const productViewSchema = z.object({
  productId: ulidSchema,
  supplierId: ulidSchema,
  categoryId: z.string(),
  status: z.enum(PRODUCT_STATUSES),
  live: z.optional(z.object({ revision: z.number(), content: contentView, skus: z.array(skuView), publishedAt: isoDateTime })),
  latest: z.object({
    revision: z.number(),
    status: z.enum(REVISION_STATUSES),
    reason: z.enum(REVISION_REASONS),
    content: contentView,
    skus: z.array(skuView),
    submittedAt: isoDateTime,
    submittedBy: z.string(),
    quality: z.optional(qualitySchema),
    reviewDueAt: z.optional(isoDateTime),
    review: z.optional(reviewView),
  }),
  priceHistory: z.array(z.object({ sku: z.string(), from: moneyView, to: moneyView, changedAt: isoDateTime, changedBy: z.string() })),
  history: z.array(z.object({ at: isoDateTime, event: z.string(), revision: z.number(), by: z.string(), note: z.optional(z.string()) })),
  /** Present while the supplier is SUSPENDED: no purchase orders go to it, so this listing needs another supplier. */
  supplierFlag: z.optional(supplierFlagView),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

export const productSummarySchema = z.object({
  productId: ulidSchema,
  supplierId: ulidSchema,
  categoryId: z.string(),
  status: z.enum(PRODUCT_STATUSES),
  title: z.string(),
  slug: z.string(),
  latestRevision: z.object({ revision: z.number(), status: z.enum(REVISION_STATUSES), score: z.optional(z.number()) }),
  supplierFlag: z.optional(supplierFlagView),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

export const categoryViewSchema = z.object({
  categoryId: z.string(),
  name: z.string(),
  requiredSpecs: z.array(z.string()),
  minimumMarginPercent: z.number(),
  updatedAt: isoDateTime,
});

const idPath = z.strictObject({ id: ulidSchema });

/* ---------- routes ---------- */

const createProduct = /* @__PURE__ */ defineRoute({
  operationId: 'createProduct',
  method: 'POST',
  path: '/products',
  summary: 'List a product with its SKUs; the listing workflow checks its content and routes it to review',
  tags: ['catalog'],
  auth: { type: 'jwt', roles: ['supplier', 'operator'] },
  handlerEntry: 'functions/catalog/create-product.ts',
  body: createProductBodySchema,
  response: { status: 202, description: 'Accepted; the listing workflow has started', schema: productViewSchema },
  errors: [404, 409, 422],
});

const listProducts = /* @__PURE__ */ defineRoute({
  operationId: 'listProducts',
  method: 'GET',
  path: '/products',
  summary: 'Products by category, status or supplier, newest first (a supplier user sees only its own)',
  tags: ['catalog'],
  auth: { type: 'jwt', roles: ['operator', 'supplier'] },
  handlerEntry: 'functions/catalog/list-products.ts',
  query: z.strictObject({
    status: z.optional(z.enum(PRODUCT_STATUSES)),
    categoryId: z.optional(categoryIdSchema),
    supplierId: z.optional(ulidSchema),
    ...paginationQuery,
  }),
  response: { status: 200, description: 'A page of products', schema: paginated(productSummarySchema) },
});

const getProduct = /* @__PURE__ */ defineRoute({
  operationId: 'getProduct',
  method: 'GET',
  path: '/products/{id}',
  summary: 'A product with its live version, its latest revision and quality findings, and its history',
  tags: ['catalog'],
  auth: { type: 'jwt', roles: ['operator', 'supplier'] },
  handlerEntry: 'functions/catalog/get-product.ts',
  pathParams: idPath,
  response: { status: 200, description: 'The product', schema: productViewSchema },
  errors: [404],
});

const updateProduct = /* @__PURE__ */ defineRoute({
  operationId: 'updateProduct',
  method: 'PATCH',
  path: '/products/{id}',
  summary: 'Change prices (live at once, unless one drops steeply) or content (a new revision for review)',
  tags: ['catalog'],
  auth: { type: 'jwt', roles: ['supplier', 'operator'] },
  handlerEntry: 'functions/catalog/update-product.ts',
  pathParams: idPath,
  body: updateProductBodySchema,
  response: { status: 200, description: 'Repriced (200) or resubmitted for review (202)', schema: productViewSchema },
  errors: [404, 409, 422],
});

const reviewProduct = /* @__PURE__ */ defineRoute({
  operationId: 'reviewProduct',
  method: 'POST',
  path: '/products/{id}/review',
  summary: 'Approve, reject (with reasons) or request changes to a product revision that awaits review',
  tags: ['catalog'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/catalog/review-product.ts',
  pathParams: idPath,
  body: reviewBodySchema,
  response: { status: 202, description: 'Review recorded; the listing workflow resumes', schema: productViewSchema },
  errors: [404, 409],
});

const archiveProduct = /* @__PURE__ */ defineRoute({
  operationId: 'archiveProduct',
  method: 'POST',
  path: '/products/{id}/archive',
  summary: 'Take a live product off sale for good: no longer quoted or ordered, its slug freed, its stock kept (docs/catalog.md)',
  tags: ['catalog'],
  auth: { type: 'jwt', roles: ['operator', 'supplier'] },
  handlerEntry: 'functions/catalog/archive-product.ts',
  pathParams: idPath,
  body: archiveBodySchema,
  response: { status: 200, description: 'Archived (archiving it again answers the same)', schema: productViewSchema },
  errors: [404, 409],
});

const listCategories = /* @__PURE__ */ defineRoute({
  operationId: 'listCategories',
  method: 'GET',
  path: '/categories',
  summary: 'Categories with their required specs and minimum margin',
  tags: ['catalog'],
  auth: { type: 'jwt', roles: ['operator', 'supplier'] },
  handlerEntry: 'functions/catalog/list-categories.ts',
  query: z.strictObject({ ...paginationQuery }),
  response: { status: 200, description: 'A page of categories', schema: paginated(categoryViewSchema) },
});

const putCategory = /* @__PURE__ */ defineRoute({
  operationId: 'putCategory',
  method: 'PUT',
  path: '/categories/{id}',
  summary: 'Operators: create or change a category (required specs, minimum margin)',
  tags: ['catalog'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/catalog/put-category.ts',
  pathParams: z.strictObject({ id: categoryIdSchema }),
  body: categoryBodySchema,
  response: { status: 200, description: 'The category as stored', schema: categoryViewSchema },
});

export const catalogRoutes = {
  createProduct,
  listProducts,
  getProduct,
  updateProduct,
  reviewProduct,
  archiveProduct,
  listCategories,
  putCategory,
};

export type ProductView = z.input<typeof productViewSchema>;
export type ProductSummary = z.input<typeof productSummarySchema>;
export type CategoryView = z.input<typeof categoryViewSchema>;

/* ---------- listing workflow task inputs (the state machine passes these) ---------- */

export const revisionTaskInput = z.object({ productId: ulidSchema, revision: z.int().check(z.minimum(1)), correlationId: z.string().check(z.minLength(1)) });
