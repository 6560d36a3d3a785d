/**
 * The demo shop's eight weeks of traffic and orders (demo-traffic.ts), written once (marker `SEED#demo-traffic`)
 * through analytics' own repository functions — events older than 48 h cannot come through POST /events — and then
 * the nightly KPI job run for each of those days, oldest first, as a backfill (cards, SKU items, insights and demand
 * forecasts written; no anomaly alerts or digests for days long gone). So GET /kpis and GET /insights answer from
 * the first minute. The local cloud runs it in the background once it is ready (cloud.ts, `startDemoTraffic`);
 * `npm start -- --no-demo-traffic` skips it; the tests' clouds never write it (but test/integration/demo-traffic.test.ts).
 * An interrupted seed resumes the same eight weeks: the marker keeps the day it started on, each transaction of
 * counters has its guard, and the KPI job is idempotent.
 *
 * Counters: the additions are merged per counter item (as a batch of POST /events merges them) and written as
 * `counterUpdates` (the `ADD`s record-events writes), each a plain UpdateItem, in shard 0: the readers sum every
 * shard, so the card is the one the same traffic would have made through POST /events. The customers' RFM cells
 * are `rfmCellUpdates`, as the OrderPlaced consumer moves them.
 *
 * Stock and customers (demo-stock.ts, written by demo-stock-task.ts with the live repository functions, before the
 * KPI days so every card values the stock): each SKU's stock record, unit cost, its supplier's offer and opening
 * stock received at the hub (the inventory value rises as a live receipt raises it), and each buyer's analytics
 * history after their last order. After the KPI days, the nightly reorder policy for the demo SKUs (from the
 * demand forecasts the KPI days wrote), and yesterday once more, so its stock-cover insight judges that policy.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { counterUpdates } from '../../shared/adapters/analytics-repository';
import { rfmCellUpdates } from '../../shared/adapters/analytics-rfm-repository';
import { createTableAccess, inBatches } from '../../shared/adapters/table-access';
import { analyticsSettingsFrom } from '../../shared/domain/analytics/settings';
import { storeDay } from '../../shared/domain/analytics/storefront-events';
import { defaultWarehouseId } from '../../shared/domain/inventory/warehouse-stock';
import { demoTraffic } from './demo-traffic';
import { demoStock, demoStockValueMinor, PLANTED_LOW } from './demo-stock';
import type { DemoStockRequest } from './demo-stock-task';
import { DEMO_WAREHOUSES } from './seed-shipping';

const MARKER = { pk: 'SEED#demo-traffic', sk: 'SEED' };
/** Counter updates per transaction, beside their guard (DynamoDB's limit is 100 items). */
const CHUNK = 99;

export interface TrafficSeedTarget {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** The nightly KPI function's environment (its store time zone and churn days). */
  readonly kpiEnvironment: Readonly<Record<string, string>>;
  /** Runs the nightly KPI function on an event (the local cloud's invoke). */
  readonly runNightlyKpi: (event: unknown) => Promise<unknown>;
  /** Loads the nightly KPI function ahead of its first call. */
  readonly warmNightlyKpi?: () => Promise<void>;
  /** Writes the demo's stock and customer histories (demo-stock-task.ts, run as a function of its own). */
  readonly stockDemoShop?: (request: DemoStockRequest) => Promise<{ readonly received: number; readonly customers: number }>;
  /** Runs the nightly reorder policy function on an event (`{ skus }`: just those, in the job itself). */
  readonly runReorderPolicy?: (event: { readonly skus: readonly string[] }) => Promise<unknown>;
  /** Runs the weekly RFM scoring for this week: the cards' segments, and a segment's promotions, from the first minute. */
  readonly runRfmWeekly?: () => Promise<unknown>;
  /** Set when the cloud stops: the seed ends after its current step (and resumes on the next start). */
  readonly stopping?: { readonly stopped: boolean };
  readonly now?: Date;
}

export interface TrafficSeedResult {
  readonly seeded: boolean;
  readonly summary: string[];
  /** Generating and writing the counters; the stock and customer histories (beside the counters); the KPI job for every day and the reorder policy. */
  readonly timings?: { readonly countersMs: number; readonly stockMs: number; readonly kpiDaysMs: number };
}

/** The summary of the traffic already written, or undefined when it is not (yet, or all of it). */
export async function demoTrafficSummary(client: DynamoDBDocumentClient, tableName: string): Promise<string[] | undefined> {
  const { Item: marker } = await client.send(new GetCommand({ TableName: tableName, Key: MARKER, ConsistentRead: true }));
  return Array.isArray(marker?.summary) ? (marker.summary as string[]) : undefined;
}

