import { describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockedAws } from '../mocked-aws';
import { context, httpEvent, operator, parse } from '../suppliers/support';
import { BERLIN, CARDS, customer, NOW, productRow, rememberOrders, serveRows, SKU_L, SKU_M, stockRow, cancelledWith } from '../orders/support';
import { handler as createPromotion } from '../../../functions/promotions/create-promotion';
import { handler as setStatus } from '../../../functions/promotions/set-promotion-status';
import { handler as changePromotionRoute } from '../../../functions/promotions/change-promotion';
import { handler as createCoupons } from '../../../functions/promotions/create-coupons';
import { handler as giveBack } from '../../../functions/promotions/give-back-promotions';
import { handler as placeOrder } from '../../../functions/orders/place-order';
import { handler as quoteOrder } from '../../../functions/orders/quote-order';
import { handler as runSchedule } from '../../../functions/promotions/run-promotion-schedule';
import { handler as promotionResults } from '../../../functions/promotions/get-promotion-results';
import type { Promotion } from '../../../shared/domain/promotions/promotion';
import { orderLines } from '../../../shared/domain/orders/placement';

const { ddb } = mockedAws(NOW);
const PROMOTION_ID = '01J0000000000000000000000P';

const call = <H extends (event: never, ctx: never) => Promise<unknown>>(handler: H, event: unknown) => (handler as unknown as (e: unknown, c: unknown) => Promise<{ statusCode?: number; body?: string }>)(event, context).then(parse);
const post = (path: string, body: unknown, caller = operator) => {
  const event = httpEvent(caller, { method: 'POST', path, body, ...(path.includes(PROMOTION_ID) ? { pathParameters: { id: PROMOTION_ID } } : {}) });
  event.headers = { ...event.headers, 'idempotency-key': `key-${Math.random()}` };
  return event;
};
const transactions = () => ddb.commandCalls(TransactWriteCommand).map((entry) => entry.args[0].input.TransactItems ?? []);

const tenOff = (extra: Partial<Promotion> = {}): Promotion => ({
  promotionId: PROMOTION_ID,
  name: 'Ten off merino',
  currency: 'EUR',
  benefit: { type: 'PERCENT_OFF', percent: 10, target: { kind: 'SKU', ids: [SKU_M] } },
  priority: 0,
  exclusive: false,
  couponRequired: false,
  limits: { maxUses: 50 },
  startsAt: '2030-07-01T00:00:00.000Z',
  endsAt: '2030-08-01T00:00:00.000Z',
  timeZone: 'Europe/Berlin',
  status: 'ACTIVE',
  createdAt: '2030-07-01T00:00:00.000Z',
  createdBy: 'op-1',
  updatedAt: '2030-07-01T00:00:00.000Z',
  version: 1,
  ...extra,
});
const body = (extra: Record<string, unknown> = {}) => ({ name: 'Ten off merino', currency: 'EUR', benefit: { type: 'PERCENT_OFF', percent: 10, target: { kind: 'SKU', ids: [SKU_M] } }, startsAt: '2030-07-01T00:00', endsAt: '2030-08-01T00:00', ...extra });

