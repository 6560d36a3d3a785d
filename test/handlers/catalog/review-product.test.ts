import { describe, expect, it } from 'vitest';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { conditionalCheckFailed, context, httpEvent, operator, parse } from '../suppliers/support';
import { inReviewProduct, NOW, PRODUCT_ID, productRow, serveRows, stored, TASK_TOKEN } from './support';
import { handler as reviewProduct } from '../../../functions/catalog/review-product';
import { mockedAws } from '../mocked-aws';

const { ddb, sfn } = mockedAws(NOW);

const reviewAs = (body: unknown) =>
  reviewProduct(
    httpEvent(operator, { method: 'POST', path: `/products/${PRODUCT_ID}/review`, pathParameters: { id: PRODUCT_ID }, body }),
    context,
  ).then(parse);

const writes = () => ddb.calls().filter((call) => !(call.args[0] instanceof GetCommand));
const REVIEW_DUE_AT = '2030-03-04T09:00:00.000Z';
const awaitingReview = () =>
  stored(inReviewProduct({ reviewDueAt: REVIEW_DUE_AT }), { version: 5, executionArn: 'arn:exec:1', taskToken: TASK_TOKEN });

describe('POST /products/{id}/review', () => {
  it('records the review (version+1, token spent) and resumes the waiting step with {"decision":"APPROVE"}', async () => {
    serveRows(ddb, productRow(awaitingReview()));
    ddb.on(PutCommand).resolves({});
    sfn.on(SendTaskSuccessCommand).resolves({});

    const { status, body } = await reviewAs({ decision: 'APPROVE', notes: 'Looks good' });

    expect(status).toBe(202);
    expect(body).toMatchObject({ status: 'IN_REVIEW', latest: { revision: 1, review: { decision: 'APPROVE', reviewedBy: operator.sub } } });
    expect(JSON.stringify(body)).not.toContain(TASK_TOKEN);

    expect(writes()).toHaveLength(1);
    const put = ddb.commandCalls(PutCommand)[0]!.args[0].input;
    expect(put).toMatchObject({
      ConditionExpression: '#version = :version AND #status = :status',
      ExpressionAttributeValues: { ':version': 5, ':status': 'IN_REVIEW' },
      Item: {
        pk: `PRODUCT#${PRODUCT_ID}`,
        version: 6,
        executionArn: 'arn:exec:1',
        latest: {
          revision: 1,
          status: 'IN_REVIEW',
          reviewDueAt: REVIEW_DUE_AT,
          review: { decision: 'APPROVE', notes: 'Looks good', reviewedBy: operator.sub, reviewedAt: NOW.toISOString() },
        },
      },
    });
    expect(put.Item).not.toHaveProperty('taskToken');

    const resumes = sfn.commandCalls(SendTaskSuccessCommand);
    expect(resumes).toHaveLength(1);
    expect(resumes[0]!.args[0].input.taskToken).toBe(TASK_TOKEN);
    expect(JSON.parse(resumes[0]!.args[0].input.output!)).toEqual({ decision: 'APPROVE' });
  });

  it('records the review without resuming anything when no step is waiting (no token)', async () => {
    serveRows(ddb, productRow(stored(inReviewProduct({ reviewDueAt: REVIEW_DUE_AT }), { version: 5 })));
    ddb.on(PutCommand).resolves({});
    const { status } = await reviewAs({ decision: 'REJECT', reasons: ['Counterfeit brand'] });
    expect(status).toBe(202);
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input.Item!.latest.review).toMatchObject({ decision: 'REJECT', reasons: ['Counterfeit brand'] });
    expect(sfn.calls()).toHaveLength(0);
  });

  it('answers 409 ProductChangedConcurrently and resumes nothing when the write loses a race', async () => {
    serveRows(ddb, productRow(awaitingReview()));
    ddb.on(PutCommand).rejects(conditionalCheckFailed());
    const { status, body } = await reviewAs({ decision: 'APPROVE' });
    expect(status).toBe(409);
    expect(body.code).toBe('ProductChangedConcurrently');
    expect(sfn.calls()).toHaveLength(0);
  });

  it('answers 409 ProductNotInReview when the latest revision awaits no review (no reviewDueAt)', async () => {
    serveRows(ddb, productRow(stored(inReviewProduct(), { taskToken: TASK_TOKEN })));
    const { status, body } = await reviewAs({ decision: 'APPROVE' });
    expect(status).toBe(409);
    expect(body.code).toBe('ProductNotInReview');
    expect(writes()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('answers 409 ProductAlreadyReviewed for a second review of the same revision', async () => {
    const reviewed = inReviewProduct({
      reviewDueAt: REVIEW_DUE_AT,
      review: { decision: 'APPROVE', reviewedBy: 'op-2', reviewedAt: '2030-03-01T08:00:00.000Z' },
    });
    serveRows(ddb, productRow(stored(reviewed, { taskToken: TASK_TOKEN })));
    const { status, body } = await reviewAs({ decision: 'REJECT', reasons: ['Changed my mind'] });
    expect(status).toBe(409);
    expect(body.code).toBe('ProductAlreadyReviewed');
    expect(writes()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('answers 404 for an unknown product', async () => {
    serveRows(ddb);
    const { status, body } = await reviewAs({ decision: 'APPROVE' });
    expect(status).toBe(404);
    expect(body.code).toBe('ProductNotFound');
    expect(writes()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });
});
