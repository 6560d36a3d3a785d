import { describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { context, httpEvent, parse, type Caller } from '../suppliers/support';
import { NOW } from './support';
import { handler as putCarrier } from '../../../functions/orders/put-carrier';
import { handler as openapi } from '../../../functions/platform/openapi';
import { DEMO_CARRIERS } from '../../../infra/local/seed-shipping';
import { MAX_RATE_MINOR_UNITS } from '../../../shared/contracts/shipping';
import { mockedAws } from '../mocked-aws';

const { ddb } = mockedAws(NOW);
const operator: Caller = { sub: 'operator-olga', role: 'operator' };
const { id, ...demo } = DEMO_CARRIERS[0]!;
const put = (body: unknown) =>
  putCarrier(httpEvent(operator, { method: 'PUT', path: `/carriers/${id}`, pathParameters: { id }, body }), context).then(parse);

describe('PUT /carriers/{id}: bounded numbers, the catalogue currency', () => {
  it('stores a carrier in the catalogue currency within bounds', async () => {
    ddb.on(PutCommand).resolves({});
    const { status } = await put(demo);
    expect(status).toBe(200);
  });

  it('refuses a base price past the bound (the 2^53 - 1 of the issue) with 400 naming the field, writing nothing', async () => {
    const [region] = Object.keys(demo.rates);
    const rates = { ...demo.rates, [region!]: { STANDARD: { basePrice: 9007199254740991, perKgPrice: 1 } } };
    const { status, body } = await put({ ...demo, rates });
    expect(status).toBe(400);
    expect(body.errors).toEqual([expect.objectContaining({ field: `rates.${region}.STANDARD.basePrice` })]);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('refuses a carrier priced in another currency than the catalogue (422 CurrencyMismatch), writing nothing', async () => {
    const { status, body } = await put({ ...demo, currency: 'USD' });
    expect(status).toBe(422);
    expect(body).toMatchObject({ code: 'CurrencyMismatch', errors: [{ field: 'currency' }] });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('shows the bounds in /openapi.json', async () => {
    const doc = JSON.parse((await openapi(httpEvent(operator, { method: 'GET', path: '/openapi.json' }), context)).body ?? '{}');
    const text = JSON.stringify(doc.paths['/carriers/{id}'].put);
    expect(text).toContain(`"maximum":${MAX_RATE_MINOR_UNITS}`);
    expect(text).toContain('"maxWeightGrams":{"type":"integer","minimum":1,"maximum":1000000}');
  });
});

describe('quotes offer only carriers priced in the cart\'s currency', () => {
  it('leaves out a carrier stored in another currency (before the refusal existed), however cheap', async () => {
    const { quoteCart } = await import('../../../functions/orders/quote');
    const { serveRows, stockRow, productRow, SKU_M, BERLIN } = await import('./support');
    const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    serveRows(ddb, stockRow(SKU_M), productRow());
    const cheapInDollars = { ...DEMO_CARRIERS[0]!, id: 'dollar-post', name: 'Dollar Post', currency: 'USD', rates: Object.fromEntries(Object.entries(DEMO_CARRIERS[0]!.rates).map(([region, levels]) => [region, Object.fromEntries(Object.keys(levels ?? {}).map((level) => [level, { basePrice: 1, perKgPrice: 0 }]))])) };
    ddb.on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':partition': 'CARRIERS' } }).resolves({
      Items: [...DEMO_CARRIERS, cheapInDollars].map((carrier) => ({ pk: `CARRIER#${carrier.id}`, sk: 'CARRIER', ...carrier })),
    });
    const { goods, shipping } = await quoteCart([{ sku: SKU_M, quantity: 1 }], BERLIN, NOW);
    expect(goods.currency).toBe('EUR');
    const offered = JSON.stringify(shipping);
    expect(offered).not.toContain('dollar-post');
    expect(offered).not.toContain('USD');
    expect(offered).toContain('EUR');
  });
});
