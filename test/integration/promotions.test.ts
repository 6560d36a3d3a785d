/**
 * Promotions end to end on the shared local cloud: an operator's threshold promotion earned by one cart and
 * almost earned by another (the near-miss); a coupon promotion with a budget of one use that stops applying
 * (ops are alerted, the quote says why) until the order that used it is cancelled and gives it back; bad input that
 * writes nothing; a member offer for the member group only, a segment offer for its RFM segment only. Every promotion here targets a SKU of its own (never the whole order: other files share
 * this cloud) and is ended at the end. The budget's concurrency proof runs the order write's counter items
 * straight against DynamoDB Local: 200 racing orders for 50 uses.
 */
import { ulid } from 'ulid';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeRefusal } from '../../shared/adapters/dynamo';
import { rfmCellUpdates } from '../../shared/adapters/analytics-rfm-repository';
import { useItems } from '../../shared/adapters/promotions-repository';
import { cellMoves, rfmCell } from '../../shared/domain/analytics/rfm';
import type { Promotion } from '../../shared/domain/promotions/promotion';
import type { TestCloud } from '../support/local-cloud';
import { sharedTestCloud } from '../support/shared-cloud';
import { BERLIN, orderHarness, type OrderHarness } from '../workflows/order-harness';

let cloud: TestCloud;
let orders: OrderHarness;
let operator: string;
const ended: string[] = [];

beforeAll(async () => {
  cloud = await sharedTestCloud();
  orders = orderHarness(cloud);
  operator = await cloud.tokenFor('operator', { sub: 'op-promo' });
});
afterAll(async () => {
  await Promise.all(ended.map((id) => cloud.api('POST', `/promotions/${id}/status`, { token: operator, body: { status: 'ENDED' }, headers: { 'idempotency-key': ulid() } })));
  vi.unstubAllEnvs();
  await cloud?.stop();
});

const createPromotion = async (body: Record<string, unknown>) => {
  const response = await cloud.api('POST', '/promotions', { token: operator, body: { currency: 'EUR', startsAt: '2020-01-01T00:00:00Z', endsAt: '2099-01-01T00:00', ...body }, headers: { 'idempotency-key': ulid() } });
  if (response.status === 201) ended.push(response.body.promotionId);
  return response;
};
const quote = (token: string, lines: unknown, couponCodes?: string[]) => cloud.api('POST', '/orders/quote', { token, body: { lines, destination: BERLIN, ...(couponCodes ? { couponCodes } : {}) } });

