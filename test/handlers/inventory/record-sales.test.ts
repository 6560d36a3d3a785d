import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';

const { ddb } = mockedAws(new Date('2030-07-03T10:00:00.000Z'));
const { handler } = await import('../../../functions/inventory/record-sales');

const shipped = {
  'detail-type': 'OrderShipped',
  source: 'commerce.orders',
  detail: {
    orderId: '01J0ORDER',
    occurredAt: '2030-07-02T23:59:30.000Z',
    correlationId: 'corr-1',
    lines: [
      { sku: 'MUG', quantity: 2, lineTotal: { amount: 1998, currency: 'EUR' } },
      { sku: 'TEE-M', quantity: 1, lineTotal: { amount: 2499, currency: 'EUR' } },
      { sku: 'MUG', quantity: 1, lineTotal: { amount: 999, currency: 'EUR' } },
    ],
  },
};

describe('the sales recorder', () => {
  it("adds each SKU's units and value to the counter of the day it shipped, with the order's marker, in one transaction", async () => {
    ddb.on(TransactWriteCommand).resolves({});
    expect(await handler(shipped)).toEqual({ outcome: 'recorded' });
    const [call] = ddb.commandCalls(TransactWriteCommand);
    const [marker, mug, tee] = call!.args[0].input.TransactItems!;
    expect(marker?.Put).toMatchObject({ Item: { pk: 'ORDER#01J0ORDER', sk: 'SALES_RECORDED', day: '2030-07-02' }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(mug?.Update).toMatchObject({ Key: { pk: 'SKU#MUG', sk: 'SALES#2030-07-02' }, ExpressionAttributeValues: expect.objectContaining({ ':units': 3, ':value': 2997 }) });
    expect(mug?.Update?.UpdateExpression).toContain('ADD units :units, valueMinor :value');
    expect(tee?.Update).toMatchObject({ Key: { pk: 'SKU#TEE-M', sk: 'SALES#2030-07-02' }, ExpressionAttributeValues: expect.objectContaining({ ':units': 1, ':value': 2499 }) });
  });

  it('counts an order once: a redelivered event finds its marker and adds nothing', async () => {
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('Transaction cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }] }));
    expect(await handler(shipped)).toEqual({ outcome: 'already-recorded' });
  });

  it('refuses an event without its lines (InvalidTaskInput), writing nothing', async () => {
    await expect(handler({ detail: { orderId: '01J0ORDER', occurredAt: '2030-07-02T10:00:00.000Z' } })).rejects.toMatchObject({ name: 'InvalidTaskInput' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
