import * as z from '../../shared/contracts/z';
import { revisionTaskInput } from '../../shared/contracts/catalog';
import { taskHandler } from '../../shared/tasks/task-handler';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { requestReview } from '../../shared/domain/catalog/listing-steps';
import { applyStep } from './listing-steps';

const input = z.extend(revisionTaskInput, {
  taskToken: z.string().check(z.minLength(1)),
  timing: z.object({ reminderAfterSeconds: z.number(), expireAfterReminderSeconds: z.number() }),
});

/**
 * Workflow task behind both "await review" steps: stores this step's task token so the review route can
 * wake it, and asks operators for a review the first time. A review recorded while no step was
 * listening (between a timeout and this step) is handed back at once.
 */
export const handler = taskHandler(input, async function requestReviewTask({ productId, revision, taskToken, timing, correlationId }) {
  const now = clock.now();
  const product = await applyStep(productId, (current) => requestReview(current, revision, timing, now), { taskToken, correlationId });
  const review = product.latest.review;
  if (!review) return { waiting: true };
  const outcome = await sendTaskSuccess(taskToken, { decision: review.decision });
  logger.info('review was already recorded; resumed own task token', { productId, outcome });
  return { waiting: false };
});
