import { describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { conditionalCheckFailed, context } from '../suppliers/support';
import {
  apparel,
  categoryRow,
  COSTA,
  costaKitchenProduct,
  draftProduct,
  goodContent,
  goodSkus,
  inReviewProduct,
  kitchen,
  liveProduct,
  NORDWIND,
  NOW,
  OTHER_PRODUCT_ID,
  PRODUCT_ID,
  productKey,
  productRow,
  serveRows,
  slugRow,
  stored,
  supplierRow,
} from './support';
import { handler as publishProduct } from '../../../functions/catalog/publish-product';
import { handler as checkContent } from '../../../functions/catalog/check-content';
import { handler as startListingReview } from '../../../functions/catalog/start-listing-review';
import type { StoredProduct } from '../../../shared/adapters/catalog-repository';
import type { ProductRevision } from '../../../shared/domain/catalog/product';

const { ddb } = mockedAws(NOW);

const ref = { productId: PRODUCT_ID, revision: 1, correlationId: 'corr-1' };
const SLUG = 'merino-crew-neck-sweater';
const writes = () => ddb.calls().filter((call) => !(call.args[0] instanceof GetCommand));
const transactItems = () => ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
const approval: ProductRevision['review'] = { decision: 'APPROVE', reviewedBy: 'op-1', reviewedAt: '2030-03-01T08:00:00.000Z' };

const cancelledAt = (failing: number, count: number) =>
  Object.assign(new Error('Transaction cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: Array.from({ length: count }, (_, index) => ({ Code: index === failing ? 'ConditionalCheckFailed' : 'None' })),
  });

describe('publish-product', () => {
  const approved = () => stored(inReviewProduct({ reviewDueAt: '2030-03-04T09:00:00.000Z', review: approval }), { version: 7, executionArn: 'arn:exec:1' });

  it('writes the live product, the slug claim, a stock record per SKU and ProductListed in ONE transaction', async () => {
    serveRows(ddb, productRow(approved()));
    ddb.on(TransactWriteCommand).resolves({});

    await expect(publishProduct(ref, context)).resolves.toEqual({ published: true });

    expect(writes()).toHaveLength(1);
    const items = transactItems();
    expect(items).toHaveLength(5);
    const [product, slug, ...others] = items;

    expect(product!.Put).toMatchObject({
      ConditionExpression: '#version = :version AND #status = :status',
      ExpressionAttributeValues: { ':version': 7, ':status': 'IN_REVIEW' },
      Item: {
        ...productKey(),
        version: 8,
        status: 'ACTIVE',
        gsi1pk: 'PRODUCTS#ACTIVE',
        live: { revision: 1, content: goodContent(), skus: goodSkus(), publishedAt: NOW.toISOString() },
        latest: { revision: 1, status: 'PUBLISHED' },
      },
    });
    expect(slug!.Put).toMatchObject({
      Item: { pk: `SLUG#${SLUG}`, sk: 'SLUG', productId: PRODUCT_ID },
      ConditionExpression: 'attribute_not_exists(pk) OR productId = :productId',
      ExpressionAttributeValues: { ':productId': PRODUCT_ID },
    });

    const stock = others.filter((item) => item.Update);
    expect(stock.map((item) => item.Update!.Key)).toEqual(goodSkus().map(({ sku }) => ({ pk: `SKU#${sku}`, sk: 'STOCK' })));
    for (const item of stock) {
      const { UpdateExpression, ExpressionAttributeValues } = item.Update!;
      expect(UpdateExpression).toContain('onHand = if_not_exists(onHand, :zero)');
      expect(UpdateExpression).toContain('reserved = if_not_exists(reserved, :zero)');
      expect(UpdateExpression).toContain('available = if_not_exists(available, :zero)');
      expect(ExpressionAttributeValues).toMatchObject({ ':zero': 0, ':safetyStock': 10, ':productId': PRODUCT_ID, ':supplierId': NORDWIND.supplierId });
    }

    const outbox = others.filter((item) => String(item.Put?.Item?.pk).startsWith('OUTBOX#'));
    expect(outbox.map((item) => item.Put!.Item!.detailType)).toEqual(['ProductListed']);
    expect(outbox[0]!.Put!.Item!.detail).toMatchObject({
      productId: PRODUCT_ID,
      revision: 1,
      slug: SLUG,
      approvedBy: 'op-1',
      skus: goodSkus().map(({ sku, unitPrice }) => ({ sku, unitPrice })),
      correlationId: 'corr-1',
    });
  });

  it('credits the auto-approval rule when no operator reviewed the revision', async () => {
    serveRows(ddb, productRow(stored(inReviewProduct(), { version: 2 })));
    ddb.on(TransactWriteCommand).resolves({});
    await publishProduct(ref, context);
    const listed = transactItems().find((item) => item.Put?.Item?.detailType === 'ProductListed');
    expect(listed!.Put!.Item!.detail.approvedBy).toBe('auto-approval');
  });

  it('announces a price change on publishing even when the price history is full (capped at 100 entries)', async () => {
    const skus = goodSkus().map((sku, index) => (index === 0 ? { ...sku, unitPrice: { amount: 9500, currency: 'EUR' } } : sku));
    const old = { sku: 'NW-MER-NAVY-L', from: { amount: 8800, currency: 'EUR' }, to: { amount: 8900, currency: 'EUR' }, changedAt: '2030-01-01T00:00:00.000Z', changedBy: 'op-1' };
    const revision2 = {
      ...liveProduct({ revision: 2, status: 'IN_REVIEW', reason: 'PRICE_DROP', skus, reviewDueAt: '2030-03-04T09:00:00.000Z', review: approval }),
      priceHistory: Array.from({ length: 100 }, () => old),
    };
    serveRows(ddb, productRow(stored(revision2, { version: 9 })));
    ddb.on(TransactWriteCommand).resolves({});

    await publishProduct({ ...ref, revision: 2 }, context);

    const items = transactItems();
    const events = items.filter((item) => String(item.Put?.Item?.pk).startsWith('OUTBOX#')).map((item) => item.Put!.Item!);
    expect(events.map((event) => event.detailType)).toEqual(['ProductListed', 'PriceChanged']);
    const history = items[0]!.Put!.Item!.priceHistory as unknown[];
    expect(history).toHaveLength(100);
    expect(history.at(-1)).toMatchObject({ sku: 'NW-MER-NAVY-M', to: { amount: 9500 } });
  });

  it('publishing a new revision of a live product moves the slug and announces the price change', async () => {
    const skus = goodSkus().map((sku, index) => (index === 0 ? { ...sku, unitPrice: { amount: 9500, currency: 'EUR' } } : sku));
    const revision2 = liveProduct({
      revision: 2,
      status: 'IN_REVIEW',
      reason: 'CONTENT_CHANGE',
      content: goodContent('merino-sweater-navy'),
      skus,
      reviewDueAt: '2030-03-04T09:00:00.000Z',
      review: approval,
    });
    serveRows(ddb, productRow(stored(revision2, { version: 9 })));
    ddb.on(TransactWriteCommand).resolves({});

    await expect(publishProduct({ ...ref, revision: 2 }, context)).resolves.toEqual({ published: true });

    const items = transactItems();
    expect(items.find((item) => item.Put?.Item?.pk === 'SLUG#merino-sweater-navy')).toBeDefined();
    expect(items.filter((item) => item.Delete).map((item) => item.Delete!.Key)).toEqual([{ pk: `SLUG#${SLUG}`, sk: 'SLUG' }]);
    expect(items.filter((item) => item.Update)).toHaveLength(2);
    const events = items.filter((item) => String(item.Put?.Item?.pk).startsWith('OUTBOX#')).map((item) => item.Put!.Item!);
    expect(events.map((event) => event.detailType)).toEqual(['ProductListed', 'PriceChanged']);
    expect(events[1]!.detail.changes).toEqual([
      { sku: 'NW-MER-NAVY-M', from: { amount: 8900, currency: 'EUR' }, to: { amount: 9500, currency: 'EUR' }, changedAt: NOW.toISOString(), changedBy: 'op-1' },
    ]);
    expect(items[0]!.Put!.Item).toMatchObject({ status: 'ACTIVE', live: { revision: 2, skus }, priceHistory: [{ sku: 'NW-MER-NAVY-M' }] });
    // The revision leaves the operators' review queue (GSI1 PRODUCTS#IN_REVIEW) in the same transaction.
    const entry = items.find((item) => item.Put?.Item?.sk === 'REVIEW')?.Put?.Item;
    expect(entry).toMatchObject({ pk: `PRODUCT#${ref.productId}`, entity: 'ProductRevisionReviewed' });
    expect(entry).not.toHaveProperty('gsi1pk');
  });

  it('writes nothing for a revision that is already PUBLISHED (a retried task)', async () => {
    serveRows(ddb, productRow(stored(liveProduct())));
    await expect(publishProduct(ref, context)).resolves.toEqual({ published: true });
    expect(writes()).toHaveLength(0);
  });

  it('throws SlugTaken when the transaction is cancelled and the slug now belongs to another product', async () => {
    serveRows(ddb, productRow(approved()), slugRow(SLUG, OTHER_PRODUCT_ID));
    ddb.on(TransactWriteCommand).rejects(cancelledAt(1, 5));
    await expect(publishProduct(ref, context)).rejects.toMatchObject({ name: 'SlugTaken' });
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).toContainEqual({ pk: `SLUG#${SLUG}`, sk: 'SLUG' });
  });

  it('throws ProductChangedConcurrently when the cancelled transaction was the product itself (slug free)', async () => {
    serveRows(ddb, productRow(approved()));
    ddb.on(TransactWriteCommand).rejects(cancelledAt(0, 5));
    await expect(publishProduct(ref, context)).rejects.toMatchObject({ name: 'ProductChangedConcurrently' });
  });

  it('succeeds when the cancelled transaction lost to its own retry that already published', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(GetCommand, { Key: productKey() })
      .resolvesOnce({ Item: productRow(approved()) })
      .resolves({ Item: productRow(stored(liveProduct(), { version: 8 })) });
    ddb.on(TransactWriteCommand).rejects(cancelledAt(0, 5));
    await expect(publishProduct(ref, context)).resolves.toEqual({ published: true });
  });
});

