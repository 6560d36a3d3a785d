import { catalogRoutes } from '../../shared/contracts/catalog';
import { httpHandler } from '../../shared/http/handler';
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import { clock } from '../../shared/adapters/clock';
import { creationGuards } from '../../shared/adapters/created-once';
import { logger } from '../../shared/adapters/logger';
import { assertRequiredSpecs } from '../../shared/domain/catalog/category';
import { productSubmittedForReview } from '../../shared/domain/catalog/events';
import { newProduct } from '../../shared/domain/catalog/listing';
import { supplierListingFor, unknownCategory } from './access';
import { toProductView } from './views';

/**
 * POST /products — stores the product as a DRAFT with its SKUs; its event starts the listing workflow.
 * Under an Idempotency-Key it is created once however often the request is retried.
 */
export const handler = httpHandler(catalogRoutes.createProduct, async function createProductRoute({ body, actor, correlationId, creation }) {
  const { value: stored, created } = await creationGuards.createOnce(creation, {
    existing: (productId) => catalogRepository.requireProduct(productId),
    create: async (productId, guard) => {
      const supplier = await supplierListingFor(actor, body.supplierId);
      const category = await catalogRepository.getCategory(body.categoryId);
      if (!category) throw unknownCategory(body.categoryId);
      assertRequiredSpecs(category, body.content.specs);
      const product = newProduct({
        productId,
        supplierId: supplier.supplierId,
        categoryId: category.categoryId,
        content: body.content,
        skus: body.skus,
        by: actor.sub,
        now: clock.now(),
      });
      return catalogRepository.createProduct(product, productSubmittedForReview(product, product.latest, correlationId), correlationId, guard);
    },
  });
  if (created) logger.info('product submitted for listing', { productId: stored.productId, supplierId: stored.supplierId });
  return {
    status: catalogRoutes.createProduct.response.status,
    body: toProductView(stored),
    headers: { location: `/products/${stored.productId}` },
  };
});
