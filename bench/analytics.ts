/**
 * Analytics section (docs/analytics.md): the nightly KPI job on a day of 10,000 sessions with 1 and with 10 years
 * of history behind it — its reads must not grow with history (ratio of read units, target ≤ 1.05) — and
 * ingestion through the record-events handler: events per second and write units per 1,000 events (issue
 * target ≤ 1.5 WCU an event; the design spends a transaction per event, see docs/analytics.md "Cost").
 *
 * Both run in this process against DynamoDB Local (in memory) with their real modules; the table client goes
 * through the capacity proxy (bench/dynamodb-capacity.ts), which prices transactions as AWS does. Ingestion is
 * the handler invoked directly (the local cloud's gateway in front adds its own time, not DynamoDB's).
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { withBenchTable, type BenchTable } from './bench-table';
import { DynamoDbCapacityProxy } from './dynamodb-capacity';
import { printChecks, printTable, round, type TargetCheck } from './format';
import { mergeSection } from './results';

const TARGETS = { historyReadRatio: 1.05, writeUnitsPerEvent: 1.5 } as const;
/** A finished day (the job computes past days only). */
const DAY = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
const SHARDS = 8;
const SKUS = 300;
const KEY_ID = '01JBENCH00000000000000KEY0';
const SECRET = 'b'.repeat(43);

const addDays = (day: string, offset: number) => new Date(Date.parse(`${day}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

export async function runAnalyticsSection(): Promise<void> {
  await withBenchTable('analytics', async (table) => {
    const proxy = new DynamoDbCapacityProxy();
    await proxy.listen();
    await proxy.connect(table.endpoint, [table.model]);
    Object.assign(process.env, { AWS_ENDPOINT_URL_DYNAMODB: proxy.endpointFor('analytics'), STORE_TIME_ZONE: 'UTC', COUNTER_SHARDS: String(SHARDS) });
    try {
      const ingestion = await measureIngestion(table, proxy);
      const nightly = await measureNightly(table, proxy);
      const [oneYear, tenYears] = nightly;
      const ratio = tenYears.readUnits / oneYear.readUnits;
      printTable(
        ['nightly-kpi', 'history', 'ms', 'read requests', 'read units', 'write units'],
        nightly.map((run) => ['10,000 sessions', `${run.years} year(s)`, String(round(run.ms)), String(run.readRequests), String(round(run.readUnits)), String(round(run.writeUnits))]),
      );
      console.log(`\nread units, 10 years / 1 year of history: ${ratio.toFixed(3)}`);
      printTable(
        ['ingestion', 'events', 'ms', 'events/s', 'write units', 'WCU per event'],
        [['record-events', String(ingestion.events), String(round(ingestion.ms)), String(round(ingestion.eventsPerSecond)), String(round(ingestion.writeUnits)), ingestion.writeUnitsPerEvent.toFixed(2)]],
      );
      const checks: TargetCheck[] = [
        { target: `nightly reads, 10 vs 1 year of history: ≤ ${TARGETS.historyReadRatio}×`, actual: `${ratio.toFixed(3)}×`, met: ratio <= TARGETS.historyReadRatio },
        { target: `≤ ${TARGETS.writeUnitsPerEvent} WCU per event, counters included`, actual: ingestion.writeUnitsPerEvent.toFixed(2), met: ingestion.writeUnitsPerEvent <= TARGETS.writeUnitsPerEvent },
      ];
      printChecks(checks);
      mergeSection('analytics', { nightly, historyReadRatio: round(ratio * 1000) / 1000, ingestion, targets: TARGETS, checks });
    } finally {
      await proxy.close();
    }
  });
}

/** 1,000 events: 250 sessions of a page view, two product views and an add to cart, 20 events a batch, 8 batches in flight. */
async function measureIngestion(table: BenchTable, proxy: DynamoDbCapacityProxy) {
  await table.writeAll([{ pk: `STOREFRONT_KEY#${KEY_ID}`, sk: 'KEY', keyId: KEY_ID, name: 'bench', status: 'ACTIVE', secretHash: createHash('sha256').update(SECRET).digest('hex'), createdAt: new Date().toISOString(), createdBy: 'bench' }]);
  const { handler } = await import('../functions/analytics/record-events');
  const at = (minutes: number) => new Date(Date.now() - 3_600_000 + minutes * 1000).toISOString();
  const events = Array.from({ length: 250 }, (_, session) => [
    { eventId: `bench-${session}-0`, type: 'page_view', occurredAt: at(0), sessionId: `bench-${session}`, source: session % 3 ? 'google' : 'newsletter', region: 'DE' },
    { eventId: `bench-${session}-1`, type: 'product_view', sku: `SKU-${session % SKUS}`, occurredAt: at(10), sessionId: `bench-${session}`, source: session % 3 ? 'google' : 'newsletter', region: 'DE' },
    { eventId: `bench-${session}-2`, type: 'product_view', sku: `SKU-${(session + 1) % SKUS}`, occurredAt: at(20), sessionId: `bench-${session}`, source: session % 3 ? 'google' : 'newsletter', region: 'DE' },
    { eventId: `bench-${session}-3`, type: 'add_to_cart', sku: `SKU-${session % SKUS}`, occurredAt: at(30), sessionId: `bench-${session}`, source: session % 3 ? 'google' : 'newsletter', region: 'DE' },
  ]).flat();
  const batches = Array.from({ length: events.length / 20 }, (_, i) => events.slice(i * 20, i * 20 + 20));
  proxy.reset();
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const body = JSON.stringify({ events: batches[next++] });
      const answer = await handler(
        { rawPath: '/events', headers: { 'content-type': 'application/json', 'x-storefront-key': `sfk_${KEY_ID}_${SECRET}` }, body, isBase64Encoded: false, requestContext: { requestId: 'bench', http: { method: 'POST', path: '/events' } } } as unknown as APIGatewayProxyEventV2,
        { awsRequestId: 'bench', functionName: 'record-events' } as Context,
      );
      if (answer.statusCode !== 200) throw new Error(`POST /events answered ${answer.statusCode}: ${answer.body}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const ms = performance.now() - started;
  await proxy.settled();
  const { total } = proxy.snapshot();
  return { events: events.length, ms, eventsPerSecond: (events.length / ms) * 1000, writeUnits: total.writeUnits, writeUnitsPerEvent: total.writeUnits / events.length };
}

/** The day's counters as 10,000 sessions leave them (every shard: totals, sources, regions, devices, 300 SKUs). */
function dayCounters(day: string, skus: number) {
  return Array.from({ length: SHARDS }, (_, shard) => {
    const pk = `DAY#${day}#${shard}`;
    const item = (sk: string, counters: Record<string, number>) => ({ pk, sk, entity: 'DayCounter', day, dimension: sk, ...counters });
    return [
      item('TOTAL', { sessions: 1250, engagedSessions: 700, pageViews: 4000, productViews: 2500, addToCarts: 300, orders: 40, revenueMinor: 200_000, unitsSold: 90, visitors: 1100, sessionSeconds: 150_000 }),
      ...['google', 'newsletter', 'direct'].map((source) => item(`SOURCE#${source}`, { sessions: 400, engagedSessions: 230 })),
      ...['DE', 'FR', 'IT'].map((region) => item(`REGION#${region}`, { sessions: 400, orders: 13, revenueMinor: 66_000 })),
      ...Array.from({ length: skus }, (_, sku) => item(`SKU#SKU-${sku}`, { views: 8, addToCarts: 1, ...(sku % 4 === 0 ? { unitsSold: 1, revenueMinor: 2000, orders: 1 } : {}) })),
    ];
  }).flat();
}