describe('POST /promotions', () => {
  it('refuses a discount over 100 % (400) before touching DynamoDB', async () => {
    const { status, body: problem } = await call(createPromotion, post('/promotions', body({ benefit: { type: 'PERCENT_OFF', percent: 101, target: { kind: 'ORDER' } } })));
    expect(status).toBe(400);
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'benefit.percent' })]);
    expect(ddb.calls().filter((entry) => entry.args[0] instanceof TransactWriteCommand)).toHaveLength(0);
  });

  it('refuses an unknown SKU (400) and writes nothing', async () => {
    serveRows(ddb);
    const { status, body: problem } = await call(createPromotion, post('/promotions', body()));
    expect(status).toBe(400);
    expect(problem.errors).toEqual([{ field: 'benefit', message: `unknown sku ${SKU_M}` }]);
    expect(transactions()).toHaveLength(0);
  });

  it('writes the promotion, its target entry, its event and the key guard in one transaction (201)', async () => {
    serveRows(ddb, stockRow(SKU_M), productRow());
    ddb.on(TransactWriteCommand).resolves({});
    const { status, body: view } = await call(createPromotion, post('/promotions', body()));
    expect(status).toBe(201);
    expect(view).toMatchObject({ status: 'ACTIVE', live: true, startsAt: '2030-06-30T22:00:00.000Z' });
    const [items] = transactions();
    expect(items!.map((item) => String(item.Put?.Item?.pk ?? '').replace(/#.*/, '#'))).toEqual(['PROMOTION#', 'PROMOTION_TARGET#', 'OUTBOX#', 'CREATED#']);
    expect(items![1]!.Put!.Item).toMatchObject({ pk: `PROMOTION_TARGET#SKU#${SKU_M}`, sk: `2030-07-31T22:00:00.000Z#${view.promotionId}` });
    expect(items![2]!.Put!.Item).toMatchObject({ detailType: 'PromotionCreated' });
  });

  it('refuses an exclusive promotion over another exclusive one on the same SKU (409), writing nothing', async () => {
    serveRows(ddb, stockRow(SKU_M), productRow());
    ddb.on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':partition': 'PROMOTIONS#ACTIVE' } }).resolves({ Items: [tenOff({ exclusive: true })] });
    const { status, body: problem } = await call(createPromotion, post('/promotions', body({ exclusive: true })));
    expect(status).toBe(409);
    expect(problem).toMatchObject({ code: 'ExclusivePromotionsOverlap' });
    expect(transactions()).toHaveLength(0);
  });
});

describe('POST /promotions/{id}/status', () => {
  it('ending a promotion deletes its target entries with the versioned write and PromotionEnded', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: `PROMOTION#${PROMOTION_ID}`, sk: 'PROMOTION', ...tenOff() } });
    ddb.on(TransactWriteCommand).resolves({});
    const { status, body: view } = await call(setStatus, post(`/promotions/${PROMOTION_ID}/status`, { status: 'ENDED' }));
    expect(status).toBe(200);
    expect(view).toMatchObject({ status: 'ENDED', live: false });
    const [items] = transactions();
    expect(items![0]!.Put!.ConditionExpression).toContain('#version = :version');
    expect(items![1]!.Delete!.Key).toEqual({ pk: `PROMOTION_TARGET#SKU#${SKU_M}`, sk: `2030-08-01T00:00:00.000Z#${PROMOTION_ID}` });
    expect(items![2]!.Put!.Item).toMatchObject({ detailType: 'PromotionEnded' });
  });
});

describe('POST /promotions/{id}/coupons', () => {
  const serve = (promotion: Promotion) => ddb.on(GetCommand).resolves({ Item: { pk: `PROMOTION#${PROMOTION_ID}`, sk: 'PROMOTION', ...promotion } });
  it('issues generated codes, all in one write, each conditional on being new, with PromotionCouponsIssued (no codes in it)', async () => {
    serve(tenOff({ couponRequired: true }));
    ddb.on(TransactWriteCommand).resolves({});
    const { status, body } = await call(createCoupons, post(`/promotions/${PROMOTION_ID}/coupons`, { count: 3, prefix: 'XMAS', usageLimit: 100 }));
    expect(status).toBe(201);
    expect(body.codes).toEqual([expect.stringMatching(/^XMAS-[0-9A-Z]{10}$/), expect.stringMatching(/^XMAS-/), expect.stringMatching(/^XMAS-/)]);
    const [codes, event] = [transactions()[0]!.slice(0, 3), transactions()[0]!.slice(3)];
    expect(codes.map((item) => item.Put!.ConditionExpression)).toEqual(Array(3).fill('attribute_not_exists(pk)'));
    expect(event.map((item) => item.Put!.Item)).toEqual([expect.objectContaining({ detailType: 'PromotionCouponsIssued', detail: expect.objectContaining({ promotionId: PROMOTION_ID, count: 3, usageLimit: 100, oncePerCustomer: true, by: operator.sub }) })]);
    expect(JSON.stringify(event)).not.toContain('XMAS-');
  });

  it('refuses codes for a promotion that needs none (409), a code given twice (400) and a taken one (409), writing nothing', async () => {
    serve(tenOff());
    expect((await call(createCoupons, post(`/promotions/${PROMOTION_ID}/coupons`, { codes: ['HELLO'] }))).body).toMatchObject({ status: 409, code: 'PromotionNeedsNoCoupon' });
    expect((await call(createCoupons, post(`/promotions/${PROMOTION_ID}/coupons`, { codes: ['HELLO', 'HELLO'] }))).status).toBe(400);
    expect(transactions()).toHaveLength(0);
    serve(tenOff({ couponRequired: true }));
    ddb.on(TransactWriteCommand).rejects(cancelledWith('None', 'ConditionalCheckFailed', 'None'));
    expect((await call(createCoupons, post(`/promotions/${PROMOTION_ID}/coupons`, { codes: ['HELLO', 'TAKEN'] }))).body).toMatchObject({ status: 409, code: 'CouponCodeTaken' });
  });
});

