/**
 * Product listing on THE TEMPLATE'S ASL: the `product-listing` machine the local cloud reads from the
 * synthesized CDK app, with the real task handlers on DynamoDB Local and the demo suppliers and
 * categories seeded. Products come in over HTTP with supplier tokens (the outbox event starts the
 * execution) and operators review over HTTP. Faults are injected at the Lambda boundary.
 */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LambdaInvocationError } from '../../infra/local/model';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { apparelBody, COSTA, kitchenBody, listingHarness, NORDWIND, type ListingHarness } from './listing-harness';

const CHECKS = ['StartListingReview', 'CheckContent', 'ChooseListingPath'];
type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('product listing with the default review window', () => {
  let cloud: TestCloud;
  let listing: ListingHarness;

  beforeAll(async () => {
    cloud = await sharedTestCloud();
    listing = listingHarness(cloud);
  });
  afterAll(async () => {
    await cloud?.stop();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Lists a non-preferred supplier's good product and waits until an operator's review is awaited. */
  async function awaitingReview() {
    const body = kitchenBody();
    const { productId } = await listing.list(COSTA, body);
    const executionArn = await listing.executionOf(productId, 1);
    const row = await listing.awaitingReview(productId, 1);
    return { body, productId, executionArn, row };
  }

  it('publishes a preferred supplier\'s excellent listing without review, with an empty stock record per SKU', async () => {
    const body = apparelBody();
    const { productId } = await listing.list(NORDWIND, body);
    const executionArn = await listing.executionOf(productId, 1);

    expect((await listing.finished(executionArn)).status).toBe('SUCCEEDED');
    expect(await listing.statePath(executionArn)).toEqual([...CHECKS, 'PublishProduct', 'ProductPublished']);
    const row = (await listing.readProduct(productId)) as Row;
    expect(row).toMatchObject({ status: 'ACTIVE', live: { revision: 1 }, latest: { status: 'PUBLISHED', quality: { score: 100, findings: [] } } });
    for (const sku of body.skus) {
      expect(await listing.readStock(sku.sku)).toMatchObject({ productId, supplierId: NORDWIND.supplierId, onHand: 0, reserved: 0, safetyStock: 10 });
    }
    const listed = await listing.notification('customer-notifications', 'ProductListed', 'productId', productId);
    expect(listed.detail).toMatchObject({ approvedBy: 'auto-approval', revision: 1, supplierId: NORDWIND.supplierId });
  });

  it('sends a weak listing back with its findings, and lists the resubmission once it is fixed', async () => {
    const body = apparelBody();
    const weak = { ...body, content: { ...body.content, title: 'Sweater', images: body.content.images.slice(0, 1) } };
    const { productId } = await listing.list(NORDWIND, weak);
    const first = await listing.executionOf(productId, 1);

    expect((await listing.finished(first)).status).toBe('SUCCEEDED');
    expect(await listing.statePath(first)).toEqual([...CHECKS, 'RequestChanges', 'ChangesRequested']);
    const sentBack = (await listing.readProduct(productId)) as Row;
    expect(sentBack.status).toBe('CHANGES_REQUESTED');
    const codes = sentBack.latest.quality.findings.map((finding: { code: string }) => finding.code);
    expect(codes).toEqual(expect.arrayContaining(['TITLE_LENGTH', 'TITLE_MISSING_PRIMARY_KEYWORD', 'TOO_FEW_IMAGES']));
    expect(sentBack.latest.quality.score).toBe(60);
    const told = await listing.notification('customer-notifications', 'ProductChangesRequested', 'productId', productId);
    expect(told.detail.findings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'TOO_FEW_IMAGES', fixHint: expect.any(String) })]));
    expect(await listing.readStock(body.skus[0]!.sku)).toBeUndefined();

    const resubmitted = await listing.patch(NORDWIND, productId, { content: { title: body.content.title, images: body.content.images } });
    expect(resubmitted.status).toBe(202);
    expect(resubmitted.body).toMatchObject({ status: 'DRAFT', latest: { revision: 2, status: 'DRAFT' } });
    const second = await listing.executionOf(productId, 2);
    expect((await listing.finished(second)).status).toBe('SUCCEEDED');
    expect(await listing.statePath(second)).toEqual([...CHECKS, 'PublishProduct', 'ProductPublished']);
    expect(await listing.readProduct(productId)).toMatchObject({ status: 'ACTIVE', live: { revision: 2 } });
  });

  it('waits for an operator\'s review and publishes on approval', async () => {
    const { body, productId, executionArn, row } = await awaitingReview();
    expect(row).toMatchObject({ status: 'IN_REVIEW', latest: { reviewDueAt: expect.any(String), quality: { score: 100 } } });
    const asked = await listing.notification('ops-alerts', 'ProductReviewRequested', 'productId', productId);
    expect(asked.detail).toMatchObject({ score: 100, supplierId: COSTA.supplierId });

    expect((await listing.review(productId, { decision: 'APPROVE', notes: 'Looks good' })).status).toBe(202);
    expect((await listing.finished(executionArn)).status).toBe('SUCCEEDED');
    expect(await listing.statePath(executionArn)).toEqual([...CHECKS, 'AwaitOperatorReview', 'IsReviewApproved', 'PublishProduct', 'ProductPublished']);
    const published = (await listing.readProduct(productId)) as Row;
    expect(published).toMatchObject({ status: 'ACTIVE', latest: { status: 'PUBLISHED', review: { decision: 'APPROVE', reviewedBy: 'operator-olga' } } });
    expect(published).not.toHaveProperty('taskToken');
    expect(await listing.readStock(body.skus[0]!.sku)).toMatchObject({ onHand: 0, reserved: 0 });
    const listed = await listing.notification('customer-notifications', 'ProductListed', 'productId', productId);
    expect(listed.detail.approvedBy).toBe('operator-olga');
  });

  it('rejects on the operator\'s word and tells the supplier the reasons; a second review is refused', async () => {
    const { productId, executionArn } = await awaitingReview();
    const reasons = ['We do not sell bowl sets under this brand.'];
    expect((await listing.review(productId, { decision: 'REJECT', reasons })).status).toBe(202);
    expect((await listing.finished(executionArn)).status).toBe('SUCCEEDED');
    expect((await listing.statePath(executionArn)).slice(-3)).toEqual(['IsReviewApproved', 'RejectProduct', 'ProductRejected']);
    expect(await listing.readProduct(productId)).toMatchObject({ status: 'REJECTED', latest: { status: 'REJECTED' } });
    const told = await listing.notification('customer-notifications', 'ProductRejected', 'productId', productId);
    expect(told.detail.reasons).toEqual(reasons);

    const again = await listing.review(productId, { decision: 'APPROVE' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'ProductNotInReview' });
  });

  it('requests changes on the operator\'s word; the resubmission goes through review again', async () => {
    const { productId, executionArn } = await awaitingReview();
    const remark = 'Show the bowls with a size reference.';
    expect((await listing.review(productId, { decision: 'REQUEST_CHANGES', reasons: [remark] })).status).toBe(202);
    expect((await listing.finished(executionArn)).status).toBe('SUCCEEDED');
    expect((await listing.statePath(executionArn)).slice(-2)).toEqual(['RequestChangesOnReview', 'ChangesRequestedByReviewer']);
    const sentBack = (await listing.readProduct(productId)) as Row;
    expect(sentBack.status).toBe('CHANGES_REQUESTED');
    expect(sentBack.latest.quality.findings).toContainEqual(expect.objectContaining({ code: 'REVIEWER_REQUESTED_CHANGES', message: remark }));

    const images = [...sentBack.latest.content.images, { url: 'https://images.example/bowls-hand.jpg', altText: 'Smallest bowl held in one hand' }];
    expect((await listing.patch(COSTA, productId, { content: { images } })).status).toBe(202);
    await listing.awaitingReview(productId, 2);
    expect((await listing.review(productId, { decision: 'APPROVE' })).status).toBe(202);
    await listing.waitForRevision(productId, 2, 'PUBLISHED');
    expect(await listing.readProduct(productId)).toMatchObject({ status: 'ACTIVE', live: { revision: 2, content: { images: expect.arrayContaining([expect.objectContaining({ altText: 'Smallest bowl held in one hand' })]) } } });
  });

  it('ignores a second execution for the same revision: it changes nothing, and the first one carries on', async () => {
    const { productId, executionArn, row } = await awaitingReview();
    const started = await listing.sfn.send(
      new StartExecutionCommand({ stateMachineArn: listing.machine.arn, input: JSON.stringify({ productId, revision: 1, correlationId: 'duplicate-start' }) }),
    );
    const duplicate = String(started.executionArn);
    expect((await listing.finished(duplicate)).status).toBe('SUCCEEDED');
    expect(await listing.statePath(duplicate)).toEqual(['StartListingReview', 'IgnoreDuplicateStart']);
    expect(await listing.readProduct(productId)).toMatchObject({ executionArn, version: row.version });
  });

  it('sends the listing back and alerts operations when publishing keeps failing; no stock record is left behind', async () => {
    const publish = listing.functionFor('functions/catalog/publish-product.ts');
    const realInvoke = cloud.lambda.invoke.bind(cloud.lambda);
    vi.spyOn(cloud.lambda, 'invoke').mockImplementation(async (functionNameOrArn, event) => {
      if (functionNameOrArn === publish.arn || functionNameOrArn === publish.name) throw new LambdaInvocationError('Lambda.ServiceException', 'injected by the test');
      return realInvoke(functionNameOrArn, event);
    });
    const body = apparelBody();
    const { productId } = await listing.list(NORDWIND, body);
    const executionArn = await listing.executionOf(productId, 1);

    expect(await listing.finished(executionArn)).toMatchObject({ status: 'FAILED', error: 'ProductListingFailed' });
    expect((await listing.statePath(executionArn)).slice(-3)).toEqual(['PublishProduct', 'SendBackOnFailure', 'ListingFailed']);
    const row = (await listing.readProduct(productId)) as Row;
    expect(row).toMatchObject({ status: 'CHANGES_REQUESTED' });
    expect(row).not.toHaveProperty('live');
    expect(row.latest.quality.findings).toContainEqual(expect.objectContaining({ code: 'LISTING_CHECK_FAILED' }));
    expect(await listing.readStock(body.skus[0]!.sku)).toBeUndefined();
    const alert = await listing.notification('ops-alerts', 'ProductListingFailed', 'productId', productId);
    expect(alert.detail.error).toBe('Lambda.ServiceException');
  });
});