/** A finished day's card, as the job stored it (GSI1 `KPI_CARDS`). */
const card = (date: string) => ({
  pk: `KPI#${date}`,
  sk: 'CARD',
  gsi1pk: 'KPI_CARDS',
  gsi1sk: date,
  entity: 'KpiCard',
  date,
  currency: 'EUR',
  traffic: { sessions: 10_000, bounceRate: 0.44, conversionRate: 0.032 },
  sales: { orders: 320, revenueMinor: 1_600_000, averageOrderValueMinor: 5000, marginRate: 0.4 },
  customers: { regions: [] },
  products: {},
  anomalies: [],
});

/** History: each past day's card and its counters (totals, sources, regions and 2 SKUs per shard: never read, so their number does not matter), oldest first. */
const history = (fromDaysBack: number, toDaysBack: number) =>
  Array.from({ length: toDaysBack - fromDaysBack }, (_, i) => {
    const date = addDays(DAY, -(fromDaysBack + i + 1));
    return [card(date), ...dayCounters(date, 2)];
  }).flat();

async function measureNightly(table: BenchTable, proxy: DynamoDbCapacityProxy) {
  const { handler } = await import('../functions/analytics/nightly-kpi');
  console.log('Seeding a day of 10,000 sessions and a year of history…');
  await table.writeAll([...dayCounters(DAY, SKUS), ...history(0, 365)]);
  const run = async (years: number) => {
    proxy.reset();
    const started = performance.now();
    const report = await handler({ detail: { date: DAY } });
    const ms = performance.now() - started;
    await proxy.settled();
    if (report.outcome !== 'written') throw new Error(`the job answered ${JSON.stringify(report)}`);
    const { total, byAction } = proxy.snapshot();
    const readRequests = ['GetItem', 'Query', 'BatchGetItem'].reduce((sum, action) => sum + (byAction[action]?.requests ?? 0), 0);
    return { years, ms, readRequests, readUnits: total.readUnits, writeUnits: total.writeUnits, skus: report.skus };
  };
  const oneYear = await run(1);
  console.log('… and nine more years of history…');
  await table.writeAll(history(365, 3650));
  // The card of the first run would make the second an "unchanged" rerun: take it away, so both compute and write.
  await table.writeAll([{ ...card(DAY), traffic: { sessions: -1 } }]);
  const tenYears = await run(10);
  return [oneYear, tenYears] as const;
}
