/**
 * The demo shop on a fresh local cloud (`npm start`'s seed with its traffic; the tests' shared cloud has none):
 * eight weeks of counters written through analytics' repository functions, the nightly KPI job run for each day
 * as a backfill, so GET /kpis has eight weeks of cards and GET /insights finds the planted problems yesterday;
 * every counted SKU has a demand forecast; seeding again writes nothing.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoTraffic } from '../../infra/local/seed-traffic';
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

  it('is seeded once: a second seed finds the marker and writes nothing', async () => {
    const again = await seedDemoTraffic({ client: documents, tableName: cloud.model.tables[0]!.name, kpiEnvironment: {}, runNightlyKpi: () => Promise.reject(new Error('must not run')) });
    expect(again).toMatchObject({ seeded: false });
    expect(again.summary).toEqual((await cloud.demoTraffic)!.summary);
    expect(again.summary[0]).toMatch(/^Demo shop traffic .* … .*: .* sessions, .* events, .* orders/);
  });
});
