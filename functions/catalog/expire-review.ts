import { revisionTaskInput } from '../../shared/contracts/catalog';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { expireReview } from '../../shared/domain/catalog/listing-steps';
import { applyStep } from './listing-steps';

/**
 * Workflow task: nobody reviewed in time. The revision goes back to the supplier (CHANGES_REQUESTED with
 * a REVIEW_EXPIRED finding, so it can be resubmitted) and operators are told. A review that arrived at
 * the last moment wins: its decision is handed on instead.
 */
export const handler = taskHandler(revisionTaskInput, async function expireReviewTask({ productId, revision, correlationId }) {
  const now = clock.now();
  const product = await applyStep(productId, (current) => expireReview(current, revision, now), { correlationId });
  const review = product.latest.review;
  return review ? { expired: false, decision: review.decision } : { expired: true };
});
