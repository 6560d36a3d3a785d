/**
 * The catalogue end to end over real HTTP with real JWTs, on the local cloud seeded with the demo
 * suppliers and categories: a supplier lists, an operator approves, the SKUs appear in inventory; prices
 * and content change; each role sees what it may; bad input is refused with its 4xx and writes nothing.
 */
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { expectProblem, fieldsOf, refusals } from '../support/refusals';
import { COSTA, kitchenBody, listingHarness, NORDWIND, type ListingHarness } from '../workflows/listing-harness';

let cloud: TestCloud;
let listing: ListingHarness;
let guard: ReturnType<typeof refusals>;
let operator: string;
let costa: string;
let nordwind: string;

beforeAll(async () => {
  cloud = await sharedTestCloud();
  listing = listingHarness(cloud);
  guard = refusals(cloud);
  operator = await listing.operatorToken();
  costa = await listing.supplierToken(COSTA);
  nordwind = await listing.supplierToken(NORDWIND);
});
afterAll(async () => {
  await cloud?.stop();
});

const key = () => ({ 'idempotency-key': ulid() });

/** Lists kitchenware for Costa over HTTP and has an operator approve it: an ACTIVE product. */
async function approvedKitchenProduct() {
  const body = kitchenBody();
  const created = await cloud.api('POST', '/products', { token: costa, body, headers: key() });
  expect(created.status, created.text).toBe(202);
  const productId: string = created.body.productId;
  await listing.awaitingReview(productId, 1);
  expect((await cloud.api('POST', `/products/${productId}/review`, { token: operator, body: { decision: 'APPROVE' }, headers: key() })).status).toBe(202);
  await listing.waitForRevision(productId, 1, 'PUBLISHED');
  return { body, productId };
}

describe('listing a product', () => {
  it('goes from a supplier\'s POST to an operator\'s approval to SKUs in inventory', async () => {
    const body = kitchenBody();
    const created = await cloud.api('POST', '/products', { token: costa, body, headers: key() });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ status: 'DRAFT', supplierId: COSTA.supplierId, latest: { revision: 1, status: 'DRAFT', reason: 'NEW_PRODUCT' } });
    const productId: string = created.body.productId;

    await listing.awaitingReview(productId, 1);
    const inReview = await cloud.api('GET', `/products/${productId}`, { token: costa });
    expect(inReview.body).toMatchObject({ status: 'IN_REVIEW', latest: { quality: { score: 100, findings: [] }, reviewDueAt: expect.any(String) } });
    expect(inReview.body).not.toHaveProperty('taskToken');
    expect(inReview.body).not.toHaveProperty('version');
    expect((await cloud.api('GET', `/inventory/${body.skus[0]!.sku}`, { token: operator })).status).toBe(404);

    const reviewed = await cloud.api('POST', `/products/${productId}/review`, { token: operator, body: { decision: 'APPROVE' }, headers: key() });
    expect(reviewed.status).toBe(202);
    await listing.waitForRevision(productId, 1, 'PUBLISHED');

    const product = await cloud.api('GET', `/products/${productId}`, { token: costa });
    expect(product.body).toMatchObject({ status: 'ACTIVE', live: { revision: 1, content: { title: body.content.title } } });
    expect(product.body.history.map((entry: { event: string }) => entry.event)).toEqual(['SUBMITTED', 'IN_REVIEW', 'AWAITING_REVIEW', 'REVIEWED_APPROVE', 'PUBLISHED']);
    for (const token of [operator, costa, await cloud.tokenFor('warehouse')]) {
      const stock = await cloud.api('GET', `/inventory/${body.skus[0]!.sku}`, { token });
      expect(stock.status).toBe(200);
      expect(stock.body).toMatchObject({ sku: body.skus[0]!.sku, productId, onHand: 0, reserved: 0, available: 0, safetyStock: 10 });
    }
    const listed = await cloud.api('GET', `/products?categoryId=kitchen`, { token: operator });
    expect(listed.body.items.map((item: { productId: string }) => item.productId)).toContain(productId);
  });

  it('replays a POST /products with the same Idempotency-Key and body, and creates one product only', async () => {
    const body = kitchenBody();
    const headers = key();
    const first = await cloud.api('POST', '/products', { token: costa, body, headers });
    const second = await cloud.api('POST', '/products', { token: costa, body, headers });
    expect(second.status).toBe(202);
    expect(second.headers.get('idempotency-replayed')).toBe('true');
    expect(second.body.productId).toBe(first.body.productId);
    const other = await cloud.api('POST', '/products', { token: costa, body: { ...body, categoryId: 'tableware' }, headers });
    expectProblem(other, 422, 'IdempotencyKeyReused');
    const mine = await cloud.api('GET', `/products?supplierId=${COSTA.supplierId}&limit=100`, { token: costa });
    const withSku = (await Promise.all(mine.body.items.map((item: { productId: string }) => cloud.api('GET', `/products/${item.productId}`, { token: costa }))))
      .filter((response) => response.body.latest.skus[0].sku === body.skus[0]!.sku);
    expect(withSku).toHaveLength(1);
  });

  it('pages through a category with an opaque nextToken', async () => {
    await approvedKitchenProduct();
    await approvedKitchenProduct();
    const first = await cloud.api('GET', '/products?categoryId=kitchen&limit=1', { token: operator });
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextToken).toEqual(expect.any(String));
    const second = await cloud.api('GET', `/products?categoryId=kitchen&limit=1&nextToken=${first.body.nextToken}`, { token: operator });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].productId).not.toBe(first.body.items[0].productId);
    expectProblem(await cloud.api('GET', `/products?categoryId=tableware&limit=1&nextToken=${first.body.nextToken}`, { token: operator }), 400, 'InvalidNextToken');
  });
});

