/**
 * The live-SKU count (record-catalog-events, rules on ProductListed and ProductArchived), against mocked DynamoDB:
 * each SKU counted once — its guard and the count's ADD in one transaction — and a SKU listed before (a redelivery,
 * a new revision) not again; counted off once when its product is archived.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';

const { ddb } = mockedAws(new Date('2030-06-12T08:00:00.000Z'));
const { handler } = await import('../../../functions/analytics/record-catalog-events');

const listed = (...skus: string[]) => ({ 'detail-type': 'ProductListed', source: 'commerce.catalog', detail: { eventId: 'evt-1', productId: '01J0PRODUCT0000000000000000', skus: skus.map((sku) => ({ sku, unitPrice: { amount: 1290, currency: 'EUR' } })) } });
const alreadyListed = Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] });

describe('live SKUs counted from ProductListed', () => {
  it('counts each SKU of a listed product once: its guard and +1 on the count, together', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    expect(await handler(listed('MUG-BLUE', 'MUG-SAND'))).toEqual({ changed: 2, unchanged: 0 });
    const [first] = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
    expect(first![0]!.Put).toMatchObject({ Item: { pk: 'LIVE_SKU#MUG-BLUE', sk: 'LIVE' }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(first![1]!.Update).toMatchObject({ Key: { pk: 'ANALYTICS#LIVE_SKUS', sk: 'COUNT' }, UpdateExpression: 'SET entity = :entity ADD live :one', ExpressionAttributeValues: { ':one': 1 } });
  });

  it('does not count a SKU listed before (a redelivery, a new revision of its product)', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(alreadyListed).resolves({});
    expect(await handler(listed('MUG-BLUE', 'MUG-GREEN'))).toEqual({ changed: 1, unchanged: 1 });
  });
});

describe('live SKUs counted off from ProductArchived', () => {
  const archived = (...skus: string[]) => ({ 'detail-type': 'ProductArchived', source: 'commerce.catalog', detail: { eventId: 'evt-2', productId: '01J0PRODUCT0000000000000000', skus: skus.map((sku) => ({ sku })) } });

  it('marks each live SKU retired and takes it off the count, together; one never counted or off already changes nothing', async () => {
    ddb.on(TransactWriteCommand).resolvesOnce({}).rejectsOnce(alreadyListed);
    expect(await handler(archived('MUG-BLUE', 'MUG-GREY'))).toEqual({ changed: 1, unchanged: 1 });
    const [first] = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
    expect(first![0]!.Update).toMatchObject({ Key: { pk: 'LIVE_SKU#MUG-BLUE', sk: 'LIVE' }, ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(retired)' });
    expect(first![1]!.Update).toMatchObject({ Key: { pk: 'ANALYTICS#LIVE_SKUS', sk: 'COUNT' }, ExpressionAttributeValues: { ':minusOne': -1 } });
  });
});
