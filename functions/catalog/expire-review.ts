import { revisionTaskInput } from '../../shared/contracts/catalog';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { productChangesRequested, productReviewExpired } from '../../shared/domain/catalog/events';
import { processFinding, requestChanges, WORKFLOW_ACTOR } from '../../shared/domain/catalog/review';
import { applyStep } from './listing-steps';

/**
 * Workflow task: nobody reviewed in time. The revision goes back to the supplier (CHANGES_REQUESTED with
 * a REVIEW_EXPIRED finding, so it can be resubmitted) and operators are told. A review that arrived at
 * the last moment wins: its decision is handed on instead.
 */
export const handler = taskHandler(revisionTaskInput, async function expireReview({ productId, revision, correlationId }) {
  const now = clock.now();
  const product = await applyStep(
    productId,
    revision,
    (current) => current.latest.review !== undefined || current.latest.status !== 'IN_REVIEW',
    (current) => {
      const expired = processFinding('REVIEW_EXPIRED', `No operator reviewed the listing by ${current.latest.reviewDueAt}`, 'Resubmit the listing unchanged (PATCH it) to queue it for review again');
      const next = requestChanges(current, revision, [expired], WORKFLOW_ACTOR, now);
      const quality = next.latest.quality!;
      return { next, write: { correlationId, events: [productReviewExpired(next, next.latest), productChangesRequested(next, next.latest, quality.score, [expired])] } };
    },
  );
  const review = product.latest.review;
  return review ? { expired: false, decision: review.decision } : { expired: true };
});