describe('promotions on quotes and orders', () => {
  it('a threshold on a SKU: 3 units earn "Spend 200, save 30"; 2 units are told how much more to add', async () => {
    const sku = await orders.stockedSku(10);
    const created = await createPromotion({ name: 'Spend 200 save 30', benefit: { type: 'THRESHOLD', tiers: [{ spend: 20000, off: 3000 }], target: { kind: 'SKU', ids: [sku] } } });
    expect(created.status, created.text).toBe(201);
    const token = await orders.customerToken();

    const earned = await quote(token, [{ sku, quantity: 3 }]);
    expect(earned.status, earned.text).toBe(200);
    // 3 × 89.00 = 267.00 − 30.00
    expect(earned.body.price).toMatchObject({ subtotal: { amount: 26700 }, discountTotal: { amount: 3000 }, total: { amount: 23700 } });
    expect(earned.body.price.promotions.applied).toEqual([expect.objectContaining({ promotionId: created.body.promotionId, explanation: 'Spend 200.00, save 30.00: you saved 30.00' })]);
    expect(earned.body.price.lines[0]).toMatchObject({ paid: { amount: 23700 }, discountShares: [{ promotionId: created.body.promotionId, amount: { amount: 3000 } }] });

    const almost = await quote(token, [{ sku, quantity: 2 }]);
    expect(almost.body.price).toMatchObject({ discountTotal: { amount: 0 }, total: { amount: 17800 } });
    expect(almost.body.price.promotions.nearMisses).toEqual([{ promotionId: created.body.promotionId, name: 'Spend 200 save 30', message: 'add 22.00 more to save 30.00' }]);

    // Its results: its SKU's last 31 complete days against the four weeks before it started (no KPIs computed here: zeros).
    const results = await cloud.api('GET', `/promotions/${created.body.promotionId}/results`, { token: operator });
    expect(results.status, results.text).toBe(200);
    expect(results.body).toMatchObject({ scope: { kind: 'SKUS', ids: [sku] }, campaign: { days: 31, revenueMinor: 0 }, baseline: { days: 28 }, uplift: { revenue: null } });
    expect((await cloud.api('GET', `/promotions/${created.body.promotionId}/results`, { token })).status).toBe(403);
  });

  it('a coupon with a budget of one use: the order uses it, the next quote says it ran out, the cancelled order gives it back', async () => {
    const sku = await orders.stockedSku(5);
    const campaign = `welcome-${ulid().toLowerCase()}`;
    const created = await createPromotion({ name: 'Welcome 10', campaign, couponRequired: true, limits: { maxUses: 1 }, benefit: { type: 'PERCENT_OFF', percent: 10, target: { kind: 'SKU', ids: [sku] } } });
    expect(created.status, created.text).toBe(201);
    const promotionId = created.body.promotionId as string;
    const code = `WELCOME-${ulid().slice(-8)}`;
    const coupons = await cloud.api('POST', `/promotions/${promotionId}/coupons`, { token: operator, body: { codes: [code] }, headers: { 'idempotency-key': ulid() } });
    expect(coupons.status, coupons.text).toBe(201);

    const first = await orders.customerToken();
    const placed = await cloud.api('POST', '/orders', { token: first, body: { lines: [{ sku, quantity: 1 }], couponCodes: [code], shippingAddress: BERLIN, serviceLevel: 'STANDARD', paymentMethod: 'tok_approve' }, headers: { 'idempotency-key': ulid() } });
    expect(placed.status, placed.text).toBe(201);
    expect(placed.body.price.promotions.applied).toEqual([expect.objectContaining({ promotionId, couponCode: code, amount: { amount: 890, currency: 'EUR' } })]);
    expect((await cloud.api('GET', `/promotions/${promotionId}`, { token: operator })).body).toMatchObject({ usage: { uses: 1, discount: 890, revenue: 8010 }, budgetUsedPercent: 100 });
    const listed = await cloud.api('GET', `/promotions?campaign=${campaign}`, { token: operator });
    expect(listed.body.items).toEqual([expect.objectContaining({ promotionId, campaign, usage: expect.objectContaining({ uses: 1, discount: 890 }) })]);
    // Ops hear that it stopped applying (once).
    const alert = await orders.notification('ops-alerts', 'PromotionBudgetExhausted', 'promotionId', promotionId);
    expect(alert.summary).toBe('Promotion Welcome 10 has used up its budget and stopped applying.');

    const second = await orders.customerToken();
    const stopped = await quote(second, [{ sku, quantity: 1 }], [code]);
    expect(stopped.status, stopped.text).toBe(200);
    expect(stopped.body.price.discountTotal.amount).toBe(0);
    expect(stopped.body.price.promotions.notes).toEqual([expect.objectContaining({ promotionId, reason: 'BUDGET_EXHAUSTED', message: 'Welcome 10 has used up its budget and no longer applies' })]);
    // The same customer cannot use a once-per-customer code twice (422, nothing written).
    const again = await quote(first, [{ sku, quantity: 1 }], [code]);
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ code: 'CouponNotValid', errors: [{ field: 'couponCodes.0', message: `Coupon ${code} was already used by you` }] });

    const cancelled = await cloud.api('POST', `/orders/${placed.body.orderId}/cancel`, { token: first, body: {}, headers: { 'idempotency-key': ulid() } });
    expect(cancelled.status, cancelled.text).toBe(202);
    await cloud.waitFor(async () => ((await cloud.api('GET', `/promotions/${promotionId}`, { token: operator })).body.usage.uses === 0 ? true : undefined), { timeoutMs: 30_000, message: 'the cancelled order to give its use back' });
    const back = await quote(second, [{ sku, quantity: 1 }], [code]);
    expect(back.body.price.discountTotal.amount).toBe(890);
  });

  it('a member offer applies to tokens of the member group only', async () => {
    const sku = await orders.stockedSku(1);
    const created = await createPromotion({ name: 'Members 20', audience: { groups: ['member'] }, benefit: { type: 'PERCENT_OFF', percent: 20, target: { kind: 'SKU', ids: [sku] } } });
    expect(created.status, created.text).toBe(201);
    const member = await cloud.tokenFor('customer', { sub: `member-${ulid().toLowerCase()}`, groups: ['member'] });
    expect((await quote(member, [{ sku, quantity: 1 }])).body.price.discountTotal.amount).toBe(1780);
    expect((await quote(await orders.customerToken(), [{ sku, quantity: 1 }])).body.price.discountTotal.amount).toBe(0);
  });

  it("a segment offer applies to its customers' RFM segment only: a champion gets it, a new customer and one without orders do not", async () => {
    const sku = await orders.stockedSku(1);
    const misspelt = await createPromotion({ name: 'Champion 15', audience: { segments: ['champion'] }, benefit: { type: 'PERCENT_OFF', percent: 15, target: { kind: 'SKU', ids: [sku] } } });
    expect(misspelt.status).toBe(400);
    expect(misspelt.body.errors).toEqual([expect.objectContaining({ field: 'audience.segments.0' })]);
    const created = await createPromotion({ name: 'Champions 15', audience: { segments: ['champions'] }, benefit: { type: 'PERCENT_OFF', percent: 15, target: { kind: 'SKU', ids: [sku] } } });
    expect(created.status, created.text).toBe(201);

    // Two customers' histories and RFM cells, as their placed orders' counting wrote them; then the weekly scoring.
    const table = cloud.model.tables[0]!.name;
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: cloud.model.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, endpoint: cloud.dynamodb.endpoint }));
    const today = new Date().toISOString().slice(0, 10);
    const id = ulid().toLowerCase();
    const [champion, newcomer, stranger] = [`champion-${id}`, `newcomer-${id}`, `stranger-${id}`];
    for (const [customerId, ordersPlaced, totalMinor] of [[champion, 6, 30_000], [newcomer, 1, 1_500]] as const) {
      await documents.send(new PutCommand({ TableName: table, Item: { pk: `CUSTOMER#${customerId}`, sk: 'ANALYTICS', entity: 'CustomerHistory', customerId, firstOrderDay: '2026-01-05', lastOrderDay: today, orders: ordersPlaced, totalMinor, region: 'DE', churnDay: '2099-01-01', version: ordersPlaced } }));
      await documents.send(new TransactWriteCommand({ TransactItems: rfmCellUpdates(cellMoves(undefined, rfmCell(ordersPlaced, totalMinor, today)), table) }));
    }
    await cloud.invoke(cloud.model.functions.find((fn) => fn.entry.endsWith('functions/analytics/rfm-weekly.ts'))!.name, {});

    const quoteFor = async (sub: string) => (await quote(await cloud.tokenFor('customer', { sub }), [{ sku, quantity: 1 }])).body.price.discountTotal.amount;
    expect(await quoteFor(champion)).toBe(1335); // 15 % of 89.00
    expect(await quoteFor(newcomer)).toBe(0);
    expect(await quoteFor(stranger)).toBe(0);
  });

  it('refuses bad promotions with a 4xx that writes nothing', async () => {
    const over = await createPromotion({ name: 'Too much', benefit: { type: 'PERCENT_OFF', percent: 120, target: { kind: 'ORDER' } } });
    expect(over.status).toBe(400);
    expect(over.body.errors).toEqual([expect.objectContaining({ field: 'benefit.percent', message: 'A discount cannot be over 100 %' })]);
    const backwards = await createPromotion({ name: 'Backwards', startsAt: '2099-02-01T00:00', endsAt: '2099-01-01T00:00', benefit: { type: 'AMOUNT_OFF', amount: 500, target: { kind: 'SKU', ids: ['NO-SUCH-SKU'] } } });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([{ field: 'benefit', message: 'unknown sku NO-SUCH-SKU' }, { field: 'endsAt', message: 'must be after startsAt' }]);
    const listed = await cloud.api('GET', '/promotions', { token: operator });
    expect(listed.body.items.map((item: { name: string }) => item.name)).not.toContain('Backwards');
  });
});

