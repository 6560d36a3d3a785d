/**
 * Analytics end to end on the local cloud: an operator's storefront key, `POST /events` refused without it
 * (401) and for a bad batch (400 naming each bad event, nothing written), 50 concurrent batches counted without
 * a lost update, a resent batch counted once, order events counted once per event id, and the nightly-kpi job
 * on yesterday checked number by number against the hand computation below — twice, writing the same card.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { queuesDrained, type TestCloud } from '../support/local-cloud';
import { expectProblem, fieldsOf } from '../support/refusals';
import { sharedTestCloud } from '../support/shared-cloud';
import { workflowProbe } from '../support/workflow-probe';
import { COSTA, kitchenBody, listingHarness } from '../workflows/listing-harness';

let cloud: TestCloud;
let operator: string;
let probe: ReturnType<typeof workflowProbe>;

beforeAll(async () => {
  cloud = await sharedTestCloud();
  operator = await cloud.tokenFor('operator');
  probe = workflowProbe(cloud, 'order-fulfilment');
});

const functionNamed = (entry: string) => cloud.model.functions.find((fn) => fn.entry.endsWith(entry))!.name;
const DAY_MS = 86_400_000;
/** Yesterday (UTC, the local cloud's store zone): no other test writes its counters. */
const yesterday = () => new Date(Date.now() - DAY_MS).toISOString().slice(0, 10);
const at = (day: string, seconds: number) => new Date(Date.parse(`${day}T10:00:00.000Z`) + seconds * 1000).toISOString();

async function newKey(): Promise<string> {
  const created = await cloud.api('POST', '/storefront-keys', { token: operator, body: { name: `shop ${ulid()}` }, headers: { 'idempotency-key': ulid() } });
  expect(created.status, created.text).toBe(201);
  return created.body.key as string;
}

const send = (key: string | undefined, events: unknown[]) => cloud.api('POST', '/events', { body: { events }, headers: key ? { 'x-storefront-key': key } : {} });

/** As docs/api.md tells clients: pushed back with 429 (nothing was done), wait `Retry-After` and send the same batch again. */
async function sendRetrying(key: string, events: unknown[]) {
  for (let attempt = 1; ; attempt++) {
    const answer = await send(key, events);
    if (answer.status !== 429 || attempt >= 30) return answer;
    await new Promise((resolve) => setTimeout(resolve, Number(answer.headers.get('retry-after') ?? 1) * 1000 * Math.random()));
  }
}

describe('storefront keys and bad batches', () => {
  it('refuses a batch without a valid key (401) and a bad batch (400, each bad event by index), writing nothing', async () => {
    const key = await newKey();
    const session = `s-${ulid()}`;
    const good = { eventId: ulid(), type: 'page_view', occurredAt: new Date().toISOString(), sessionId: session };
    expectProblem(await send(undefined, [good]), 401, 'Unauthorized');
    expectProblem(await send(`sfk_${ulid()}_${'x'.repeat(43)}`, [good]), 401, 'InvalidStorefrontKey');
    expectProblem(await send('not-a-key', [{ type: 'nonsense' }]), 401, 'InvalidStorefrontKey'); // the key first, whatever the batch

    const bad = await send(key, [
      good,
      { ...good, eventId: ulid(), type: 'wishlist_add' },
      { ...good, eventId: ulid(), occurredAt: new Date(Date.now() + 3_600_000).toISOString() },
      { ...good, eventId: ulid(), occurredAt: new Date(Date.now() - 49 * 3_600_000).toISOString() },
      { eventId: ulid(), type: 'product_view', occurredAt: good.occurredAt },
    ]);
    expectProblem(bad, 400, 'ValidationFailed');
    expect(fieldsOf(bad)).toEqual(['events.1.type', 'events.4.sessionId']);
    const late = await send(key, [good, { ...good, eventId: ulid(), occurredAt: new Date(Date.now() + 3_600_000).toISOString() }, { ...good, eventId: ulid(), type: 'product_view' }]);
    expectProblem(late, 400, 'ValidationFailed');
    expect(late.body.errors).toEqual([
      { field: 'events.1.occurredAt', message: 'in the future (more than 5 minutes ahead of the server clock)' },
      { field: 'events.2.sku', message: 'required for a product_view event' },
    ]);
    expectProblem(await send(key, Array.from({ length: 101 }, () => ({ ...good, eventId: ulid() }))), 400, 'ValidationFailed');

    expect(await send(key, [good])).toMatchObject({ status: 202, body: { accepted: 1 } });
    await queuesDrained(cloud); // every batch sent so far counted
    // Only the good batch's one event reached its session: none of the refused batches was queued.
    expect(await probe.readRow(`SESSION#${session}`, 'SESSION')).toMatchObject({ eventIds: [good.eventId], pageViews: 1 });
    const keyId = key.split('_')[1];
    const listed = await cloud.api('GET', '/storefront-keys?limit=100', { token: operator });
    expect(listed.body.items.find((item: { keyId: string }) => item.keyId === keyId)).toMatchObject({ status: 'ACTIVE' });
    expect(JSON.stringify(listed.body)).not.toContain(key.split('_').slice(2).join('_')); // the secret (base64url: it may hold '_')
    const revoked = await cloud.api('POST', `/storefront-keys/${keyId}/revoke`, { token: operator, headers: { 'idempotency-key': ulid() } });
    expect(revoked.body).toMatchObject({ keyId, status: 'REVOKED' });
    expectProblem(await send(key, [{ ...good, eventId: ulid() }]), 401, 'InvalidStorefrontKey');
  });
});

