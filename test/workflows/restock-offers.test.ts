/**
 * A SKU offered by two suppliers, on the template's ASL: a second supplier's offer (over HTTP, as operators and
 * suppliers make it) ranks above the listing supplier's, and the restock buys from it, in its MOQ and packs.
 * The offers' bad input is refused and writes nothing.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestCloud } from '../support/local-cloud';
import { expectProblem, refusals } from '../support/refusals';
import { sharedTestCloud } from '../support/shared-cloud';
import { NORDWIND } from './listing-harness';
import { restockHarness, type RestockHarness } from './restock-harness';

describe('restock from the best of several offers', () => {
  let cloud: TestCloud;
  let restock: RestockHarness;

  beforeAll(async () => {
    cloud = await sharedTestCloud();
    restock = restockHarness(cloud);
  });

  /** A second supplier: a copy of the demo supplier Nordwind (same contract: 21 days, AQL 2.5) under a new id and owner. */
  async function anotherSupplier(fields: { status: 'APPROVED' | 'SUSPENDED'; standing?: 'PREFERRED' | 'SUSPENDED' }): Promise<string> {
    const nordwind = await restock.readRow(`SUPPLIER#${NORDWIND.supplierId}`, 'PROFILE');
    const supplierId = ulid();
    await restock.documents.send(
      new PutCommand({
        TableName: restock.tableName,
        Item: { ...nordwind, pk: `SUPPLIER#${supplierId}`, gsi1pk: `SUPPLIERS#${fields.status}`, gsi2pk: `SUPPLIER_OWNER#owner-${supplierId}`, ownerSub: `owner-${supplierId}`, supplierId, ...fields },
      }),
    );
    return supplierId;
  }

  const offerPath = (sku: string, supplierId: string) => `/inventory/${sku}/offers/${supplierId}`;

  it("buys from a PREFERRED supplier's cheaper offer, rounded up to its MOQ and packs", async () => {
    const sku = await restock.lowSku();
    const baltic = await anotherSupplier({ status: 'APPROVED', standing: 'PREFERRED' });
    // The supplier itself makes the offer (its token names it).
    const supplierToken = await cloud.tokenFor('supplier', { sub: `owner-${baltic}`, supplierId: baltic });
    const offered = await cloud.api('PUT', offerPath(sku, baltic), {
      token: supplierToken,
      headers: { 'Idempotency-Key': ulid() },
      body: { unitCost: { amount: 3300, currency: 'EUR' }, minimumOrderQuantity: 120, packSize: 25 },
    });
    expect(offered.status, offered.text).toBe(200);
    expect(offered.body).toMatchObject({ sku, supplierId: baltic, unitCost: { amount: 3300, currency: 'EUR' }, updatedBy: `owner-${baltic}` });

    const operator = await restock.operatorToken();
    const offers = await cloud.api<{ ranked: { supplierId: string; score: number; minimumOrderQuantity: number; packSize: number }[] }>('GET', `/inventory/${sku}/offers`, { token: operator });
    expect(offers.status).toBe(200);
    // Baltic: 50 (PREFERRED) + 30 (cheapest) + 20 (same lead time) = 100; Nordwind: 35 + 30 · 3300/3500 + 20 = 83.3.
    expect(offers.body.ranked.map(({ supplierId, score }) => [supplierId, score])).toEqual([
      [baltic, 100],
      [NORDWIND.supplierId, 83.3],
    ]);
    expect(offers.body.ranked[0]).toMatchObject({ minimumOrderQuantity: 120, packSize: 25 });

    await restock.requestRestock(sku);
    // ComputeQuantity asks for 100 (Nordwind's MOQ); Baltic sells at least 120, in packs of 25: 125 units.
    const sent = await restock.purchaseOrderOf(sku, 'SENT', 'receiptToken');
    expect(sent).toMatchObject({ supplierId: baltic, lines: [{ sku, quantityOrdered: 125, unitCost: { amount: 3300, currency: 'EUR' } }], total: { amount: 412_500, currency: 'EUR' } });
    // The order is left open: its SKU is this test's own.
  });

  it('refuses bad offers and writes nothing; a withdrawn offer leaves the listing supplier alone', async () => {
    const sku = await restock.lowSku();
    const operator = await restock.operatorToken();
    const other = await anotherSupplier({ status: 'APPROVED' });
    const suspended = await anotherSupplier({ status: 'SUSPENDED', standing: 'SUSPENDED' });
    const put = (supplierId: string, body: object, token = operator, path = offerPath(sku, supplierId)) =>
      refusals(cloud).refusedWithoutWriting('PUT', path, { token, headers: { 'Idempotency-Key': ulid() }, body });
    const price = { unitCost: { amount: 3300, currency: 'EUR' } };

    expectProblem(await put(other, { unitCost: { amount: 3300, currency: 'USD' } }), 422, 'CurrencyMismatch');
    expectProblem(await put(other, { ...price, packSize: 0 }), 400, 'ValidationFailed');
    expectProblem(await put(suspended, price), 409, 'SupplierSuspended');
    expectProblem(await put(other, price, operator, offerPath('NW-NO-SUCH-SKU', other)), 404, 'StockOfSKUNotFound');
    // A supplier offering for another supplier is told that supplier does not exist.
    const strangerToken = await cloud.tokenFor('supplier', { sub: `owner-${suspended}`, supplierId: suspended });
    expectProblem(await put(other, price, strangerToken), 404, 'SupplierNotFound');

    expect((await cloud.api('PUT', offerPath(sku, other), { token: operator, headers: { 'Idempotency-Key': ulid() }, body: price })).status).toBe(200);
    const withdrawn = await cloud.api('DELETE', offerPath(sku, other), { token: operator, headers: { 'Idempotency-Key': ulid() } });
    expect(withdrawn.status, withdrawn.text).toBe(200);
    const offers = await cloud.api<{ ranked: { supplierId: string }[] }>('GET', `/inventory/${sku}/offers`, { token: operator });
    expect(offers.body.ranked.map(({ supplierId }) => supplierId)).toEqual([NORDWIND.supplierId]);
    expectProblem(await refusals(cloud).refusedWithoutWriting('DELETE', offerPath(sku, other), { token: operator, headers: { 'Idempotency-Key': ulid() } }), 404, 'OfferNotFound');
  });
});