describe('PATCH /promotions/{id}', () => {
  it('a new end moves the target entries (old deleted, new put) with the versioned write and PromotionChanged', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: `PROMOTION#${PROMOTION_ID}`, sk: 'PROMOTION', ...tenOff() } });
    ddb.on(TransactWriteCommand).resolves({});
    const event = httpEvent(operator, { method: 'PATCH', path: `/promotions/${PROMOTION_ID}`, pathParameters: { id: PROMOTION_ID }, body: { endsAt: '2030-09-01T00:00:00Z' } });
    event.headers = { ...event.headers, 'idempotency-key': 'patch-1' };
    const { status, body: view } = await call(changePromotionRoute, event);
    expect(status).toBe(200);
    expect(view).toMatchObject({ endsAt: '2030-09-01T00:00:00.000Z' });
    const [items] = transactions();
    expect(items![1]!.Delete!.Key).toEqual({ pk: `PROMOTION_TARGET#SKU#${SKU_M}`, sk: `2030-08-01T00:00:00.000Z#${PROMOTION_ID}` });
    expect(items![2]!.Put!.Item).toMatchObject({ pk: `PROMOTION_TARGET#SKU#${SKU_M}`, sk: `2030-09-01T00:00:00.000Z#${PROMOTION_ID}` });
    expect(items![3]!.Put!.Item).toMatchObject({ detailType: 'PromotionChanged' });
  });
});