describe('check-content', () => {
  const serveFor = (product: StoredProduct, ...extra: ReturnType<typeof slugRow>[]) =>
    serveRows(ddb, productRow(product), categoryRow(apparel), categoryRow(kitchen), supplierRow(NORDWIND), supplierRow(COSTA), ...extra);
  const nordwindWith = (content = goodContent()) => stored(inReviewProduct({ content }), { version: 2 });

  it("sends a preferred supplier's (Nordwind) perfect listing straight to PUBLISH and keeps the findings", async () => {
    serveFor(nordwindWith());
    ddb.on(PutCommand).resolves({});
    await expect(checkContent(ref, context)).resolves.toEqual({
      path: 'PUBLISH',
      score: 100,
      findings: 0,
      timing: { reminderAfterSeconds: 48 * 3600, expireAfterReminderSeconds: 24 * 3600 },
    });
    expect(writes()).toHaveLength(1);
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toMatchObject({
      ExpressionAttributeValues: { ':version': 2, ':status': 'IN_REVIEW' },
      Item: { version: 3, latest: { revision: 1, status: 'IN_REVIEW', quality: { score: 100, threshold: 70, findings: [], checkedAt: NOW.toISOString() } } },
    });
  });

  it('sends the perfect listing of a supplier that is not preferred (Costa) to AWAIT_REVIEW', async () => {
    serveFor(costaKitchenProduct());
    ddb.on(PutCommand).resolves({});
    await expect(checkContent(ref, context)).resolves.toMatchObject({ path: 'AWAIT_REVIEW', score: 100, findings: 0 });
  });

  it("sends a preferred supplier's passing-but-imperfect listing (short title, score 75) to AWAIT_REVIEW, not PUBLISH", async () => {
    serveFor(nordwindWith({ ...goodContent(), title: 'Sweater' }));
    ddb.on(PutCommand).resolves({});
    await expect(checkContent(ref, context)).resolves.toMatchObject({ path: 'AWAIT_REVIEW', score: 75, findings: 2 });
  });

  it('sends a weak title (too short, no primary keyword, a banned claim) to REQUEST_CHANGES', async () => {
    serveFor(nordwindWith({ ...goodContent(), title: 'Miracle!' }));
    ddb.on(PutCommand).resolves({});
    await expect(checkContent(ref, context)).resolves.toMatchObject({ path: 'REQUEST_CHANGES', score: 55, findings: 3 });
    const quality = ddb.commandCalls(PutCommand)[0]!.args[0].input.Item!.latest.quality as { findings: { code: string }[] };
    expect(quality.findings.map((found) => found.code)).toEqual(['TITLE_LENGTH', 'TITLE_MISSING_PRIMARY_KEYWORD', 'BANNED_WORD']);
  });

  it('sends a listing whose slug another product holds to REQUEST_CHANGES (its own slug is fine)', async () => {
    serveFor(nordwindWith(), slugRow(SLUG, OTHER_PRODUCT_ID));
    ddb.on(PutCommand).resolves({});
    await expect(checkContent(ref, context)).resolves.toMatchObject({ path: 'REQUEST_CHANGES', findings: 1 });

    ddb.reset();
    serveFor(nordwindWith(), slugRow(SLUG, PRODUCT_ID));
    ddb.on(PutCommand).resolves({});
    await expect(checkContent(ref, context)).resolves.toMatchObject({ path: 'PUBLISH' });
  });

  it('refuses a stale revision with RevisionSuperseded and writes nothing', async () => {
    serveFor(stored(inReviewProduct({ revision: 2 })));
    await expect(checkContent(ref, context)).rejects.toMatchObject({ name: 'RevisionSuperseded' });
    expect(writes()).toHaveLength(0);
  });
});

