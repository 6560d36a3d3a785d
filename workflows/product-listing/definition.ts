/**
 * Product listing, as the business runs it:
 * claim the revision → check its content → below the quality bar: back to the supplier with the
 * findings; a preferred supplier's excellent listing: publish; otherwise wait for an operator's review
 * (remind once, then send it back as expired) → publish, reject, or request changes. Anything
 * unexpected sends the revision back to the supplier and alerts operations.
 *
 * Execution input: `{ productId, revision, correlationId }` (the rule on `ProductSubmittedForReview`).
 * JSONPath only; every task keeps the input and writes its result under its own key.
 */
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { PRODUCT_LISTING_ERRORS as ERRORS } from '../../shared/domain/workflow-errors';
import { lambdaSteps } from '../lambda-steps';
import { createSaga } from '../saga';

/** The one map of task → entry the stack builds the functions from (test/unit/workflows checks every entry). */
export const productListingTaskEntries = {
  startListingReview: 'functions/catalog/start-listing-review.ts',
  checkContent: 'functions/catalog/check-content.ts',
  requestChanges: 'functions/catalog/request-changes.ts',
  requestReview: 'functions/catalog/request-review.ts',
  remindReviewers: 'functions/catalog/remind-reviewers.ts',
  expireReview: 'functions/catalog/expire-review.ts',
  publishProduct: 'functions/catalog/publish-product.ts',
  rejectProduct: 'functions/catalog/reject-product.ts',
} as const;

export type ProductListingTask = keyof typeof productListingTaskEntries;

const revisionRef = {
  productId: sfn.JsonPath.stringAt('$.productId'),
  revision: sfn.JsonPath.numberAt('$.revision'),
  correlationId: sfn.JsonPath.stringAt('$.correlationId'),
};

