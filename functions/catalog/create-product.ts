import { catalogRoutes } from '../../shared/contracts/catalog';
import { httpHandler } from '../../shared/http/handler';
import { catalogRepository } from '../../shared/adapters/catalog-repository';
import { clock } from '../../shared/adapters/clock';
import { newId } from '../../shared/adapters/ids';
import { logger } from '../../shared/adapters/logger';
import { assertRequiredSpecs } from '../../shared/domain/catalog/category';
import { productSubmittedForReview } from '../../shared/domain/catalog/events';
import { newProduct } from '../../shared/domain/catalog/listing';
import { supplierListingFor, unknownCategory } from './access';
import { toProductView } from './views';

/** POST /products — stores the product as a DRAFT with its SKUs; its event starts the listing workflow. */
export const handler = httpHandler(catalogRoutes.createProduct, async ({ body, actor, correlationId }) => {
  const supplier = await supplierListingFor(actor, body.supplierId);
  const category = await catalogRepository.getCategory(body.categoryId);
  if (!category) throw unknownCategory(body.categoryId);
  assertRequiredSpecs(category, body.content.specs);
  const product = newProduct({
    productId: newId(),
    supplierId: supplier.supplierId,
    categoryId: category.categoryId,
    content: body.content,
    skus: body.skus,
    by: actor.sub,
    now: clock.now(),
  });
  const stored = await catalogRepository.createProduct(product, productSubmittedForReview(product, product.latest, correlationId), correlationId);
  logger.info('product submitted for listing', { productId: product.productId, supplierId: supplier.supplierId });
  return toProductView(stored);
});