describe('budgets are conditional counters', () => {
  it('200 orders racing for a budget of 50 uses: exactly 50 get it; a spend budget and a per-customer limit hold too', async () => {
    vi.stubEnv('TABLE_NAME', cloud.model.tables[0]!.name);
    const local = { region: cloud.model.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ ...local, endpoint: cloud.dynamodb.endpoint }));
    const promotion = (limits: Promotion['limits']) => ({ promotionId: ulid(), limits, benefit: { type: 'PERCENT_OFF', percent: 10, target: { kind: 'ORDER', ids: [] } } }) as unknown as Promotion;
    /** An order's write with its promotion use, retried while it only lost a race: true when written, false when refused. */
    const placeWith = async (promo: Promotion, customerId: string, discount: number) => {
      const orderId = ulid();
      for (;;) {
        try {
          await documents.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: cloud.model.tables[0]!.name, Item: { pk: `TEST_ORDER#${orderId}`, sk: 'ORDER' } } }, ...useItems(orderId, customerId, [{ promotionId: promo.promotionId, discount, units: 0 }], [promo])] }));
          return true;
        } catch (err) {
          const refusal = writeRefusal(err);
          if (refusal === undefined) throw err;
          if (refusal !== 'contention') return false;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 50));
        }
      }
    };
    const usage = async (promo: Promotion) => (await documents.send(new GetCommand({ TableName: cloud.model.tables[0]!.name, Key: { pk: `PROMOTION#${promo.promotionId}`, sk: 'USAGE' } }))).Item;

    const uses = promotion({ maxUses: 50 });
    const results = await Promise.all(Array.from({ length: 200 }, (_, index) => placeWith(uses, `c-${index}`, 100)));
    expect(results.filter(Boolean)).toHaveLength(50);
    expect(await usage(uses)).toMatchObject({ uses: 50, discount: 5000 });

    const spend = promotion({ maxDiscount: 10_000 });
    const spent = await Promise.all(Array.from({ length: 60 }, (_, index) => placeWith(spend, `c-${index}`, 300)));
    expect(spent.filter(Boolean)).toHaveLength(33);
    expect((await usage(spend))!.discount).toBe(9900);

    const perCustomer = promotion({ perCustomer: 2 });
    const mine = await Promise.all(Array.from({ length: 20 }, () => placeWith(perCustomer, 'the-same-customer', 100)));
    expect(mine.filter(Boolean)).toHaveLength(2);
  });
});
