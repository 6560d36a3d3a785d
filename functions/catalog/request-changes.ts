import * as z from '../../shared/contracts/z';
import { revisionTaskInput } from '../../shared/contracts/catalog';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import type { DomainEventDraft } from '../../shared/domain/events';
import { productChangesRequested, productListingFailed } from '../../shared/domain/catalog/events';
import type { QualityFinding } from '../../shared/domain/catalog/product';
import { processFinding, requestChanges, startReview, WORKFLOW_ACTOR } from '../../shared/domain/catalog/review';
import { applyStep } from './listing-steps';

const input = z.extend(revisionTaskInput, {
  /** CHECKS: the content check's findings; OPERATOR: the reviewer's reasons; FAILURE: the workflow broke. */
  basis: z.enum(['CHECKS', 'OPERATOR', 'FAILURE']),
  failure: z.optional(z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) })),
});

/**
 * Workflow task: sends the revision back to the supplier with what to fix (CHANGES_REQUESTED) and tells
 * it so. On a failure of ours the supplier is told to resubmit and operators are alerted.
 */
export const handler = taskHandler(input, async function requestChangesTask({ productId, revision, basis, failure, correlationId }) {
  const now = clock.now();
  await applyStep(
    productId,
    revision,
    (current) => current.latest.status !== 'IN_REVIEW' && !(basis === 'FAILURE' && current.latest.status === 'DRAFT'),
    (current) => {
      const claimed = current.latest.status === 'DRAFT' ? startReview(current, revision, now) : current;
      const extra: QualityFinding[] =
        basis === 'OPERATOR' && current.latest.review && 'reasons' in current.latest.review
          ? current.latest.review.reasons.map((reason) => processFinding('REVIEWER_REQUESTED_CHANGES', reason, 'Address the reviewer\'s remark and resubmit'))
          : basis === 'FAILURE'
            ? [processFinding('LISTING_CHECK_FAILED', 'We could not finish checking this listing because of a problem on our side', 'Resubmit the listing; our operations team has been alerted')]
            : [];
      const next = requestChanges(claimed, revision, extra, basis === 'OPERATOR' ? (current.latest.review?.reviewedBy ?? WORKFLOW_ACTOR) : WORKFLOW_ACTOR, now);
      const findings = basis === 'CHECKS' ? (next.latest.quality?.findings ?? []) : extra;
      const events: DomainEventDraft<object>[] = [productChangesRequested(next, next.latest, next.latest.quality?.score ?? 0, findings)];
      if (basis === 'FAILURE') events.unshift(productListingFailed(next, next.latest, failure?.Error ?? 'UnknownError'));
      return { next, write: { correlationId, events } };
    },
  );
  if (basis === 'FAILURE') logger.error('listing workflow failed; revision sent back', { productId, revision, error: failure?.Error });
  return { changesRequested: true };
});