describe('the quote and the order apply promotions', () => {
  /** The catalogue and the promotion; the orders placed are answered to the checkout's second read. */
  const serveWithPromotion = (promotion = tenOff(), usage?: Record<string, unknown>) => {
    const rows = [stockRow(SKU_M), productRow(), ...(usage ? [{ pk: `PROMOTION#${PROMOTION_ID}`, sk: 'USAGE', ...usage }] : [])];
    serveRows(ddb, ...rows);
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `PROMOTION_TARGET#SKU#${SKU_M}` } }).resolves({ Items: [promotion] });
    return rememberOrders(ddb, ...rows);
  };
  const order = () => post('/orders', { lines: [{ sku: SKU_M, quantity: 1 }], shippingAddress: BERLIN, serviceLevel: 'STANDARD', paymentMethod: CARDS.approve }, customer);

  it('the quote shows the promotion, its explanation and the line’s share', async () => {
    serveWithPromotion();
    const { status, body: quote } = await call(quoteOrder, httpEvent(customer, { method: 'POST', path: '/orders/quote', body: { lines: [{ sku: SKU_M, quantity: 1 }], destination: BERLIN } }));
    expect(status).toBe(200);
    expect(quote.price).toMatchObject({ discountTotal: { amount: 890 }, total: { amount: 8010 }, promotions: { applied: [{ promotionId: PROMOTION_ID, explanation: '10 % off: you saved 8.90' }] } });
    // One Query per SKU, product, category and ORDER: never a scan, and no more reads for promotions that cannot apply.
    const promotionQueries = ddb.commandCalls(QueryCommand).filter((entry) => String(entry.args[0].input.ExpressionAttributeValues?.[':pk'] ?? '').startsWith('PROMOTION_TARGET#'));
    expect(promotionQueries.map((entry) => entry.args[0].input.ExpressionAttributeValues![':pk'])).toEqual(['PROMOTION_TARGET#ORDER', `PROMOTION_TARGET#SKU#${SKU_M}`, expect.stringMatching(/^PROMOTION_TARGET#PRODUCT#/), expect.stringMatching(/^PROMOTION_TARGET#CATEGORY#/)]);
  });

  it('a gift in stock is a line at 0.00 on the quote and the order (so the workflow reserves it with the others); none in stock: the quote says so', async () => {
    const tote = tenOff({ benefit: { type: 'GIFT', sku: SKU_L, quantity: 1, minSpend: 5000 }, limits: {} });
    serveRows(ddb, stockRow(SKU_M), stockRow(SKU_L), productRow());
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'PROMOTION_TARGET#ORDER' } }).resolves({ Items: [tote] });
    const quoteOf = () => call(quoteOrder, httpEvent(customer, { method: 'POST', path: '/orders/quote', body: { lines: [{ sku: SKU_M, quantity: 1 }], destination: BERLIN } }));
    type Price = { lines: unknown[]; total: { amount: number }; promotions: { notes: unknown[] } };
    const quote = (await quoteOf()).body as { price: Price };
    expect(quote.price.lines[1]).toEqual({ lineIndex: 1, sku: SKU_L, quantity: 1, unitPrice: { amount: 0, currency: 'EUR' }, lineTotal: { amount: 0, currency: 'EUR' }, gift: { promotionId: PROMOTION_ID } });
    expect(quote.price.total.amount).toBe(8900);
    rememberOrders(ddb, stockRow(SKU_M), stockRow(SKU_L), productRow());
    const placed = (await call(placeOrder, order())).body as { price: Price };
    expect(orderLines(placed as never)).toEqual([{ sku: SKU_M, quantity: 1 }, { sku: SKU_L, quantity: 1 }]);

    serveRows(ddb, stockRow(SKU_M), stockRow(SKU_L, undefined, { onHand: 0, reserved: 0, available: 0 }), productRow());
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'PROMOTION_TARGET#ORDER' } }).resolves({ Items: [tote] });
    const without = (await quoteOf()).body as { price: Price };
    expect(without.price.lines).toHaveLength(1);
    expect(without.price.promotions.notes).toEqual([expect.objectContaining({ reason: 'GIFT_OUT_OF_STOCK' })]);
  });

  it('with a free-shipping promotion every shipping option shows its price after it', async () => {
    serveRows(ddb, stockRow(SKU_M), productRow());
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'PROMOTION_TARGET#ORDER' } }).resolves({ Items: [tenOff({ benefit: { type: 'SHIPPING', percent: 100, minSpend: 5000 }, limits: {} })] });
    const { body: quote } = await call(quoteOrder, httpEvent(customer, { method: 'POST', path: '/orders/quote', body: { lines: [{ sku: SKU_M, quantity: 1 }], destination: BERLIN } }));
    const options = quote.shippingOptions as { price: { amount: number }; priceAfterPromotions: { amount: number } }[];
    expect(options.length).toBeGreaterThan(0);
    for (const option of options) expect(option.priceAfterPromotions).toEqual({ amount: 0, currency: 'EUR' });
    expect(quote.price).toMatchObject({ shippingOffer: { percent: 100, explanation: 'Spend 50.00: free shipping' } });
  });

  it('the order uses the budget in its own transaction, conditionally', async () => {
    serveWithPromotion();
    const { status, body: placed } = await call(placeOrder, order());
    expect(status).toBe(201);
    expect((placed.price as { lines: unknown[] }).lines[0]).toMatchObject({ paid: { amount: 8010 }, discountShares: [{ promotionId: PROMOTION_ID, amount: { amount: 890 } }] });
    const items = transactions()[0]!;
    const usage = items.find((item) => item.Update?.Key?.sk === 'USAGE')!.Update!;
    expect(usage).toMatchObject({ Key: { pk: `PROMOTION#${PROMOTION_ID}` }, ConditionExpression: '(attribute_not_exists(#uses) OR #uses <= :usesMax)', ExpressionAttributeValues: { ':uses': 1, ':discount': 890, ':revenue': 8010, ':usesMax': 49 } });
    expect(items.some((item) => item.Put?.Item?.pk === `PROMOTION_USE#${placed.orderId}`)).toBe(true);
  });

  it('a flash sale counts the units against the allotment and the customer\'s limit, in the same transaction', async () => {
    serveWithPromotion(tenOff({ benefit: { type: 'FLASH_PRICE', prices: [{ sku: SKU_M, price: 7900 }], perCustomerUnits: 2, allotment: 100 }, limits: {} }));
    const event = post('/orders', { lines: [{ sku: SKU_M, quantity: 3 }], shippingAddress: BERLIN, serviceLevel: 'STANDARD', paymentMethod: CARDS.approve }, customer);
    const { status, body: placed } = await call(placeOrder, event);
    expect(status).toBe(201);
    // 2 at 79.00, the third at 89.00
    expect((placed.price as { discountTotal: unknown }).discountTotal).toEqual({ amount: 2000, currency: 'EUR' });
    const items = transactions()[0]!;
    expect(items.find((item) => item.Update?.Key?.sk === 'USAGE')!.Update).toMatchObject({ ConditionExpression: '(attribute_not_exists(#units) OR #units <= :unitsMax)', ExpressionAttributeValues: { ':units': 2, ':unitsMax': 98 } });
    expect(items.find((item) => item.Update?.Key?.sk === 'CUSTOMER#customer-ada')!.Update).toMatchObject({ ExpressionAttributeValues: { ':units': 2, ':unitsMax': 0 } });
  });

  it('an order that takes the budget to 80 % raises PromotionBudgetLow once (a conditional marker with the event)', async () => {
    serveWithPromotion(tenOff(), { uses: 40, discount: 30_000 });
    expect((await call(placeOrder, order())).status).toBe(201);
    // After the checkout's first write (its second is a lone Put of the order).
    const alert = transactions()[1]!;
    expect(alert[0]!.Put).toMatchObject({ Item: { pk: `PROMOTION#${PROMOTION_ID}`, sk: 'ALERT#80' }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(alert[1]!.Put!.Item).toMatchObject({ detailType: 'PromotionBudgetLow', detail: { level: 80, uses: 40 } });
  });

  it('a budget that ran out meanwhile refuses the order: 409 PromotionUnavailable', async () => {
    serveWithPromotion().refuseWhere((item) => item.Update?.Key?.sk === 'USAGE');
    const { status, body: problem } = await call(placeOrder, order());
    expect(status).toBe(409);
    expect(problem).toMatchObject({ code: 'PromotionUnavailable' });
  });
});

