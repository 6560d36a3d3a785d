import * as z from '../../shared/contracts/z';
import { revisionTaskInput } from '../../shared/contracts/catalog';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { claimRevision } from '../../shared/domain/catalog/listing-steps';
import { conflict } from '../../shared/domain/errors';
import { applyStep } from './listing-steps';
import { PRODUCT_LISTING_ERRORS } from '../../shared/domain/workflow-errors';

const input = z.extend(revisionTaskInput, { executionArn: z.string().check(z.minLength(1)) });

/**
 * Workflow task: claims the revision for this execution (DRAFT → IN_REVIEW). Another execution for the
 * same revision (a redelivered event) is refused with `ListingReviewAlreadyInProgress`.
 */
export const handler = taskHandler(input, async function startListingReview({ productId, revision, executionArn }) {
  const now = clock.now();
  const product = await applyStep(productId, (current) => claimRevision(current, revision, now), { executionArn });
  if (product.executionArn !== executionArn) {
    throw conflict(PRODUCT_LISTING_ERRORS.ListingReviewAlreadyInProgress, `Revision ${revision} of product ${productId} is handled by another execution`);
  }
  return { claimed: true };
});
