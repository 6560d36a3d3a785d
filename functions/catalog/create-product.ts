import { catalogRoutes } from '../../shared/contracts/catalog';
import { httpHandler } from '../../shared/http/handler';
import { catalogRepository } from '../../shared/adapters/catalog-repository';
import { clock } from '../../shared/adapters/clock';
import { newId } from '../../shared/adapters/ids';
import { logger } from '../../shared/adapters/logger';
import { missingRequiredSpecs } from '../../shared/domain/catalog/category';
import { productSubmittedForReview } from '../../shared/domain/catalog/events';
import { newProduct } from '../../shared/domain/catalog/listing';
import { DomainError } from '../../shared/domain/errors';
import { supplierListingFor, unknownCategory } from './access';
import { toProductView } from './views';

/** POST /products — stores the product as a DRAFT with its SKUs; its event starts the listing workflow. */
export const handler = httpHandler(catalogRoutes.createProduct, async ({ body, actor, correlationId }) => {
  const supplier = await supplierListingFor(actor, body.supplierId);
  const category = await catalogRepository.getCategory(body.categoryId);
  if (!category) throw unknownCategory(body.categoryId);
  const missing = missingRequiredSpecs(category, body.content.specs);
  if (missing.length > 0) {
    throw new DomainError(
      'unprocessable',
      'MissingRequiredSpecs',
      `${category.name} products must state: ${missing.join(', ')}`,
      missing.map((key) => ({ field: `content.specs.${key}`, message: `Required for ${category.name}` })),
    );
  }
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