/** Seeds what a placed order's counters read (the order, its SKU's stock and product), as the order and catalog contexts would have written them. */
async function seedOrder(orderId: string, customerId: string, country: string, sku: string, quantity: number, totalMinor: number, productId: string) {
  const order = {
    pk: `ORDER#${orderId}`,
    sk: 'ORDER',
    orderId,
    customerId,
    status: 'SHIPPED',
    shippingAddress: { name: 'A', line1: 'x', city: 'y', postalCode: '1', country },
    price: { currency: 'EUR', lines: [{ lineIndex: 0, sku, quantity, unitPrice: { amount: 1000, currency: 'EUR' }, lineTotal: { amount: 1000 * quantity, currency: 'EUR' } }], total: { amount: totalMinor, currency: 'EUR' } },
  };
  await probe.documents.send(new PutCommand({ TableName: probe.tableName, Item: order }));
  await probe.documents.send(
    new PutCommand({
      TableName: probe.tableName,
      Item: { pk: `SKU#${sku}`, sk: 'STOCK', sku, productId, available: 36, policy: { forecast: { dailyDemand: 6 }, leadTime: { leadTimeDays: 10 } } },
    }),
  );
  await probe.documents.send(
    new PutCommand({ TableName: probe.tableName, Item: { pk: `PRODUCT#${productId}`, sk: 'PRODUCT', productId, categoryId: 'kitchen', live: { skus: [{ sku, unitCost: { amount: 400, currency: 'EUR' } }] }, latest: { skus: [] } } }),
  );
}

const orderEvent = (type: string, eventId: string, orderId: string, occurredAt: string) => ({
  'detail-type': type,
  source: 'commerce.orders',
  detail: { eventId, orderId, occurredAt, correlationId: `test-${orderId}` },
});

