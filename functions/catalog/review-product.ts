import { catalogRoutes } from '../../shared/contracts/catalog';
import { httpHandler } from '../../shared/http/handler';
import { catalogRepository } from '../../shared/adapters/catalog-repository';
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
export const handler = httpHandler(catalogRoutes.reviewProduct, async ({ path, body, actor }) => {
  const product = await catalogRepository.requireProduct(path.id);
  const review = { ...body, reviewedBy: actor.sub, reviewedAt: clock.now().toISOString() } as ReviewDecision;
  const stored = await catalogRepository.replaceProduct(product, recordReview(product, product.latest.revision, review));
  if (!stored) throw conflict('ProductChangedConcurrently', 'The product changed while the review was recorded; read it again');
  const resumed = product.taskToken ? await sendTaskSuccess(product.taskToken, { decision: review.decision }) : 'token-expired';
  logger.info('product review recorded', { productId: path.id, revision: product.latest.revision, decision: review.decision, resumed });
  return toProductView(stored);
});