describe('giving back an order’s promotion uses', () => {
  it('deletes the use conditionally with the counters’ reversal; a second delivery gives nothing back', async () => {
    const use = { pk: 'PROMOTION_USE#ORDER1', sk: PROMOTION_ID, orderId: 'ORDER1', customerId: 'customer-ada', promotionId: PROMOTION_ID, discount: 890, units: 0, revenue: 8010 };
    ddb.on(QueryCommand).resolves({ Items: [use] });
    ddb.on(GetCommand).resolves({ Item: { pk: `PROMOTION#${PROMOTION_ID}`, sk: 'PROMOTION', ...tenOff() } });
    ddb.on(TransactWriteCommand).resolvesOnce({}).rejects(cancelledWith('ConditionalCheckFailed', 'None'));
    const event = { 'detail-type': 'OrderCancelled', detail: { orderId: 'ORDER1' } };
    expect(await giveBack(event as never, context)).toEqual({ given: 1 });
    const [items] = transactions();
    expect(items![0]!.Delete).toMatchObject({ Key: { pk: 'PROMOTION_USE#ORDER1', sk: PROMOTION_ID }, ConditionExpression: 'attribute_exists(pk)' });
    expect(items![1]!.Update!.ExpressionAttributeValues).toMatchObject({ ':uses': -1, ':discount': -890, ':revenue': -8010 });
    expect(await giveBack(event as never, context)).toEqual({ given: 0 });
  });
});

