/**
 * PUT and DELETE /inventory/{sku}/offers/{supplierId} against mocked DynamoDB, around an archive: the offer is stored
 * on condition that the SKU was not retired meanwhile (an archive between the read and the write is a 409 SkuRetired,
 * never an ended offer brought back), and an ended offer cannot be withdrawn (409 OfferEnded: it is history).
 */
import { DeleteCommand, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';
import { context, httpEvent, parse } from '../suppliers/support';
import { buyer, NOW, SKU, SUPPLIER_ID } from './support';

const { ddb } = mockedAws(NOW);
const { handler } = await import('../../../functions/inventory/put-supplier-offer');
const { handler: withdraw } = await import('../../../functions/inventory/withdraw-supplier-offer');

const PRODUCT_ID = '01J0PRODUCT0000000000000000';
function table() {
  ddb.on(GetCommand, { Key: { pk: `SUPPLIER#${SUPPLIER_ID}`, sk: 'PROFILE' } }).resolves({ Item: { pk: `SUPPLIER#${SUPPLIER_ID}`, sk: 'PROFILE', supplierId: SUPPLIER_ID, name: 'Nordwind', standing: 'APPROVED', status: 'ACTIVE' } });
  ddb.on(GetCommand, { Key: { pk: `SKU#${SKU}`, sk: 'STOCK' } }).resolves({ Item: { pk: `SKU#${SKU}`, sk: 'STOCK', sku: SKU, productId: PRODUCT_ID, supplierId: SUPPLIER_ID } });
  ddb.on(GetCommand, { Key: { pk: `PRODUCT#${PRODUCT_ID}`, sk: 'PRODUCT' } }).resolves({ Item: { productId: PRODUCT_ID, live: { skus: [{ sku: SKU, unitCost: { amount: 3500, currency: 'EUR' } }] } } });
}
const put = () => handler(httpEvent(buyer, { method: 'PUT', path: `/inventory/${SKU}/offers/${SUPPLIER_ID}`, pathParameters: { sku: SKU, supplierId: SUPPLIER_ID }, body: { unitCost: { amount: 3400, currency: 'EUR' } } }), context).then(parse);

describe('PUT /inventory/{sku}/offers/{supplierId}', () => {
  it('stores the offer on condition that it has not ended and the SKU is not retired', async () => {
    table();
    ddb.on(TransactWriteCommand).resolves({});
    const answer = await put();
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const [offer, stock] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(offer!.Put).toMatchObject({ Item: { pk: `SKU#${SKU}`, sk: `OFFER#${SUPPLIER_ID}`, unitCost: { amount: 3400 } }, ConditionExpression: 'attribute_not_exists(endedAt)' });
    expect(stock!.ConditionCheck).toMatchObject({ Key: { pk: `SKU#${SKU}`, sk: 'STOCK' }, ConditionExpression: 'attribute_not_exists(retiredAt)' });
  });

  it('answers 409 SkuRetired when the product was archived between the read and the write', async () => {
    table();
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'ConditionalCheckFailed' }] }));
    expect(await put()).toMatchObject({ status: 409, body: { code: 'SkuRetired' } });
  });
});

describe('DELETE /inventory/{sku}/offers/{supplierId}', () => {
  const offerRow = (extra: object = {}) => ({ pk: `SKU#${SKU}`, sk: `OFFER#${SUPPLIER_ID}`, sku: SKU, supplierId: SUPPLIER_ID, unitCost: { amount: 3400, currency: 'EUR' }, updatedAt: '2030-07-01T08:00:00.000Z', updatedBy: 'buyer-bea', ...extra });
  const remove = () => withdraw(httpEvent(buyer, { method: 'DELETE', path: `/inventory/${SKU}/offers/${SUPPLIER_ID}`, pathParameters: { sku: SKU, supplierId: SUPPLIER_ID } }), context).then(parse);

  it('refuses to withdraw an offer the archive ended (409 OfferEnded), deleting nothing', async () => {
    table();
    ddb.on(GetCommand, { Key: { pk: `SKU#${SKU}`, sk: `OFFER#${SUPPLIER_ID}` } }).resolves({ Item: offerRow({ endedAt: '2030-07-02T07:00:00.000Z', endReason: 'PRODUCT_ARCHIVED' }) });
    expect(await remove()).toMatchObject({ status: 409, body: { code: 'OfferEnded' } });
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  it('withdraws a live offer on condition it is still the one read and has not ended meanwhile', async () => {
    table();
    ddb.on(GetCommand, { Key: { pk: `SKU#${SKU}`, sk: `OFFER#${SUPPLIER_ID}` } }).resolves({ Item: offerRow() });
    ddb.on(DeleteCommand).resolves({});
    expect((await remove()).status).toBe(200);
    expect(ddb.commandCalls(DeleteCommand)[0]!.args[0].input).toMatchObject({ ConditionExpression: 'updatedAt = :updatedAt AND attribute_not_exists(endedAt)' });
  });
});