describe('changing a live product', () => {
  it('reprices at once within the drop limit, keeps the price history and announces PriceChanged', async () => {
    const { body, productId } = await approvedKitchenProduct();
    const sku = body.skus[0]!.sku;
    const patched = await cloud.api('PATCH', `/products/${productId}`, { token: costa, body: { prices: [{ sku, unitPrice: { amount: 4500, currency: 'EUR' } }] }, headers: key() });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({
      status: 'ACTIVE',
      live: { skus: [{ sku, unitPrice: { amount: 4500 } }] },
      priceHistory: [{ sku, from: { amount: 4900 }, to: { amount: 4500 }, changedBy: COSTA.ownerSub }],
    });
    const announced = await listing.notification('customer-notifications', 'PriceChanged', 'productId', productId);
    expect(announced.summary).toContain('49.00 EUR → 45.00 EUR');
  });

  it('refuses a price below the margin floor (422, the field named) and changes nothing', async () => {
    const { body, productId } = await approvedKitchenProduct();
    const response = await guard.refusedWithoutWriting('PATCH', `/products/${productId}`, {
      token: costa,
      body: { prices: [{ sku: body.skus[0]!.sku, unitPrice: { amount: 2500, currency: 'EUR' } }] },
      headers: key(),
    });
    expectProblem(response, 422, 'PriceChangeRefused');
    expect(fieldsOf(response)).toEqual(['prices.0.unitPrice']);
  });

  it('sends a steep price drop to review; the live price stands until it is approved', async () => {
    const { body, productId } = await approvedKitchenProduct();
    const sku = body.skus[0]!.sku;
    const patched = await cloud.api('PATCH', `/products/${productId}`, { token: costa, body: { prices: [{ sku, unitPrice: { amount: 2900, currency: 'EUR' } }] }, headers: key() });
    expect(patched.status).toBe(202);
    expect(patched.body).toMatchObject({ status: 'ACTIVE', live: { skus: [{ unitPrice: { amount: 4900 } }] }, latest: { revision: 2, reason: 'PRICE_DROP' } });
    await listing.awaitingReview(productId, 2);
    expect((await cloud.api('POST', `/products/${productId}/review`, { token: operator, body: { decision: 'APPROVE' }, headers: key() })).status).toBe(202);
    await listing.waitForRevision(productId, 2, 'PUBLISHED');
    const product = await cloud.api('GET', `/products/${productId}`, { token: costa });
    expect(product.body).toMatchObject({ live: { revision: 2, skus: [{ unitPrice: { amount: 2900 } }] }, priceHistory: [{ from: { amount: 4900 }, to: { amount: 2900 } }] });
  });

  it('keeps the live version while a content change is reviewed, and refuses another change meanwhile', async () => {
    const { body, productId } = await approvedKitchenProduct();
    const title = 'Stoneware mixing bowl set, sand glaze';
    const patched = await cloud.api('PATCH', `/products/${productId}`, { token: costa, body: { content: { title } }, headers: key() });
    expect(patched.status).toBe(202);
    await listing.awaitingReview(productId, 2);
    const during = await cloud.api('GET', `/products/${productId}`, { token: costa });
    expect(during.body).toMatchObject({ status: 'ACTIVE', live: { revision: 1, content: { title: body.content.title } }, latest: { revision: 2, status: 'IN_REVIEW', reason: 'CONTENT_CHANGE', content: { title } } });
    const second = await guard.refusedWithoutWriting('PATCH', `/products/${productId}`, { token: costa, body: { content: { brand: 'Other' } }, headers: key() });
    expectProblem(second, 409, 'ProductNotEditable');
  });

  it('puts a live product with a revision in review in the operators\' queue (status=IN_REVIEW) until it is decided', async () => {
    const queue = async () => {
      const listed = await cloud.api('GET', '/products?status=IN_REVIEW&limit=100', { token: operator });
      expect(listed.status, listed.text).toBe(200);
      return listed.body.items as { productId: string; status: string; latestRevision: { revision: number; status: string } }[];
    };
    const fresh = await listing.list(COSTA, kitchenBody());
    await listing.awaitingReview(fresh.productId, 1);
    const { productId } = await approvedKitchenProduct();
    expect((await queue()).map((item) => item.productId)).not.toContain(productId);

    const patched = await cloud.api('PATCH', `/products/${productId}`, { token: costa, body: { content: { title: 'Stoneware mixing bowl set, slate glaze' } }, headers: key() });
    expect(patched.status).toBe(202);
    await listing.awaitingReview(productId, 2);
    const waiting = await queue();
    // Both kinds of listing awaiting an operator: the new one and the revised live one.
    expect(waiting.find((item) => item.productId === fresh.productId)).toMatchObject({ status: 'IN_REVIEW' });
    expect(waiting.find((item) => item.productId === productId)).toMatchObject({ status: 'ACTIVE', latestRevision: { revision: 2, status: 'IN_REVIEW' } });
    // Still listed as ACTIVE too: it is live.
    const active = await cloud.api('GET', '/products?status=ACTIVE&limit=100', { token: operator });
    expect(active.body.items.map((item: { productId: string }) => item.productId)).toContain(productId);

    expect((await cloud.api('POST', `/products/${productId}/review`, { token: operator, body: { decision: 'APPROVE' }, headers: key() })).status).toBe(202);
    await listing.waitForRevision(productId, 2, 'PUBLISHED');
    expect((await queue()).map((item) => item.productId)).not.toContain(productId);
  });
});

