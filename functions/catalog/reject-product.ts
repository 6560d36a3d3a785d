import { revisionTaskInput } from '../../shared/contracts/catalog';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { productRejected } from '../../shared/domain/catalog/events';
import { rejectRevision } from '../../shared/domain/catalog/review';
import { conflict } from '../../shared/domain/errors';
import { applyStep } from './listing-steps';

/** Workflow task: the operator rejected the revision; it is final, and the supplier hears the reasons. */
export const handler = taskHandler(revisionTaskInput, async function rejectProduct({ productId, revision, correlationId }) {
  await applyStep(
    productId,
    revision,
    (current) => current.latest.status === 'REJECTED',
    (current) => {
      const review = current.latest.review;
      if (review?.decision !== 'REJECT') throw conflict('ProductNotRejected', `Revision ${revision} of product ${productId} has no rejection`);
      const next = rejectRevision(current, revision, review.reasons, review.reviewedBy, clock.now());
      return { next, write: { correlationId, events: [productRejected(next, next.latest, review.reasons)] } };
    },
  );
  return { rejected: true };
});
