import { catalogRoutes } from '../../shared/contracts/catalog';
import { httpHandler } from '../../shared/http/handler';
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { archiveProduct } from '../../shared/domain/catalog/archive';
import { conflict } from '../../shared/domain/errors';
import { productVisibleTo } from './access';
import { toProductView } from './views';

/**
 * POST /products/{id}/archive — a live product off sale for good (ARCHIVED, `ProductArchived`, its slug freed);
 * its supplier or an operator. Archiving it again answers the same; a revision awaiting review is 409.
 */
export const handler = httpHandler(catalogRoutes.archiveProduct, async function archiveProductRoute({ path, body, actor, correlationId }) {
  await productVisibleTo(actor, path.id);
  // One attempt: a product that changed meanwhile is a 409 to read again, as for its other changes.
  const updated = await catalogRepository.updateProduct(path.id, (current) => ({ ...archiveProduct(current, actor.sub, body.reason, clock.now()), write: { correlationId } }), 1);
  if (updated === 'contention') throw conflict('ProductChangedConcurrently', 'The product changed while this request was handled; read it again and retry');
  logger.info('product archived', { productId: path.id, by: actor.sub });
  return toProductView(updated.product);
});