describe('product listing when nobody reviews in time', () => {
  // Time passes as `npm run advance` makes it pass: each wait's deadline (the reminder, then the expiry) comes now.
  let cloud: TestCloud;
  let listing: ListingHarness;

  beforeAll(async () => {
    cloud = await sharedTestCloud();
    listing = listingHarness(cloud);
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  it('reminds operators once, then sends the listing back as expired so the supplier can resubmit', async () => {
    const { productId } = await listing.list(COSTA, kitchenBody());
    const executionArn = await listing.executionOf(productId, 1);
    await listing.advance(productId, 'AwaitOperatorReview');
    await listing.advance(productId, 'AwaitReviewAfterReminder');

    expect((await listing.finished(executionArn)).status).toBe('SUCCEEDED');
    expect(await listing.statePath(executionArn)).toEqual([
      ...CHECKS,
      'AwaitOperatorReview',
      'RemindReviewers',
      'AwaitReviewAfterReminder',
      'ExpireReview',
      'WasReviewedBeforeExpiry',
      'ReviewExpired',
    ]);
    const row = (await listing.readProduct(productId)) as Row;
    expect(row.status).toBe('CHANGES_REQUESTED');
    expect(row.latest.quality.findings).toContainEqual(expect.objectContaining({ code: 'REVIEW_EXPIRED' }));
    expect(listing.notificationsNow('ops-alerts', 'ProductReviewReminderDue', 'productId', productId)).toHaveLength(1);
    await listing.notification('ops-alerts', 'ProductReviewExpired', 'productId', productId);
    await listing.notification('customer-notifications', 'ProductChangesRequested', 'productId', productId);
    expect((await listing.review(productId, { decision: 'APPROVE' })).status).toBe(409);
  });
});
