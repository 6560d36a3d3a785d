/**
 * The demo shop on a fresh local cloud (`npm start`'s seed with its traffic; the tests' shared cloud has none):
 * eight weeks of counters written through analytics' repository functions, the nightly KPI job run for each day
 * as a backfill, so GET /kpis has eight weeks of cards and GET /insights finds the planted problems yesterday;
 * every counted SKU has a demand forecast; the shop has stock (valued at cost on the cards: turnover and days of
 * inventory), a reorder policy per SKU and two SKUs planted low; its buyers have their histories; seeding again
 * writes nothing.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoTraffic } from '../../infra/local/seed-traffic';
import { demoTraffic, DEMO_SKUS } from '../../infra/local/demo-traffic';
import { DEMO_SUPPLIERS } from '../../infra/local/seed';
import { demoStock, demoStockValueMinor, PLANTED_LOW } from '../../infra/local/demo-stock';
import { analyticsSettingsFrom } from '../../shared/domain/analytics/settings';
import { customerSegment } from '../../shared/domain/analytics/rfm';
import { isoWeekStart } from '../../shared/domain/suppliers/weekly-activity';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

let cloud: TestCloud;
let operator: string;
let documents: DynamoDBDocumentClient;
const DAY_MS = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);

beforeAll(async () => {
  cloud = await startTestCloud({ seed: true, demoTraffic: true });
  expect(cloud.seedSummary.at(-1)).toMatch(/being written in the background/);
  expect(await cloud.demoTraffic).toMatchObject({ seeded: true });
  operator = await cloud.tokenFor('operator');
  documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: cloud.dynamodb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
}, 180_000);
afterAll(() => cloud?.stop());

describe('the demo shop', () => {
  it('has eight weeks of KPI cards ending yesterday', async () => {
    const cards = [];
    for (let nextToken: string | undefined, first = true; first || nextToken; first = false) {
      const page = await cloud.api('GET', `/kpis?from=${day(-70)}&to=${day(-1)}&limit=100${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`, { token: operator });
      expect(page.status, page.text).toBe(200);
      cards.push(...page.body.items);
      nextToken = page.body.nextToken;
    }
    expect(cards).toHaveLength(56);
    expect(cards.at(-1)).toMatchObject({ date: day(-1) });
    expect(cards.every((card) => card.traffic.sessions > 150 && card.sales.orders > 0)).toBe(true);
  });

  it("answers yesterday's insights with the planted problems", async () => {
    const insights = await cloud.api('GET', `/insights?date=${day(-1)}`, { token: operator });
    expect(insights.status, insights.text).toBe(200);
    const found = insights.body.items.map((insight: { rule: string; entity: { id: string } }) => `${insight.rule} ${insight.entity.id}`);
    expect(found.some((line: string) => /^(cart-abandonment CC-TEAPOT-1L|views-without-carts NW-LINEN-SHEET|no-result-searches)/.test(line))).toBe(true);
  });

  it('keeps a demand forecast for each SKU from its eight weeks', async () => {
    const { Item } = await documents.send(new GetCommand({ TableName: cloud.model.tables[0]!.name, Key: { pk: 'DEMAND_FORECAST#NW-TEE-NAVY-M', sk: 'ANALYTICS' } }));
    expect(Item).toMatchObject({ throughDay: day(-1), forecast: { historyDays: 56 }, error: { evaluationDays: 14 } });
    expect(['HOLT', 'CROSTON_SBA']).toContain(Item!.forecast.method);
  });

  it("raised no alert for the backfilled days, and the first ordinary run of yesterday sends its digest", async () => {
    const digests = () => cloud.snsMessages('ops-alerts').map((record) => JSON.parse(record.message) as { type: string; detail: { date?: string } }).filter((message) => message.type === 'InsightsDigest');
    expect(digests()).toEqual([]);
    const nightlyKpi = cloud.model.functions.find((fn) => fn.entry.endsWith('functions/analytics/nightly-kpi.ts'))!;
    expect(await cloud.invoke(nightlyKpi.name, {})).toMatchObject({ date: day(-1), outcome: 'written' });
    const digest = await cloud.waitFor(async () => digests().find((message) => message.detail.date === day(-1)), { timeoutMs: 20_000, message: 'the digest of yesterday on ops-alerts' });
    expect(digest).toBeDefined();
    expect(digests()).toHaveLength(1);
  });

  it("values the seeded stock on the cards: yesterday's inventory value, turnover and days of inventory, from the stock records", async () => {
    const table = cloud.model.tables[0]!.name;
    const stocks = await Promise.all(DEMO_SKUS.map(async ({ sku }) => (await documents.send(new GetCommand({ TableName: table, Key: { pk: `SKU#${sku}`, sk: 'STOCK' } }))).Item!));
    // The plan the seed received, from the same eight weeks (the marker keeps the day they end before).
    const { Item: marker } = await documents.send(new GetCommand({ TableName: table, Key: { pk: 'SEED#demo-traffic', sk: 'SEED' } }));
    const kpiEnvironment = cloud.model.functions.find((fn) => fn.entry.endsWith('functions/analytics/nightly-kpi.ts'))!.environment;
    const settings = analyticsSettingsFrom(kpiEnvironment);
    const plan = demoStock(demoTraffic(marker!.today as string, settings.timeZone, settings.churnDays));
    expect(stocks.map((stock) => [stock.sku, stock.onHand, stock.unitCost])).toEqual(plan.map((line) => [line.sku, line.units, line.unitCost]));
    const valueMinor = stocks.reduce((sum, stock) => sum + stock.onHand * stock.unitCost.amount, 0);
    expect(valueMinor).toBe(demoStockValueMinor(plan));
    expect(valueMinor).toBeGreaterThan(500_000);

    const card = (await cloud.api('GET', `/kpis/${day(-1)}`, { token: operator })).body;
    expect(card.products.inventoryAtCostMinor).toBe(valueMinor);
    // The day's cost of goods sold is its counters' (the seed writes them in shard 0); the value is the same at the
    // day's opening (the card before) and close: turnover = COGS / value × 365.
    const { Item: total } = await documents.send(new GetCommand({ TableName: table, Key: { pk: `DAY#${day(-1)}#0`, sk: 'TOTAL' } }));
    const costOfGoodsSold = Number(total!.costMinor);
    expect(costOfGoodsSold).toBeGreaterThan(0);
    const turnover = (costOfGoodsSold / valueMinor) * 365;
    expect(card.products.inventoryTurnover).toBe(Math.round(turnover * 100) / 100);
    expect(card.products.daysOfInventory).toBe(Math.round((365 / turnover) * 10) / 10);
    expect(card.products.daysOfInventory).toBeGreaterThan(20);
    expect(card.products.daysOfInventory).toBeLessThan(200);
  });

  it('has a reorder policy per SKU from its forecast: the planted ones low (a stock-cover insight yesterday, restocked from their supplier when alerted), the others above their point', async () => {
    const stock = async (sku: string) => (await cloud.api('GET', `/inventory/${sku}`, { token: operator })).body;
    for (const { sku } of DEMO_SKUS) {
      const view = await stock(sku);
      expect(view.policy?.forecast, sku).toMatchObject({ source: 'ANALYTICS' });
      if (PLANTED_LOW[sku] === undefined) expect(view.available, sku).toBeGreaterThan(view.reorderPoint);
      else expect(view.available, sku).toBeLessThanOrEqual(view.reorderPoint);
    }
    const insights = await cloud.api('GET', `/insights?date=${day(-1)}`, { token: operator });
    const covered = insights.body.items.filter((insight: { rule: string }) => insight.rule === 'stock-cover').map((insight: { entity: { id: string } }) => insight.entity.id);
    expect(covered.length).toBeGreaterThan(0);
    expect(Object.keys(PLANTED_LOW)).toEqual(expect.arrayContaining(covered));
    // The stock watcher opens their low-stock episodes, as for any SKU that falls to its reorder point.
    await cloud.waitFor(async () => {
      const alerts = await cloud.api('GET', '/inventory/alerts', { token: operator });
      const low = alerts.body.items.map((item: { sku: string }) => item.sku);
      return Object.keys(PLANTED_LOW).every((sku) => low.includes(sku)) || undefined;
    }, { timeoutMs: 20_000, message: 'the planted SKUs to be low' });
    // The alert job asks for their restock, and the restock workflow buys them from their supplier's offer.
    await cloud.fireSchedule('inventory-alerts');
    const ordered = await cloud.waitFor(async () => {
      const orders = [];
      for (const status of ['SENT', 'PENDING_APPROVAL']) orders.push(...(await cloud.api('GET', `/purchase-orders?status=${status}&limit=100`, { token: operator })).body.items);
      const skus = orders.flatMap((order: { skus: string[] }) => order.skus);
      return Object.keys(PLANTED_LOW).every((sku) => skus.includes(sku)) ? orders : undefined;
    }, { timeoutMs: 40_000, message: 'purchase orders for the planted SKUs' });
    const orderOf = (sku: string) => ordered.find((order: { skus: string[] }) => order.skus.includes(sku));
    // From each SKU's own supplier, at least its MOQ and under the auto-approval limit: Costa's 250 mugs at 4.50.
    expect(orderOf('CC-MUG-BLUE')).toMatchObject({ supplierId: DEMO_SUPPLIERS[1]!.supplierId, status: 'SENT', total: { amount: 250 * 450, currency: 'EUR' } });
    expect(orderOf('NW-TEE-WHITE-M')).toMatchObject({ supplierId: DEMO_SUPPLIERS[0]!.supplierId, status: 'SENT' });
  });

  it("gives the buyers their analytics histories, as the OrderPlaced consumer would have left them, and scores them into RFM segments", async () => {
    const kpiEnvironment = cloud.model.functions.find((fn) => fn.entry.endsWith('functions/analytics/nightly-kpi.ts'))!.environment;
    const settings = analyticsSettingsFrom(kpiEnvironment);
    const { Item: marker } = await documents.send(new GetCommand({ TableName: cloud.model.tables[0]!.name, Key: { pk: 'SEED#demo-traffic', sk: 'SEED' } }));
    const { customers } = demoTraffic(marker!.today as string, settings.timeZone, settings.churnDays);
    const loyal = [...customers].sort((a, b) => b.orders - a.orders)[0]!;
    expect(loyal.orders).toBeGreaterThan(1);
    const { Item } = await documents.send(new GetCommand({ TableName: cloud.model.tables[0]!.name, Key: { pk: `CUSTOMER#${loyal.customerId}`, sk: 'ANALYTICS' } }));
    expect(Item).toMatchObject({ customerId: loyal.customerId, orders: loyal.orders, lastOrderDay: loyal.lastOrderDay });

    // This week's RFM scoring ran: every buyer is in a segment, and one customer can be placed (a segment's offers).
    const weekStart = isoWeekStart(new Date());
    const { Item: scoring } = await documents.send(new GetCommand({ TableName: cloud.model.tables[0]!.name, Key: { pk: 'RFM#SEGMENTS', sk: weekStart } }));
    expect(Object.values(scoring!.customers as Record<string, number>).reduce((sum, count) => sum + count, 0)).toBe(customers.length);
    expect(customerSegment(loyal, { weekStart, recencyByWeek: scoring!.recencyByWeek })).toBeDefined();
  });

  it('is seeded once: a second seed finds the marker and writes nothing', async () => {
    const again = await seedDemoTraffic({ client: documents, tableName: cloud.model.tables[0]!.name, kpiEnvironment: {}, runNightlyKpi: () => Promise.reject(new Error('must not run')) });
    expect(again).toMatchObject({ seeded: false });
    expect(again.summary).toEqual((await cloud.demoTraffic)!.summary);
    expect(again.summary[0]).toMatch(/^Demo shop traffic .* … .*: .* sessions, .* events, .* orders/);
  });
});
