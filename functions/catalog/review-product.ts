import { catalogRoutes } from '../../shared/contracts/catalog';
import { httpHandler } from '../../shared/http/handler';
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import type { ReviewDecision } from '../../shared/domain/catalog/product';
import { recordReview } from '../../shared/domain/catalog/review';
import { conflict } from '../../shared/domain/errors';
import { toProductView } from './views';

/**
 * POST /products/{id}/review — records the operator's review of the revision awaiting it (once), then
 * wakes the waiting workflow. If its wait just timed out, the next wait step finds the review and resumes itself.
 */
export const handler = httpHandler(catalogRoutes.reviewProduct, async function reviewProduct({ path, body, actor }) {
  const review = { ...body, reviewedBy: actor.sub, reviewedAt: clock.now().toISOString() } as ReviewDecision;
  // One attempt: a product that changed meanwhile is a 409 to read again, as the route documents.
  const updated = await catalogRepository.updateProduct(path.id, (product) => ({ next: recordReview(product, product.latest.revision, review) }), 1);
  if (updated === 'contention') throw conflict('ProductChangedConcurrently', 'The product changed while the review was recorded; read it again');
  const { read, product } = updated;
  const resumed = read.taskToken ? await sendTaskSuccess(read.taskToken, { decision: review.decision }) : 'token-expired';
  logger.info('product review recorded', { productId: path.id, revision: read.latest.revision, decision: review.decision, resumed });
  return toProductView(product);
});