describe('start-listing-review', () => {
  const input = { ...ref, executionArn: 'arn:exec:2' };

  it('claims a DRAFT revision for this execution (IN_REVIEW, conditional on version and DRAFT)', async () => {
    serveRows(ddb, productRow(stored(draftProduct(), { version: 1 })));
    ddb.on(PutCommand).resolves({});
    await expect(startListingReview(input, context)).resolves.toEqual({ claimed: true });
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toMatchObject({
      ExpressionAttributeValues: { ':version': 1, ':status': 'DRAFT' },
      Item: { version: 2, status: 'IN_REVIEW', executionArn: 'arn:exec:2', latest: { revision: 1, status: 'IN_REVIEW' } },
    });
  });

  it('is fine when its own execution retries (nothing written)', async () => {
    serveRows(ddb, productRow(stored(inReviewProduct(), { executionArn: 'arn:exec:2' })));
    await expect(startListingReview(input, context)).resolves.toEqual({ claimed: true });
    expect(writes()).toHaveLength(0);
  });

  it('refuses a second execution for an already claimed revision with ListingReviewAlreadyInProgress', async () => {
    serveRows(ddb, productRow(stored(inReviewProduct(), { executionArn: 'arn:exec:1' })));
    await expect(startListingReview(input, context)).rejects.toMatchObject({ name: 'ListingReviewAlreadyInProgress' });
    expect(writes()).toHaveLength(0);
  });

  it('refuses the loser of a race: its write fails and the re-read shows the other execution', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(GetCommand, { Key: productKey() })
      .resolvesOnce({ Item: productRow(stored(draftProduct(), { version: 1 })) })
      .resolves({ Item: productRow(stored(inReviewProduct(), { version: 2, executionArn: 'arn:exec:1' })) });
    ddb.on(PutCommand).rejects(conditionalCheckFailed());
    await expect(startListingReview(input, context)).rejects.toMatchObject({ name: 'ListingReviewAlreadyInProgress' });
  });

  it('refuses a stale revision with RevisionSuperseded', async () => {
    serveRows(ddb, productRow(stored(draftProduct(), { version: 1 })));
    await expect(startListingReview({ ...input, revision: 2 }, context)).rejects.toMatchObject({ name: 'RevisionSuperseded' });
    expect(writes()).toHaveLength(0);
  });
});