describe('archiving a product', () => {
  it('takes it off sale for good: no longer quoted, its slug free, its SKUs counted off the live ones once, its supplier told', async () => {
    const { productId, body } = await approvedKitchenProduct();
    const sku = body.skus[0]!.sku;
    await cloud.waitFor(async () => (await listing.readRow(`LIVE_SKU#${sku}`, 'LIVE')) !== undefined || undefined);
    const customer = await cloud.tokenFor('customer', { sub: `customer-${ulid().toLowerCase()}` });
    const destination = { name: 'Ada Lovelace', line1: 'Invalidenstraße 116', city: 'Berlin', postalCode: '10115', country: 'DE' };
    expect((await cloud.api('POST', '/orders/quote', { token: customer, body: { lines: [{ sku, quantity: 1 }], destination } })).status).toBe(200);
    // Nordwind offers the SKU too: the restock could buy it from either.
    const offered = await cloud.api('PUT', `/inventory/${sku}/offers/${NORDWIND.supplierId}`, { token: operator, body: { unitCost: { amount: 1900, currency: 'EUR' } } });
    expect(offered.status, offered.text).toBe(200);

    // Another supplier's product is not this supplier's to archive; a product with a revision in review waits for it.
    expectProblem(await guard.refusedWithoutWriting('POST', `/products/${productId}/archive`, { token: nordwind, body: { reason: 'Not mine' }, headers: key() }), 404, 'ProductNotFound');
    const archived = await cloud.api('POST', `/products/${productId}/archive`, { token: costa, body: { reason: 'Discontinued by the maker' }, headers: key() });
    expect(archived.status, archived.text).toBe(200);
    expect(archived.body).toMatchObject({ productId, status: 'ARCHIVED' });
    expect((await cloud.api('POST', `/products/${productId}/archive`, { token: operator, body: { reason: 'Again' }, headers: key() })).body).toMatchObject({ status: 'ARCHIVED' });

    const unsold = await cloud.api('POST', '/orders/quote', { token: customer, body: { lines: [{ sku, quantity: 1 }], destination } });
    expectProblem(unsold, 400, 'ValidationFailed');
    expect(fieldsOf(unsold)).toEqual(['lines.0.sku']);
    await listing.notification('customer-notifications', 'ProductArchived', 'productId', productId);
    await cloud.waitFor(async () => (await listing.readRow(`LIVE_SKU#${sku}`, 'LIVE'))?.retired === true || undefined);
    // Its stock record stays, retired (never restocked again); its slug is free: a new product may take it.
    expect(await listing.readStock(sku)).toMatchObject({ sku, retiredAt: expect.any(String) });
    expect(await listing.readRow(`SLUG#${body.content.seo.slug}`, 'SLUG')).toBeUndefined();
    // Inventory ends Nordwind's offer (ProductArchived on the bus): kept, with when and why, and never chosen again.
    const offerEnded = await cloud.waitFor(async () => {
      const offer = await listing.readRow(`SKU#${sku}`, `OFFER#${NORDWIND.supplierId}`);
      return offer?.endedAt ? offer : undefined;
    }, { message: `the offer for ${sku} to end` });
    expect(offerEnded).toMatchObject({ endReason: 'PRODUCT_ARCHIVED', unitCost: { amount: 1900, currency: 'EUR' } });
    const offers = await cloud.api('GET', `/inventory/${sku}/offers`, { token: operator });
    expect(offers.body.excluded).toContainEqual({ supplierId: NORDWIND.supplierId, reason: 'OFFER_ENDED' });
    expect(offers.body.ranked.map((offer: { supplierId: string }) => offer.supplierId)).not.toContain(NORDWIND.supplierId);
    // A retired SKU takes no new offer, so the ended one stays as it ended.
    expectProblem(await guard.refusedWithoutWriting('PUT', `/inventory/${sku}/offers/${NORDWIND.supplierId}`, { token: operator, body: { unitCost: { amount: 1800, currency: 'EUR' } } }), 409, 'SkuRetired');
  });

  it('refuses a product that is not live (409) and writes nothing', async () => {
    const { productId } = await listing.list(COSTA, kitchenBody());
    await listing.awaitingReview(productId, 1);
    expectProblem(await guard.refusedWithoutWriting('POST', `/products/${productId}/archive`, { token: operator, body: { reason: 'Never mind' }, headers: key() }), 409, 'ProductNotLive');
  });
});