export function productListingDefinition(scope: Construct, fns: Record<ProductListingTask, lambda.IFunction>): sfn.IChainable {
  // A scope of our own: state names are construct ids, and must not meet the caller's other children.
  const states = new Construct(scope, 'ProductListingStates');
  const steps = lambdaSteps(states, fns, revisionRef);
  // Every task is registered with the saga, so the failure wiring below reaches each one without a hand-kept list.
  const saga = createSaga<ProductListingTask, 'LISTING'>(steps);
  const step: typeof steps.step = (...args) => saga.step('LISTING', steps.step(...args));
  const awaitTaskToken: typeof steps.awaitTaskToken = (...args) => saga.step('LISTING', steps.awaitTaskToken(...args));
  const done = (name: string) => new sfn.Succeed(states, name);
  const timing = { timing: sfn.JsonPath.objectAt('$.check.timing') };

  /* ---------- the process: claim, check, publish or wait for a review ---------- */
  // compensation: SendBackOnFailure releases the claim (IN_REVIEW → CHANGES_REQUESTED) if a later step breaks.
  const startListingReview = step('StartListingReview', 'startListingReview', sfn.JsonPath.DISCARD, {
    executionArn: sfn.JsonPath.stringAt('$$.Execution.Id'),
  });
  startListingReview.addCatch(done('IgnoreDuplicateStart'), { errors: [ERRORS.ListingReviewAlreadyInProgress], resultPath: '$.duplicate' });

  // compensation: none needed — findings are overwritten by the next check.
  const checkContent = step('CheckContent', 'checkContent', '$.check');
  // compensation: none — hands the revision back to the supplier (CHANGES_REQUESTED + event in one transaction).
  const requestChanges = step('RequestChanges', 'requestChanges', sfn.JsonPath.DISCARD, { basis: 'CHECKS' });

  /* ---------- operator review ---------- */
  // compensation: ExpireReview closes the wait (back to the supplier) when nobody reviews.
  const awaitOperatorReview = awaitTaskToken('AwaitOperatorReview', 'requestReview', { timeoutSecondsPath: '$.check.timing.reminderAfterSeconds' }, '$.review', timing);
  // compensation: none — a notification; sent at most once per revision.
  const remindReviewers = step('RemindReviewers', 'remindReviewers', sfn.JsonPath.DISCARD);
  const awaitReviewAfterReminder = awaitTaskToken(
    'AwaitReviewAfterReminder',
    'requestReview',
    { timeoutSecondsPath: '$.check.timing.expireAfterReminderSeconds' },
    '$.review',
    timing,
  );
  // compensation: none — final for this revision; CHANGES_REQUESTED + ProductReviewExpired in one transaction.
  const expireReview = step('ExpireReview', 'expireReview', '$.review');

  // compensation: none — ACTIVE, stock records, slug and ProductListed in one transaction.
  const publishProduct = step('PublishProduct', 'publishProduct', '$.publication');
  // compensation: none — final; REJECTED + ProductRejected in one transaction.
  const rejectProduct = step('RejectProduct', 'rejectProduct', sfn.JsonPath.DISCARD);
  // compensation: none — hands the revision back with the reviewer's reasons.
  const requestChangesOnReview = step('RequestChangesOnReview', 'requestChanges', sfn.JsonPath.DISCARD, { basis: 'OPERATOR' });

  const isReviewApproved = new sfn.Choice(states, 'IsReviewApproved')
    .when(sfn.Condition.stringEquals('$.review.decision', 'APPROVE'), publishProduct)
    .when(sfn.Condition.stringEquals('$.review.decision', 'REJECT'), rejectProduct.next(done('ProductRejected')))
    .otherwise(requestChangesOnReview.next(done('ChangesRequestedByReviewer')));

  awaitOperatorReview.addCatch(remindReviewers, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timeout' });
  awaitReviewAfterReminder.addCatch(expireReview, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timeout' });
  remindReviewers.next(awaitReviewAfterReminder);
  awaitOperatorReview.next(isReviewApproved);
  awaitReviewAfterReminder.next(isReviewApproved);
  expireReview.next(
    new sfn.Choice(states, 'WasReviewedBeforeExpiry')
      .when(sfn.Condition.booleanEquals('$.review.expired', true), done('ReviewExpired'))
      .otherwise(isReviewApproved),
  );
  // A slug taken between the check and publishing: check again, which sends the listing back with SLUG_TAKEN.
  publishProduct.addCatch(checkContent, { errors: [ERRORS.SlugTaken], resultPath: '$.slugConflict' });
  publishProduct.next(done('ProductPublished'));

  const listing = startListingReview.next(checkContent).next(
    new sfn.Choice(states, 'ChooseListingPath')
      .when(sfn.Condition.stringEquals('$.check.path', 'REQUEST_CHANGES'), requestChanges.next(done('ChangesRequested')))
      .when(sfn.Condition.stringEquals('$.check.path', 'PUBLISH'), publishProduct)
      .otherwise(awaitOperatorReview),
  );

  /* ---------- failure wiring: a superseded revision ends quietly; anything else sends it back ---------- */
  const listingFailed = new sfn.Fail(states, 'ListingFailed', {
    error: 'ProductListingFailed',
    cause: 'Listing stopped on an unexpected error; the revision went back to the supplier',
  });
  // compensation: none needed — it hands the revision back (CHANGES_REQUESTED + ProductListingFailed in one transaction).
  const sendBackOnFailure = steps.step('SendBackOnFailure', 'requestChanges', sfn.JsonPath.DISCARD, {
    basis: 'FAILURE',
    failure: sfn.JsonPath.objectAt('$.failure'),
  });
  sendBackOnFailure.addCatch(listingFailed, { resultPath: '$.sendBackFailure' }).next(listingFailed);
  const supersededRevision = done('IgnoreSupersededRevision');

  // Every listing task: a newer revision taking over ends this execution; anything else sends the revision back.
  saga.catchIn(['LISTING'], [ERRORS.RevisionSuperseded], supersededRevision, '$.superseded');
  saga.catchIn(['LISTING'], [sfn.Errors.ALL], sendBackOnFailure, '$.failure');

  return listing;
}
