/**
 * An archived product's supplier offers end (end-archived-sku-offers, rule on ProductArchived), against mocked
 * DynamoDB: each stored offer of its SKUs is rewritten with when and why it ended — kept, never deleted — on
 * condition it is still the offer read; a redelivered event finds them ended and writes nothing.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';

const NOW = new Date('2030-07-09T08:00:00.000Z');
const { ddb } = mockedAws(NOW);
const { handler } = await import('../../../functions/inventory/end-archived-sku-offers');

const archived = (...skus: string[]) => ({ 'detail-type': 'ProductArchived', source: 'commerce.catalog', detail: { eventId: 'evt-1', productId: '01J0PRODUCT0000000000000000', skus: skus.map((sku) => ({ sku })) } });
const offerRow = (supplierId: string, extra: object = {}) => ({
  pk: 'SKU#MUG', sk: `OFFER#${supplierId}`, gsi2pk: `SUPPLIER_OFFERS#${supplierId}`, gsi2sk: 'MUG', entity: 'SupplierOffer',
  sku: 'MUG', supplierId, unitCost: { amount: 390, currency: 'EUR' }, updatedAt: '2030-07-01T08:00:00.000Z', updatedBy: 'buyer-bea', ...extra,
});
const serveOffers = (...rows: Record<string, unknown>[]) => {
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'SKU#MUG' } }).resolves({ Items: rows });
  for (const row of rows) ddb.on(GetCommand, { Key: { pk: row.pk, sk: row.sk } }).resolves({ Item: row });
};
const written = () => ddb.commandCalls(PutCommand).map((call) => call.args[0].input);

describe('the offers of an archived product', () => {
  it("end, each kept with when and why, on condition it is still the offer read; a SKU without offers writes nothing", async () => {
    serveOffers(offerRow('BALTIC'), offerRow('NORDWIND', { updatedAt: '2030-07-02T08:00:00.000Z' }));
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'SKU#MUG-LID' } }).resolves({ Items: [] });
    ddb.on(PutCommand).resolves({});

    expect(await handler(archived('MUG', 'MUG-LID'))).toEqual({ ended: 2, unchanged: 0 });

    expect(written()).toEqual([
      expect.objectContaining({
        Item: expect.objectContaining({ pk: 'SKU#MUG', sk: 'OFFER#BALTIC', gsi2pk: 'SUPPLIER_OFFERS#BALTIC', unitCost: { amount: 390, currency: 'EUR' }, endedAt: NOW.toISOString(), endReason: 'PRODUCT_ARCHIVED' }),
        ConditionExpression: 'updatedAt = :updatedAt AND attribute_not_exists(endedAt)',
        ExpressionAttributeValues: { ':updatedAt': '2030-07-01T08:00:00.000Z' },
      }),
      expect.objectContaining({ Item: expect.objectContaining({ sk: 'OFFER#NORDWIND', endedAt: NOW.toISOString() }), ExpressionAttributeValues: { ':updatedAt': '2030-07-02T08:00:00.000Z' } }),
    ]);
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  it('redelivered: the offers have ended already, nothing is written', async () => {
    serveOffers(offerRow('BALTIC', { endedAt: '2030-07-08T08:00:00.000Z', endReason: 'PRODUCT_ARCHIVED' }));
    expect(await handler(archived('MUG'))).toEqual({ ended: 0, unchanged: 1 });
    expect(written()).toEqual([]);
  });

  it('an offer changed between the read and the write (a PUT meanwhile) is read again and ended as it now is', async () => {
    serveOffers(offerRow('BALTIC'));
    ddb.on(GetCommand, { Key: { pk: 'SKU#MUG', sk: 'OFFER#BALTIC' } })
      .resolvesOnce({ Item: offerRow('BALTIC') })
      .resolves({ Item: offerRow('BALTIC', { unitCost: { amount: 370, currency: 'EUR' }, updatedAt: '2030-07-09T07:59:00.000Z' }) });
    ddb.on(PutCommand).rejectsOnce(Object.assign(new Error('changed'), { name: 'ConditionalCheckFailedException' })).resolves({});

    expect(await handler(archived('MUG'))).toEqual({ ended: 1, unchanged: 0 });
    expect(written().at(-1)).toMatchObject({ Item: { unitCost: { amount: 370 }, endedAt: NOW.toISOString() }, ExpressionAttributeValues: { ':updatedAt': '2030-07-09T07:59:00.000Z' } });
  });
});