describe('roles and ownership', () => {
  it('shows a product to its supplier and operators only; to another supplier it does not exist', async () => {
    const { productId, body } = await approvedKitchenProduct();
    expect((await cloud.api('GET', `/products/${productId}`, { token: operator })).status).toBe(200);
    expectProblem(await cloud.api('GET', `/products/${productId}`, { token: nordwind }), 404, 'ProductNotFound');
    expectProblem(await cloud.api('GET', `/inventory/${body.skus[0]!.sku}`, { token: nordwind }), 404, 'StockOfSKUNotFound');
    const theirs = await cloud.api('GET', '/products', { token: nordwind });
    expect(theirs.body.items.every((item: { supplierId: string }) => item.supplierId === NORDWIND.supplierId)).toBe(true);
    expectProblem(await cloud.api('GET', `/products?supplierId=${COSTA.supplierId}`, { token: nordwind }), 403, 'Forbidden');
  });

  it.each([
    ['a customer listing a product', () => cloud.tokenFor('customer'), 'POST', '/products', () => kitchenBody(), 403, 'Forbidden'],
    ['a supplier listing for another supplier', () => Promise.resolve(nordwind), 'POST', '/products', () => ({ ...kitchenBody(), supplierId: COSTA.supplierId }), 403, 'Forbidden'],
    ['an operator who names no supplier', () => Promise.resolve(operator), 'POST', '/products', () => kitchenBody(), 422, 'SupplierRequired'],
    ['a supplier user whose token names no supplier', () => cloud.tokenFor('supplier', { sub: 'new-applicant' }), 'POST', '/products', () => kitchenBody(), 403, 'Forbidden'],
    ['a supplier defining a category', () => Promise.resolve(costa), 'PUT', '/categories/garden', () => ({ name: 'Garden', requiredSpecs: [], minimumMarginPercent: 20 }), 403, 'Forbidden'],
  ])('refuses %s and writes nothing', async (_label, token, method, path, body, status, code) => {
    expectProblem(await guard.refusedWithoutWriting(method, path, { token: await token(), body: body(), headers: key() }), status, code);
  });

  it('refuses a supplier who reviews a product, even its own (403)', async () => {
    const { productId } = await listing.list(COSTA, kitchenBody());
    await listing.awaitingReview(productId, 1);
    expectProblem(await guard.refusedWithoutWriting('POST', `/products/${productId}/review`, { token: costa, body: { decision: 'APPROVE' }, headers: key() }), 403, 'Forbidden');
  });

  it('lets operators define categories that suppliers then list against', async () => {
    const put = await cloud.api('PUT', '/categories/garden-tools', { token: operator, body: { name: 'Garden tools', requiredSpecs: ['material'], minimumMarginPercent: 25 }, headers: key() });
    expect(put.status).toBe(200);
    const categories = await cloud.api('GET', '/categories?limit=100', { token: costa });
    expect(categories.body.items.map((category: { categoryId: string }) => category.categoryId)).toEqual(expect.arrayContaining(['apparel', 'kitchen', 'garden-tools']));
  });
});