export async function seedDemoTraffic(target: TrafficSeedTarget): Promise<TrafficSeedResult> {
  const { client, tableName } = target;
  const { Item: marker } = await client.send(new GetCommand({ TableName: tableName, Key: MARKER, ConsistentRead: true }));
  if (marker?.summary) return { seeded: false, summary: marker.summary as string[] };
  const checkStopping = () => {
    if (target.stopping?.stopped) throw new Error('the local cloud is stopping');
  };

  const started = Date.now();
  // The function's first call loads it (a few hundred ms): let that happen while the traffic is generated and written.
  const warm = target.warmNightlyKpi?.().catch(() => undefined);
  const settings = analyticsSettingsFrom(target.kpiEnvironment);
  // A seed interrupted (the cloud stopped half way) resumes the same eight weeks, whatever the day it resumes on.
  const today = typeof marker?.today === 'string' ? marker.today : storeDay(target.now ?? new Date(), settings.timeZone);
  if (!marker) await client.send(new PutCommand({ TableName: tableName, Item: { ...MARKER, entity: 'SeedMarker', today } }));
  const traffic = demoTraffic(today, settings.timeZone, settings.churnDays);
  // The stock and histories are written beside the counters (other items; its worker loads meanwhile), before the KPI days.
  const stock = demoStock(traffic);
  const stocking = timed(() => target.stockDemoShop?.({ lines: stock, warehouseId: defaultWarehouseId(DEMO_WAREHOUSES), openedAt: `${traffic.days[0]}T00:00:00.000Z`, customers: traffic.customers }));
  stocking.catch(() => undefined);
  const access = createTableAccess(client, () => tableName);
  const updates = [...counterUpdates(traffic.counters, 0, tableName), ...rfmCellUpdates(mergeRfm(traffic.rfm), tableName)];
  // Transactions of 99 ADDs and a guard, like a batch of POST /events: each counted exactly once, even when an
  // interrupted seed runs again. (One transaction is one disk commit in DynamoDB Local: 20 instead of 2,000.)
  const chunks = Array.from({ length: Math.ceil(updates.length / CHUNK) }, (_, index) => updates.slice(index * CHUNK, (index + 1) * CHUNK));
  await inBatches(
    chunks.map((chunk, index) => ({ chunk, guard: { pk: `${MARKER.pk}#${today}#${index}`, sk: 'CHUNK' } })),
    async ({ chunk, guard }) => {
      checkStopping();
      const outcome = await access.write([{ Put: { TableName: tableName, Item: { ...guard, entity: 'SeedChunk' }, ConditionExpression: 'attribute_not_exists(pk)' } }, ...chunk]);
      if (outcome !== 'written' && !(outcome !== 'contention' && outcome.refused.includes(0))) throw new Error(`demo traffic counters not written (${JSON.stringify(outcome)})`);
    },
    4,
  ).catch(async (error: unknown) => {
    // The seed ends when the stock task has (a stopping cloud stops it), never leaving it running behind.
    await stocking.catch(() => undefined);
    throw error;
  });
  const written = Date.now();
  const stockMs = await stocking;
  await warm;
  const stocked = Date.now();
  if (target.runRfmWeekly) {
    checkStopping();
    await target.runRfmWeekly();
  }
  // The nightly job, day after day (idempotent): each card reads the 28 before it (growth, anomaly bands, margin median).
  for (const date of traffic.days) {
    checkStopping();
    await target.runNightlyKpi({ detail: { date, backfill: true } });
  }
  if (target.runReorderPolicy) {
    checkStopping();
    await target.runReorderPolicy({ skus: stock.map((line) => line.sku) });
    // Yesterday's insights again, now that the SKUs have a reorder policy (forecast demand and lead time) to judge cover by.
    await target.runNightlyKpi({ detail: { date: traffic.days.at(-1), backfill: true } });
  }
  const done = Date.now();

  const first = traffic.days[0];
  const last = traffic.days.at(-1);
  const summary = [
    `Demo shop traffic ${first} … ${last}: ${traffic.sessions.toLocaleString('en')} sessions, ${traffic.events.toLocaleString('en')} events, ${traffic.orders.toLocaleString('en')} orders (KPI cards and insights computed; seeded in ${seconds(done - started)})`,
    ...(target.stockDemoShop
      ? [`Demo shop stock: ${stock.length} SKUs at ${defaultWarehouseId(DEMO_WAREHOUSES)}, ${(demoStockValueMinor(stock) / 100).toLocaleString('en', { minimumFractionDigits: 2 })} EUR at cost, ${Object.keys(PLANTED_LOW).join(' and ')} planted low; ${traffic.customers.length} customers' histories`]
      : []),
  ];
  await client.send(new PutCommand({ TableName: tableName, Item: { ...MARKER, entity: 'SeedMarker', today, seededAt: new Date().toISOString(), summary } }));
  return { seeded: true, summary, timings: { countersMs: written - started, stockMs, kpiDaysMs: done - stocked } };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** How long `step` took, in ms. */
async function timed(step: () => Promise<unknown> | undefined): Promise<number> {
  const started = Date.now();
  await step();
  return Date.now() - started;
}

/** The RFM moves summed per cell (a customer moving through cells adds and takes back). */
function mergeRfm(moves: ReturnType<typeof demoTraffic>['rfm']): ReturnType<typeof demoTraffic>['rfm'] {
  const merged = new Map<string, (typeof moves)[number]>();
  for (const move of moves) {
    const key = `${move.cell.week}|${move.cell.f}|${move.cell.m}`;
    merged.set(key, { cell: move.cell, add: (merged.get(key)?.add ?? 0) + move.add });
  }
  return [...merged.values()].filter((move) => move.add !== 0);
}
