/** What callers see of our records: explicit picks, so internals (versions, task tokens) never leak. */
import type { CategoryView, ProductSummary, ProductView } from '../../shared/contracts/catalog';
import type { StoredProduct } from '../../shared/adapters/catalog-repository';
import type { Category } from '../../shared/domain/catalog/category';
import type { ProductRevision } from '../../shared/domain/catalog/product';

const revisionView = (revision: ProductRevision): ProductView['latest'] => ({
  revision: revision.revision,
  status: revision.status,
  reason: revision.reason,
  content: revision.content as ProductView['latest']['content'],
  skus: [...revision.skus] as ProductView['latest']['skus'],
  submittedAt: revision.submittedAt,
  submittedBy: revision.submittedBy,
  quality: revision.quality as ProductView['latest']['quality'],
  reviewDueAt: revision.reviewDueAt,
  review: revision.review as ProductView['latest']['review'],
});

export const toProductView = (product: StoredProduct): ProductView => ({
  productId: product.productId,
  supplierId: product.supplierId,
  categoryId: product.categoryId,
  status: product.status,
  live: product.live && {
    revision: product.live.revision,
    content: product.live.content as ProductView['latest']['content'],
    skus: [...product.live.skus] as ProductView['latest']['skus'],
    publishedAt: product.live.publishedAt,
  },
  latest: revisionView(product.latest),
  priceHistory: [...product.priceHistory],
  history: [...product.history],
  ...(product.supplierFlag ? { supplierFlag: { ...product.supplierFlag } } : {}),
  createdAt: product.createdAt,
  updatedAt: product.updatedAt,
});

export const toProductSummary = (product: StoredProduct): ProductSummary => {
  const shown = product.live?.content ?? product.latest.content;
  return {
    productId: product.productId,
    supplierId: product.supplierId,
    categoryId: product.categoryId,
    status: product.status,
    title: shown.title,
    slug: shown.seo.slug,
    latestRevision: { revision: product.latest.revision, status: product.latest.status, score: product.latest.quality?.score },
    ...(product.supplierFlag ? { supplierFlag: { ...product.supplierFlag } } : {}),
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
  };
};

export const toCategoryView = (category: Category): CategoryView => ({
  categoryId: category.categoryId,
  name: category.name,
  requiredSpecs: [...category.requiredSpecs],
  minimumMarginPercent: category.minimumMarginPercent,
  updatedAt: category.updatedAt,
});