describe('bad input', () => {
  const post = (body: unknown) => guard.refusedWithoutWriting('POST', '/products', { token: costa, body, headers: key() });

  it('refuses wrong types and a negative price (400), naming each field', async () => {
    const body = kitchenBody();
    const response = await post({ ...body, content: { ...body.content, title: 42 }, skus: [{ ...body.skus[0], unitPrice: { amount: -100, currency: 'EUR' }, weightGrams: '2kg' }] });
    expectProblem(response, 400, 'ValidationFailed');
    expect(fieldsOf(response)).toEqual(expect.arrayContaining(['content.title', 'skus.0.unitPrice.amount', 'skus.0.weightGrams']));
  });

  it('refuses duplicate SKUs or barcodes inside one product (400)', async () => {
    const body = kitchenBody();
    const twin = { ...body.skus[0]!, options: { colour: 'blue' } };
    const response = await post({ ...body, skus: [body.skus[0], twin] });
    expectProblem(response, 400, 'ValidationFailed');
    expect(fieldsOf(response)).toEqual(['skus.1.sku', 'skus.1.barcode']);
  });

  it('refuses a barcode with a wrong check digit (400)', async () => {
    const body = kitchenBody();
    const barcode = body.skus[0]!.barcode;
    const wrong = `${barcode.slice(0, -1)}${(Number(barcode.at(-1)) + 1) % 10}`;
    expect(fieldsOf(await post({ ...body, skus: [{ ...body.skus[0], barcode: wrong }] }))).toEqual(['skus.0.barcode']);
  });

  it('refuses a SKU code or barcode another product holds (409 DuplicateSku)', async () => {
    const { body } = await approvedKitchenProduct();
    const again = kitchenBody();
    const taken = await post({ ...again, skus: [{ ...again.skus[0], sku: body.skus[0]!.sku }] });
    expectProblem(taken, 409, 'DuplicateSku');
    expect(fieldsOf(taken)).toEqual(['skus.0.sku']);
    const barcode = await post({ ...again, skus: [{ ...again.skus[0], barcode: body.skus[0]!.barcode }] });
    expect(fieldsOf(barcode)).toEqual(['skus.0.barcode']);
  });

  it('refuses a category that does not exist (422 UnknownCategory)', async () => {
    expectProblem(await post({ ...kitchenBody(), categoryId: 'spaceships' }), 422, 'UnknownCategory');
  });

  it('refuses missing required specs (422), naming each', async () => {
    const body = kitchenBody();
    const response = await post({ ...body, content: { ...body.content, specs: { material: 'stoneware' } } });
    expectProblem(response, 422, 'MissingRequiredSpecs');
    expect(fieldsOf(response)).toEqual(['content.specs.dishwasherSafe', 'content.specs.capacity']);
  });

  it('refuses a review of a product that is not in review (409 ProductNotInReview)', async () => {
    const { productId } = await approvedKitchenProduct();
    expectProblem(await guard.refusedWithoutWriting('POST', `/products/${productId}/review`, { token: operator, body: { decision: 'APPROVE' }, headers: key() }), 409, 'ProductNotInReview');
  });

  it('refuses changes to another supplier\'s product as if it did not exist (404)', async () => {
    const { productId } = await approvedKitchenProduct();
    expectProblem(await guard.refusedWithoutWriting('PATCH', `/products/${productId}`, { token: nordwind, body: { content: { brand: 'Mine' } }, headers: key() }), 404, 'ProductNotFound');
  });

  it('refuses a PATCH with nothing to change, or a repriced SKU the product does not have', async () => {
    const { productId } = await approvedKitchenProduct();
    expectProblem(await guard.refusedWithoutWriting('PATCH', `/products/${productId}`, { token: costa, body: {}, headers: key() }), 400, 'ValidationFailed');
    const unknown = await guard.refusedWithoutWriting('PATCH', `/products/${productId}`, { token: costa, body: { prices: [{ sku: 'NO-SUCH-SKU', unitPrice: { amount: 9900, currency: 'EUR' } }] }, headers: key() });
    expectProblem(unknown, 422, 'PriceChangeRefused');
    expect(fieldsOf(unknown)).toEqual(['prices.0.sku']);
  });
});