describe('the promotion schedule job', () => {
  it('reads ACTIVE promotions by key and launches the one that started, with its event, once', async () => {
    const started = tenOff({ startsAt: '2030-07-01T00:00:00.000Z' });
    ddb.on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':partition': 'PROMOTIONS#ACTIVE' } }).resolves({ Items: [started] });
    ddb.on(GetCommand).resolves({ Item: { pk: `PROMOTION#${PROMOTION_ID}`, sk: 'PROMOTION', ...started } });
    ddb.on(TransactWriteCommand).resolves({});
    expect(await runSchedule({ id: 'run-1' })).toEqual({ launched: 1, reminded: 0, ended: 0 });
    const [items] = transactions();
    expect(items![0]!.Put!.Item).toMatchObject({ launchedAt: NOW.toISOString(), version: 2 });
    expect(items!.map((item) => item.Put?.Item?.detailType).filter(Boolean)).toEqual(['PromotionLaunched']);
  });
});

describe('GET /promotions/{id}/results', () => {
  it('compares the campaign\'s SKU days with the same weekdays before it, by key reads of the nightly SKU KPIs only', async () => {
    // Started Monday 1 July 2030 (Berlin), asked on Tuesday the 2nd: one complete day, against the four Mondays before.
    ddb.on(GetCommand).resolves({});
    ddb.on(GetCommand, { Key: { pk: `PROMOTION#${PROMOTION_ID}`, sk: 'PROMOTION' } }).resolves({ Item: { pk: `PROMOTION#${PROMOTION_ID}`, sk: 'PROMOTION', ...tenOff() } });
    const kpi = (date: string, revenueMinor: number, units: number, views: number) => ({ pk: `KPI#${date}`, sk: `SKU#${SKU_M}`, sku: SKU_M, revenueMinor, units, views, orders: units });
    for (const item of [kpi('2030-07-01', 26_700, 3, 60), kpi('2030-06-24', 8_900, 1, 40), kpi('2030-06-17', 17_800, 2, 50)]) ddb.on(GetCommand, { Key: { pk: item.pk, sk: item.sk } }).resolves({ Item: item });
    const { status, body } = await call(promotionResults, httpEvent(operator, { method: 'GET', path: `/promotions/${PROMOTION_ID}/results`, pathParameters: { id: PROMOTION_ID } }));
    expect(status).toBe(200);
    expect(body).toMatchObject({
      scope: { kind: 'SKUS', ids: [SKU_M] },
      window: { campaign: ['2030-07-01'], baseline: ['2030-06-03', '2030-06-10', '2030-06-17', '2030-06-24'] },
      campaign: { days: 1, revenueMinor: 26_700, revenueMinorPerDay: 26_700, unitsPerDay: 3, conversionRate: 0.05 },
      // Four baseline days, two with sales: 26 700 / 4 = 6 675 a day, 0.75 units a day.
      baseline: { days: 4, revenueMinor: 26_700, revenueMinorPerDay: 6_675, unitsPerDay: 0.75, conversionRate: 0.0333 },
      uplift: { revenue: 3, units: 3, conversionRate: 0.5015 },
    });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1 + 5);
  });

  it('answers 404 for a promotion that does not exist', async () => {
    ddb.on(GetCommand).resolves({});
    const { status } = await call(promotionResults, httpEvent(operator, { method: 'GET', path: `/promotions/${PROMOTION_ID}/results`, pathParameters: { id: PROMOTION_ID } }));
    expect(status).toBe(404);
  });
});
