import { beforeEach, describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { context, httpEvent, parse, transactionCancelled, type Caller } from '../suppliers/support';
import { apparel, categoryRow, costaUser, liveProduct, nordwindUser, NOW, PRODUCT_ID, productRow, serveRows, stored, supplierRow, COSTA, NORDWIND } from './support';
import { handler as updateProduct } from '../../../functions/catalog/update-product';
import type { StoredProduct } from '../../../shared/adapters/catalog-repository';

const { ddb } = mockedAws(NOW);

const patchAs = (caller: Caller, body: unknown) =>
  updateProduct(httpEvent(caller, { method: 'PATCH', path: `/products/${PRODUCT_ID}`, pathParameters: { id: PRODUCT_ID }, body }), context).then(parse);

const writes = () => ddb.calls().filter((call) => !(call.args[0] instanceof GetCommand));
const serve = (product: StoredProduct) => serveRows(ddb, productRow(product), categoryRow(apparel), supplierRow(NORDWIND), supplierRow(COSTA));

const cheaperM = { prices: [{ sku: 'NW-MER-NAVY-M', unitPrice: { amount: 8500, currency: 'EUR' } }] };

describe('PATCH /products/{id}', () => {
  describe('a price-only change on a live product', () => {
    beforeEach(() => serve(stored(liveProduct(), { version: 3 })));

    it('reprices the live version at once (200): the product at version+1, conditional on version and status, with PriceChanged', async () => {
      ddb.on(TransactWriteCommand).resolves({});
      const { status, body } = await patchAs(nordwindUser, cheaperM);

      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'ACTIVE', live: { revision: 1, skus: [{ sku: 'NW-MER-NAVY-M', unitPrice: { amount: 8500 } }, { unitPrice: { amount: 8900 } }] } });
      expect(body.priceHistory).toEqual([
        { sku: 'NW-MER-NAVY-M', from: { amount: 8900, currency: 'EUR' }, to: { amount: 8500, currency: 'EUR' }, changedAt: NOW.toISOString(), changedBy: nordwindUser.sub },
      ]);

      expect(writes()).toHaveLength(1);
      const [put, outbox, ...rest] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
      expect(rest).toEqual([]);
      expect(put!.Put).toMatchObject({
        ConditionExpression: '#version = :version AND #status = :status',
        ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
        ExpressionAttributeValues: { ':version': 3, ':status': 'ACTIVE' },
        Item: {
          pk: `PRODUCT#${PRODUCT_ID}`,
          version: 4,
          status: 'ACTIVE',
          live: { revision: 1, skus: [{ sku: 'NW-MER-NAVY-M', unitPrice: { amount: 8500 } }, { sku: 'NW-MER-NAVY-L', unitPrice: { amount: 8900 } }] },
          latest: { revision: 1, status: 'PUBLISHED' },
        },
      });
      expect(outbox!.Put!.Item).toMatchObject({
        pk: expect.stringMatching(/^OUTBOX#/),
        source: 'commerce.catalog',
        detailType: 'PriceChanged',
        detail: {
          productId: PRODUCT_ID,
          supplierId: NORDWIND.supplierId,
          changes: [{ sku: 'NW-MER-NAVY-M', from: { amount: 8900 }, to: { amount: 8500 } }],
          correlationId: 'corr-1',
        },
      });
    });

    it('answers 409 ProductChangedConcurrently when the version/status condition fails', async () => {
      ddb.on(TransactWriteCommand).rejects(transactionCancelled());
      const { status, body } = await patchAs(nordwindUser, cheaperM);
      expect(status).toBe(409);
      expect(body.code).toBe('ProductChangedConcurrently');
    });

    it('turns a steep drop into a new PRICE_DROP revision for review (202), leaving the live price alone', async () => {
      ddb.on(TransactWriteCommand).resolves({});
      const { status, body } = await patchAs(nordwindUser, { prices: [{ sku: 'NW-MER-NAVY-M', unitPrice: { amount: 5000, currency: 'EUR' } }] });
      expect(status).toBe(202);
      expect(body).toMatchObject({ status: 'ACTIVE', latest: { revision: 2, status: 'DRAFT', reason: 'PRICE_DROP' } });
      const [put, outbox] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
      expect(put!.Put!.Item).toMatchObject({
        version: 4,
        live: { skus: [{ unitPrice: { amount: 8900 } }, { unitPrice: { amount: 8900 } }] },
        latest: { revision: 2, skus: [{ unitPrice: { amount: 5000 } }, { unitPrice: { amount: 8900 } }] },
      });
      expect(outbox!.Put!.Item).toMatchObject({ detailType: 'ProductSubmittedForReview', detail: { revision: 2, reason: 'PRICE_DROP' } });
    });

    it('refuses a price under the margin floor (422) and writes nothing', async () => {
      const { status, body } = await patchAs(nordwindUser, { prices: [{ sku: 'NW-MER-NAVY-L', unitPrice: { amount: 4800, currency: 'EUR' } }] });
      expect(status).toBe(422);
      expect(body).toMatchObject({ code: 'PriceChangeRefused', errors: [{ field: 'prices.0.unitPrice' }] });
      expect(writes()).toHaveLength(0);
    });

    it("hides another supplier's product (404) and writes nothing", async () => {
      const { status, body } = await patchAs(costaUser, cheaperM);
      expect(status).toBe(404);
      expect(body.code).toBe('ProductNotFound');
      expect(writes()).toHaveLength(0);
    });
  });

  it('answers 409 ProductNotEditable while a revision is in review, without writing', async () => {
    serve(stored(liveProduct({ revision: 2, status: 'IN_REVIEW', reason: 'CONTENT_CHANGE' })));
    const { status, body } = await patchAs(nordwindUser, cheaperM);
    expect(status).toBe(409);
    expect(body.code).toBe('ProductNotEditable');
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(writes()).toHaveLength(0);
  });
});
