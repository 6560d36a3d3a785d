/**
 * Analytics section (docs/analytics.md): the nightly KPI job on a day of 10,000 sessions with 1 and with 10 years
 * of history behind it — its reads must not grow with history (ratio of read units, target ≤ 1.05) — and
 * ingestion through `POST /events` on a fresh local cloud: events per second and write units per 1,000 events
 * (issue target ≤ 1.5 WCU an event) in four request shapes, next to the design before the queue and the at-least-once
 * floor (bench/analytics-ingestion.ts).
 *
 * The nightly job runs in this process against DynamoDB Local (in memory) with its real module; its table client
 * goes through the capacity proxy (bench/dynamodb-capacity.ts), which prices transactions as AWS does; so does the
 * local cloud's count-storefront-events function. `BENCH_ANALYTICS=ingestion` (or `nightly`) runs one half, keeping the
 * other's last numbers.
 */
import { withBenchTable, type BenchTable } from './bench-table';
import { measureIngestionDesigns, type IngestionRun } from './analytics-ingestion';
import { DynamoDbCapacityProxy } from './dynamodb-capacity';
import { printChecks, printTable, round, type TargetCheck } from './format';
import { mergeSection, readSections } from './results';

const TARGETS = { historyReadRatio: 1.05, writeUnitsPerEvent: 1.5 } as const;
/** A finished day (the job computes past days only). */
const DAY = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
const SHARDS = 8;
const SKUS = 300;

const addDays = (day: string, offset: number) => new Date(Date.parse(`${day}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

interface NightlyRun {
  readonly years: number;
  readonly ms: number;
  readonly readRequests: number;
  readonly readUnits: number;
  readonly writeUnits: number;
}

export async function runAnalyticsSection(): Promise<void> {
  const only = process.env.BENCH_ANALYTICS;
  const previous = (readSections().analytics ?? {}) as { nightly?: NightlyRun[]; ingestion?: IngestionRun[] };
  // The local cloud first: the nightly half points this process's SDK at its own table.
  const ingestion = only === 'nightly' ? previous.ingestion : await measureIngestionDesigns();
  const nightly = only === 'ingestion' ? previous.nightly : await measureNightlySection();
  const checks: TargetCheck[] = [];
  let historyReadRatio: number | undefined;
  if (nightly?.length === 2) {
    historyReadRatio = round((nightly[1]!.readUnits / nightly[0]!.readUnits) * 1000) / 1000;
    printTable(
      ['nightly-kpi', 'history', 'ms', 'read requests', 'read units', 'write units'],
      nightly.map((run) => ['10,000 sessions', `${run.years} year(s)`, String(round(run.ms)), String(run.readRequests), String(round(run.readUnits)), String(round(run.writeUnits))]),
    );
    console.log(`\nread units, 10 years / 1 year of history: ${historyReadRatio.toFixed(3)}`);
    checks.push({ target: `nightly reads, 10 vs 1 year of history: ≤ ${TARGETS.historyReadRatio}×`, actual: `${historyReadRatio.toFixed(3)}×`, met: historyReadRatio <= TARGETS.historyReadRatio });
  }
  if (Array.isArray(ingestion) && ingestion.length > 0) {
    printTable(
      ['ingestion design (1,000 events) — request shape', 'exactly once', 'events/s', 'write units', 'WCU per event'],
      ingestion.map((run) => [run.design, run.exactlyOnce ? 'yes' : 'no', run.eventsPerSecond === undefined ? '–' : String(round(run.eventsPerSecond)), String(round(run.writeUnits)), run.writeUnitsPerEvent.toFixed(2)]),
    );
    for (const run of ingestion.filter((candidate) => candidate.design.startsWith('POST /events'))) {
      checks.push({ target: `≤ ${TARGETS.writeUnitsPerEvent} WCU per event, counters included — ${run.design}`, actual: run.writeUnitsPerEvent.toFixed(2), met: run.writeUnitsPerEvent <= TARGETS.writeUnitsPerEvent });
    }
  }
  printChecks(checks);
  mergeSection('analytics', { nightly, historyReadRatio, ingestion, targets: TARGETS, checks });
}

async function measureNightlySection(): Promise<NightlyRun[] | undefined> {
  let runs: NightlyRun[] | undefined;
  await withBenchTable('analytics', async (table) => {
    const proxy = new DynamoDbCapacityProxy();
    await proxy.listen();
    await proxy.connect(table.endpoint, [table.model]);
    Object.assign(process.env, { AWS_ENDPOINT_URL_DYNAMODB: proxy.endpointFor('analytics'), STORE_TIME_ZONE: 'UTC', COUNTER_SHARDS: String(SHARDS) });
    try {
      runs = [...(await measureNightly(table, proxy))];
    } finally {
      await proxy.close();
    }
  });
  return runs;
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
    return { years, ms, readRequests, readUnits: total.readUnits, writeUnits: total.writeUnits };
  };
  const oneYear = await run(1);
  console.log('… and nine more years of history…');
  await table.writeAll(history(365, 3650));
  // The card of the first run would make the second an "unchanged" rerun: take it away, so both compute and write.
  await table.writeAll([{ ...card(DAY), traffic: { sessions: -1 } }]);
  const tenYears = await run(10);
  return [oneYear, tenYears] as const;
}