describe('a day of traffic and orders, and its nightly KPIs', () => {
  it('counts 50 concurrent batches without a lost update and computes the card number by number, the same twice', async () => {
    const day = yesterday();
    const key = await newKey();
    const id = ulid();
    const mug = `MUG-${id}`;
    const crowd = `CROWD-${id}`;

    // 50 batches at once, each a session of two views of one SKU: 100 views, 50 engaged sessions of 1 s.
    const batches = Array.from({ length: 50 }, (_, batch) =>
      [0, 1].map((second) => ({ eventId: `crowd-${id}-${batch}-${second}`, type: 'product_view', sku: crowd, occurredAt: at(day, 3600 + second), sessionId: `crowd-${id}-${batch}`, source: 'flash', region: 'IT' })),
    );
    const answers = await Promise.all(batches.map((events) => sendRetrying(key, events)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(202));

    // The hand-computed part (docs/analytics.md's walkthrough): four sessions.
    const base = { region: 'DE', device: 'mobile' as const };
    const events = [
      { eventId: `${id}-a1`, type: 'page_view', occurredAt: at(day, 0), sessionId: `${id}-s1`, source: 'newsletter', visitorId: `v1-${id}`, ...base },
      { eventId: `${id}-a2`, type: 'product_view', sku: mug, categoryId: 'kitchen', occurredAt: at(day, 60), sessionId: `${id}-s1`, source: 'newsletter', visitorId: `v1-${id}`, ...base },
      { eventId: `${id}-a3`, type: 'add_to_cart', sku: mug, quantity: 1, occurredAt: at(day, 90), sessionId: `${id}-s1`, source: 'newsletter', visitorId: `v1-${id}`, ...base },
      { eventId: `${id}-a4`, type: 'checkout_started', occurredAt: at(day, 120), sessionId: `${id}-s1`, source: 'newsletter', visitorId: `v1-${id}`, ...base },
      { eventId: `${id}-b1`, type: 'page_view', occurredAt: at(day, 0), sessionId: `${id}-s2`, source: 'google', region: 'FR', device: 'desktop', visitorId: `v2-${id}` },
      { eventId: `${id}-c1`, type: 'product_view', sku: mug, occurredAt: at(day, 10), sessionId: `${id}-s3`, source: 'google', visitorId: `v1-${id}`, ...base },
      { eventId: `${id}-c2`, type: 'search', query: 'Blue  Teapot', resultCount: 0, occurredAt: at(day, 40), sessionId: `${id}-s3`, source: 'google', visitorId: `v1-${id}`, ...base },
      { eventId: `${id}-d1`, type: 'page_view', occurredAt: at(day, 0), sessionId: `${id}-s4`, customerId: `cust-x-${id}`, region: 'FR', device: 'tablet' },
      { eventId: `${id}-d2`, type: 'page_view', occurredAt: at(day, 10), sessionId: `${id}-s4`, customerId: `cust-x-${id}`, region: 'FR', device: 'tablet' },
    ];
    expect((await send(key, events)).body).toEqual({ accepted: 9 });
    expect((await send(key, events)).body).toEqual({ accepted: 9 }); // counted once: the card below
    await queuesDrained(cloud); // every batch sent so far counted

    // Two orders and a cancellation, through the consumer as the bus delivers them (the second delivery of o1 counts nothing).
    const productId = ulid();
    const [o1, o2] = [ulid(), ulid()];
    await seedOrder(o1, `cust-x-${id}`, 'DE', mug, 2, 2495, productId);
    await seedOrder(o2, `cust-y-${id}`, 'FR', mug, 1, 1495, productId);
    const consumer = functionNamed('functions/analytics/record-order-events.ts');
    const placed1 = orderEvent('OrderPlaced', ulid(), o1, at(day, 200));
    expect(await cloud.invoke(consumer, placed1)).toEqual({ outcome: 'recorded' });
    expect(await cloud.invoke(consumer, placed1)).toEqual({ outcome: 'duplicate' });
    expect(await cloud.invoke(consumer, orderEvent('OrderPlaced', ulid(), o2, at(day, 300)))).toEqual({ outcome: 'recorded' });
    expect(await cloud.invoke(consumer, orderEvent('OrderCancelled', ulid(), o2, at(day, 400)))).toEqual({ outcome: 'recorded' });

    // Searches with no result are an insight from the first one (the default asks for 5).
    const rule = await cloud.api('PUT', '/insight-rules/no-result-searches', { token: operator, body: { thresholds: { minSearches: 1 } }, headers: { 'idempotency-key': ulid() } });
    expect(rule.body).toMatchObject({ id: 'no-result-searches', thresholds: { minSearches: 1, top: 10 } });

    const job = functionNamed('functions/analytics/nightly-kpi.ts');
    const report = await cloud.invoke(job, { detail: { date: day } });
    expect(report).toMatchObject({ date: day, outcome: 'written', sessions: 54, orders: 2 });

    const card = await cloud.api('GET', `/kpis/${day}`, { token: operator });
    expect(card.status, card.text).toBe(200);
    expect(card.body.traffic).toMatchObject({
      sessions: 4 + 50,
      engagedSessions: 2 + 50,
      pageViews: 6 + 100,
      visitors: 3 + 50,
      bounceRate: 0.037, // 1 − 52 / 54
      averageSessionSeconds: 4, // (120 + 0 + 30 + 10 + 50 × 1) / 54 = 3.9
      conversionRate: 0.037, // 2 orders / 54 sessions
    });
    expect(card.body.traffic.sources).toEqual([
      { source: 'flash', sessions: 50, engagedSessions: 50 },
      { source: 'google', sessions: 2, engagedSessions: 0 },
      { source: 'direct', sessions: 1, engagedSessions: 1 },
      { source: 'newsletter', sessions: 1, engagedSessions: 1 },
    ]);
    expect(card.body.sales).toMatchObject({
      orders: 2,
      revenueMinor: 3990,
      netRevenueMinor: 2495,
      units: 3,
      averageOrderValueMinor: 1995,
      grossMarginMinor: 1800, // 3000 of MUG lines − 3 × 400
      marginRate: 0.6,
      cancelledOrders: 1,
    });
    expect(card.body.customers).toMatchObject({ orderingCustomers: 2, newCustomers: 2, returningCustomers: 0, newCustomerShare: 1, repeatPurchaseRate: 0 });
    expect(card.body.products).toMatchObject({ productViews: 102, addToCarts: 1, addToCartRate: 0.0098, searches: 1, noResultSearches: 1, skusSold: 1 });
    expect(card.body.skus.find((sku: { sku: string }) => sku.sku === mug)).toMatchObject({
      views: 2,
      addToCarts: 1,
      orders: 2,
      units: 3,
      revenueMinor: 3000,
      marginRate: 0.6,
      addToCartRate: 0.5,
      sellThroughRate: 0.0769, // 3 / (3 + 36)
      stockCoverDays: 6, // 36 available / 6 a day
      leadTimeDays: 10,
    });
    expect(card.body.skus.find((sku: { sku: string }) => sku.sku === crowd)).toMatchObject({ views: 100, addToCarts: 0, addToCartRate: 0 });

    const insights = await cloud.api('GET', `/insights?date=${day}`, { token: operator });
    expect(insights.body.items.map((insight: { rule: string; entity: { id: string } }) => [insight.rule, insight.entity.id])).toEqual([
      ['stock-cover', mug],
      ['views-without-carts', crowd],
      ['no-result-searches', 'blue teapot'],
    ]);
    const digest = await cloud.waitFor(
      async () => cloud.snsMessages('ops-alerts').map((record) => JSON.parse(record.message) as { type: string; detail: { date?: string; count?: number } }).find((message) => message.type === 'InsightsDigest' && message.detail.date === day),
      { timeoutMs: 20_000, message: `the insights digest of ${day} on ops-alerts` },
    );
    expect(digest.detail.count).toBe(3);

    // Run again: the same card, nothing raised again.
    expect(await cloud.invoke(job, { detail: { date: day } })).toMatchObject({ outcome: 'unchanged' });
    expect((await cloud.api('GET', `/kpis/${day}`, { token: operator })).body).toEqual(card.body);
    const series = await cloud.api('GET', `/kpis?from=${day}&to=${day}`, { token: operator });
    expect(series.body.items.map((item: { date: string }) => item.date)).toEqual([day]);

    const today = new Date().toISOString().slice(0, 10);
    expectProblem(await cloud.api('GET', `/kpis/${today}`, { token: operator }), 400, 'ValidationFailed');
    expectProblem(await cloud.api('GET', `/kpis?from=${today}&to=${day}`, { token: operator }), 400, 'ValidationFailed');
    expectProblem(await cloud.api('GET', `/kpis?from=2020-01-01&to=${day}`, { token: operator }), 400, 'ValidationFailed');
  });
});

describe('frequently bought together', () => {
  it("counts each placed order's basket once and ranks a product's partners by lift", async () => {
    const id = ulid();
    const [a, b, c] = ['A', 'B', 'C'].map((letter) => `BT-${letter}-${id}`) as [string, string, string];
    const productId = ulid();
    await probe.documents.send(new PutCommand({ TableName: probe.tableName, Item: { pk: `PRODUCT#${productId}`, sk: 'PRODUCT', productId, categoryId: 'kitchen', live: { skus: [{ sku: a }] }, latest: { skus: [] } } }));
    const consumer = functionNamed('functions/analytics/record-order-events.ts');
    const baskets = [[a, b], [a, b], [a, c], [b]];
    for (const skus of baskets) {
      const orderId = ulid();
      const lines = skus.map((sku, lineIndex) => ({ lineIndex, sku, quantity: 1, unitPrice: { amount: 500, currency: 'EUR' }, lineTotal: { amount: 500, currency: 'EUR' } }));
      await probe.documents.send(
        new PutCommand({ TableName: probe.tableName, Item: { pk: `ORDER#${orderId}`, sk: 'ORDER', orderId, customerId: `bt-${id}`, shippingAddress: { country: 'DE' }, price: { currency: 'EUR', lines, total: { amount: 500 * skus.length, currency: 'EUR' } } } }),
      );
      const placed = orderEvent('OrderPlaced', ulid(), orderId, new Date().toISOString());
      expect(await cloud.invoke(consumer, placed)).toEqual({ outcome: 'recorded' });
      expect(await cloud.invoke(consumer, placed)).toEqual({ outcome: 'duplicate' }); // the basket is not counted twice either
    }
    const answer = await cloud.api('GET', `/products/${productId}/bought-together?minTogether=1`, { token: operator });
    expect(answer.status, answer.text).toBe(200);
    const n = answer.body.baskets as number; // every basket of the shared cloud, at least these four
    expect(n).toBeGreaterThanOrEqual(4);
    const round4 = (value: number) => Math.round(value * 10_000) / 10_000;
    // A is in 3 baskets: with B twice (B in 3 baskets), with C once (C in 1): C's lift is the higher.
    expect(answer.body.items).toEqual([
      { partner: c, together: 1, support: round4(1 / n), confidence: 0.3333, lift: round4((1 / 3) / (1 / n)) },
      { partner: b, together: 2, support: round4(2 / n), confidence: 0.6667, lift: round4((2 / 3) / (3 / n)) },
    ]);
    expect((await cloud.api('GET', `/products/${productId}/bought-together`, { token: operator })).body.items.map((item: { partner: string }) => item.partner)).toEqual([b]);
    expectProblem(await cloud.api('GET', `/products/${ulid()}/bought-together`, { token: operator }), 404, 'ProductNotFound');
  });
});

describe('RFM segments', () => {
  it("counts every customer with an order in one segment, from the cells the orders moved them into", async () => {
    const consumer = functionNamed('functions/analytics/record-order-events.ts');
    const customerId = `rfm-${ulid()}`;
    const orderId = ulid();
    const lines = [{ lineIndex: 0, sku: `RFM-${orderId}`, quantity: 1, unitPrice: { amount: 50_000, currency: 'EUR' }, lineTotal: { amount: 50_000, currency: 'EUR' } }];
    await probe.documents.send(new PutCommand({ TableName: probe.tableName, Item: { pk: `ORDER#${orderId}`, sk: 'ORDER', orderId, customerId, shippingAddress: { country: 'DE' }, price: { currency: 'EUR', lines, total: { amount: 50_000, currency: 'EUR' } } } }));
    const job = functionNamed('functions/analytics/rfm-weekly.ts');
    const before = (await cloud.invoke(job, {})) as { customers: Record<string, number> };
    expect(await cloud.invoke(consumer, orderEvent('OrderPlaced', ulid(), orderId, new Date().toISOString()))).toEqual({ outcome: 'recorded' });
    expect(await probe.readRow(`CUSTOMER#${customerId}`, 'ANALYTICS')).toMatchObject({ orders: 1, totalMinor: 50_000 });
    const after = (await cloud.invoke(job, {})) as { weekStart: string; customers: Record<string, number> };
    // One more customer in the segments, a new one (a first order this week: the freshest recency quintile).
    // (Other segments may shift by one: a customer more this week moves the quintile cuts of older weeks.)
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((total, n) => total + n, 0);
    expect(sum(after.customers)).toBe(sum(before.customers) + 1);
    expect(after.customers.new).toBeGreaterThanOrEqual(1);
  });
});

describe('live SKUs', () => {
  it("counts a product's SKU once when an operator's approval lists it (ProductListed → record-catalog-events)", async () => {
    const listing = listingHarness(cloud);
    const liveCount = async () => Number((await probe.readRow('ANALYTICS#LIVE_SKUS', 'COUNT'))?.live ?? 0);
    const before = await liveCount();
    const body = kitchenBody();
    const { productId } = await listing.list(COSTA, body);
    await listing.awaitingReview(productId, 1);
    expect((await listing.review(productId, { decision: 'APPROVE' })).status).toBe(202);
    await listing.waitForRevision(productId, 1, 'PUBLISHED');
    const sku = body.skus[0]!.sku;
    await cloud.waitFor(() => probe.readRow(`LIVE_SKU#${sku}`, 'LIVE'), { timeoutMs: 20_000, message: `${sku} counted live` });
    expect(await liveCount()).toBeGreaterThan(before);
  });
});
