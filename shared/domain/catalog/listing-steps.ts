/**
 * What each task of the listing workflow decides, as plain functions of the product read: the next product
 * (none when the step's result is there already, so a step run twice does nothing more) and its events.
 * Each refuses a revision that is no longer the latest (`RevisionSuperseded`), so a stale execution changes
 * nothing. Handlers load the product, call one of these, and save what it says (functions/catalog/listing-steps.ts).
 */
import type { DomainEventDraft } from '../events';
import { conflict } from '../errors';
import { decisionDueAt, type DecisionTiming } from '../decision-timing';
import { productChangesRequested, productListingFailed, productRejected, productReviewExpired, productReviewReminderDue, productReviewRequested } from './events';
import { historyEntry } from './listing';
import { appendHistory, type Product, type QualityFinding } from './product';
import { awaitReview, processFinding, rejectRevision, requestChanges, revisionSuperseded, startReview, WORKFLOW_ACTOR } from './review';

export interface ListingStep {
  /** The product as it is to be stored; absent: nothing changes. */
  readonly next?: Product;
  readonly events?: readonly DomainEventDraft<object>[];
}

/** The product at `revision`, or RevisionSuperseded when a newer revision took over. */
export const atRevision = <P extends Product>(product: P, revision: number): P => {
  if (product.latest.revision !== revision) throw revisionSuperseded(product, revision);
  return product;
};

/** StartListingReview: the DRAFT revision goes IN_REVIEW; a revision past DRAFT was claimed already. */
export function claimRevision(product: Product, revision: number, now: Date): ListingStep {
  if (atRevision(product, revision).latest.status !== 'DRAFT') return {};
  return { next: startReview(product, revision, now) };
}

/**
 * RequestReview (both waits): operators are asked once, with the review due within `timing`'s window; a
 * later wait only stores its own task token (the product as it is). A review already recorded: nothing.
 */
export function requestReview(product: Product, revision: number, timing: DecisionTiming, now: Date): ListingStep {
  if (atRevision(product, revision).latest.review !== undefined) return {};
  if (product.latest.reviewDueAt !== undefined) return { next: product };
  const next = awaitReview(product, revision, decisionDueAt(now, timing), now);
  return { next, events: [productReviewRequested(next, next.latest, product.latest.quality?.score ?? 0, next.latest.reviewDueAt!)] };
}

/** The history entry that says operators were reminded about a revision. */
export const REVIEW_REMINDER_SENT = 'REVIEW_REMINDER_SENT';

/** RemindReviewers: once per revision, unless it was reviewed meanwhile. */
export function remindReviewers(product: Product, revision: number, now: Date): ListingStep {
  const reminded = product.history.some((entry) => entry.event === REVIEW_REMINDER_SENT && entry.revision === revision);
  if (atRevision(product, revision).latest.review !== undefined || reminded) return {};
  return {
    next: { ...product, history: appendHistory(product.history, historyEntry(REVIEW_REMINDER_SENT, revision, WORKFLOW_ACTOR, now)), updatedAt: now.toISOString() },
    events: [productReviewReminderDue(product, product.latest)],
  };
}

/**
 * ExpireReview: nobody reviewed in time, so the revision goes back to the supplier (CHANGES_REQUESTED with a
 * REVIEW_EXPIRED finding, so it can be resubmitted). A review that arrived at the last moment wins: nothing.
 */
export function expireReview(product: Product, revision: number, now: Date): ListingStep {
  const latest = atRevision(product, revision).latest;
  if (latest.review !== undefined || latest.status !== 'IN_REVIEW') return {};
  const expired = processFinding('REVIEW_EXPIRED', `No operator reviewed the listing by ${latest.reviewDueAt}`, 'Resubmit the listing unchanged (PATCH it) to queue it for review again');
  const next = requestChanges(product, revision, [expired], WORKFLOW_ACTOR, now);
  return { next, events: [productReviewExpired(next, next.latest), productChangesRequested(next, next.latest, next.latest.quality!.score, [expired])] };
}

/** Why a revision goes back to the supplier: the content check's findings, the reviewer's reasons, or a failure of ours. */
export type ChangesBasis = 'CHECKS' | 'OPERATOR' | 'FAILURE';

/**
 * RequestChanges: back to the supplier (CHANGES_REQUESTED) with what to fix: the checks' findings, the
 * reviewer's reasons, or, on a failure of ours (`failedWith`: the error), a finding telling it to resubmit and
 * `ProductListingFailed`. A revision no longer in review was handled already (a failure may still claim a DRAFT).
 */
export function sendBackForChanges(product: Product, revision: number, basis: ChangesBasis, failedWith: string | undefined, now: Date): ListingStep {
  const latest = atRevision(product, revision).latest;
  if (latest.status !== 'IN_REVIEW' && !(basis === 'FAILURE' && latest.status === 'DRAFT')) return {};
  const claimed = latest.status === 'DRAFT' ? startReview(product, revision, now) : product;
  const extra: QualityFinding[] =
    basis === 'OPERATOR' && latest.review && 'reasons' in latest.review
      ? latest.review.reasons.map((reason) => processFinding('REVIEWER_REQUESTED_CHANGES', reason, 'Address the reviewer\'s remark and resubmit'))
      : basis === 'FAILURE'
        ? [processFinding('LISTING_CHECK_FAILED', 'We could not finish checking this listing because of a problem on our side', 'Resubmit the listing; our operations team has been alerted')]
        : [];
  const next = requestChanges(claimed, revision, extra, basis === 'OPERATOR' ? (latest.review?.reviewedBy ?? WORKFLOW_ACTOR) : WORKFLOW_ACTOR, now);
  const findings = basis === 'CHECKS' ? (next.latest.quality?.findings ?? []) : extra;
  const events: DomainEventDraft<object>[] = [productChangesRequested(next, next.latest, next.latest.quality?.score ?? 0, findings)];
  if (basis === 'FAILURE') events.unshift(productListingFailed(next, next.latest, failedWith ?? 'UnknownError'));
  return { next, events };
}

/** RejectProduct: the operator's rejection is final, and the supplier hears the reasons; rejected already: nothing. */
export function rejectListing(product: Product, revision: number, now: Date): ListingStep {
  const latest = atRevision(product, revision).latest;
  if (latest.status === 'REJECTED') return {};
  const review = latest.review;
  if (review?.decision !== 'REJECT') throw conflict('ProductNotRejected', `Revision ${revision} of product ${product.productId} has no rejection`);
  const next = rejectRevision(product, revision, review.reasons, review.reviewedBy, now);
  return { next, events: [productRejected(next, next.latest, review.reasons)] };
}
