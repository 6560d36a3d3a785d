/**
 * Analytics ingestion (docs/analytics.md, "Cost"): `POST /events` on a fresh local cloud, through its gateway and
 * the record-events function, with the capacity proxy (bench/dynamodb-capacity.ts) between that function and
 * DynamoDB Local — events per second and write units per event (issue target ≤ 1.5, counters included).
 *
 * `POST /events` writes a batch exactly once in one transaction (shared/domain/analytics/event-batch.ts): the sessions'
 * puts, holding their events' ids, the visitor guards, and the batch's counters merged across its sessions. Beside
 * it, the same 1,000 events written as three other designs would write them (the items built by the same domain
 * and repository functions, sent straight to DynamoDB through the proxy, so each is priced as AWS prices it):
 *
 * - **guard-per-event** (the design before): a transaction per session — a guard item per event, the session, the
 *   visitor guard, the session's counters;
 * - **ids-in-session**: a transaction per session without the guards (the ids in the session item);
 * - **at-least-once**: no transaction, no condition: plain puts of the sessions and one plain `ADD` per merged counter
 *   item of the batch (a retried batch counts twice).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { REPO_ROOT } from '../infra/constructs/repo';
import { DEFAULT_REGION, LOCAL_ACCOUNT_ID } from '../infra/local/model';
import { buildLocalModel } from '../infra/local/template/model';
import { synthTemplate } from '../infra/local/template/synth';
import { counterUpdates } from '../shared/adapters/analytics-repository';
import { createTableAccess } from '../shared/adapters/table-access';
import type { TransactWriteItem } from '../shared/adapters/outbox';
import { recordSessionEvents } from '../shared/domain/analytics/sessions';
import { shardOf, type StorefrontEvent } from '../shared/domain/analytics/storefront-events';
import { startTestCloud } from '../test/support/local-cloud';
import { DynamoDbCapacityProxy } from './dynamodb-capacity';

const SHARDS = 8;
const SKUS = 300;
const BATCH = 20;
const IN_FLIGHT = 8;

export interface IngestionRun {
  readonly design: string;
  readonly exactlyOnce: boolean;
  readonly events: number;
  readonly ms?: number;
  readonly eventsPerSecond?: number;
  readonly writeUnits: number;
  readonly writeUnitsPerEvent: number;
}

/** 1,000 events: 250 sessions of a page view, two product views and an add to cart, in batches of 20 (or `size`). */
function benchEvents(prefix: string, size = BATCH, withVisitor = false): StorefrontEvent[][] {
  const at = (minutes: number) => new Date(Date.now() - 3_600_000 + minutes * 1000).toISOString();
  const events = Array.from({ length: 250 }, (_, n) => {
    const common = { sessionId: `${prefix}-${n}`, source: n % 3 ? 'google' : 'newsletter', region: 'DE', ...(withVisitor ? { visitorId: `${prefix}-visitor-${n}` } : {}) };
    return [
      { ...common, eventId: `${prefix}-${n}-0`, type: 'page_view' as const, occurredAt: at(0) },
      { ...common, eventId: `${prefix}-${n}-1`, type: 'product_view' as const, sku: `SKU-${n % SKUS}`, occurredAt: at(10) },
      { ...common, eventId: `${prefix}-${n}-2`, type: 'product_view' as const, sku: `SKU-${(n + 1) % SKUS}`, occurredAt: at(20) },
      { ...common, eventId: `${prefix}-${n}-3`, type: 'add_to_cart' as const, sku: `SKU-${n % SKUS}`, occurredAt: at(30) },
    ];
  }).flat();
  return Array.from({ length: Math.ceil(events.length / size) }, (_, i) => events.slice(i * size, i * size + size));
}

const bySession = (batch: readonly StorefrontEvent[]) => {
  const sessions = new Map<string, StorefrontEvent[]>();
  for (const event of batch) sessions.set(event.sessionId, [...(sessions.get(event.sessionId) ?? []), event]);
  return [...sessions.values()];
};

async function inFlight<T>(items: readonly T[], each: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < items.length) await each(items[next++]!);
  }));
}

/** The writes of one session under the designs without a guard per event (the session new, its visitor new that day). */
function sessionWrites(events: readonly StorefrontEvent[], tableName: string) {
  const recording = recordSessionEvents(events, undefined, false, 'UTC');
  const session = { ...recording.session, eventIds: events.map((event) => event.eventId) };
  const sessionPut = { Put: { TableName: tableName, Item: { pk: `SESSION#${session.sessionId}`, sk: 'SESSION', entity: 'Session', ...session }, ConditionExpression: 'attribute_not_exists(pk)' } };
  const visitorPut = { Put: { TableName: tableName, Item: { pk: `VISITOR#${session.day}#${session.visitorId}`, sk: 'VISITOR', entity: 'VisitorSeen' }, ConditionExpression: 'attribute_not_exists(pk)' } };
  return { sessionPut, visitorPut, counters: recording.counters };
}

const unconditional = (item: TransactWriteItem): TransactWriteItem => (item.Put ? { Put: { ...item.Put, ConditionExpression: undefined } } : item);

export async function measureIngestionDesigns(): Promise<IngestionRun[]> {
  const { template, stackName } = synthTemplate();
  const model = buildLocalModel(template, { stackName, region: DEFAULT_REGION, accountId: LOCAL_ACCOUNT_ID, repoRoot: REPO_ROOT });
  const recordEvents = model.functions.find((fn) => fn.entry.endsWith('functions/analytics/record-events.ts'))!;
  const proxy = new DynamoDbCapacityProxy();
  await proxy.listen();
  const cloud = await startTestCloud({
    template: { template, stackName },
    environmentOverrides: { [recordEvents.name]: { AWS_ENDPOINT_URL_DYNAMODB: proxy.endpointFor('record-events'), COUNTER_SHARDS: String(SHARDS), STORE_TIME_ZONE: 'UTC' } },
  }).catch(async (error: unknown) => {
    await proxy.close();
    throw error;
  });
  try {
    await proxy.connect(cloud.dynamodb.endpoint, cloud.model.tables);
    const tableName = cloud.model.tables[0]!.name;
    const operator = await cloud.tokenFor('operator');
    const created = await cloud.api('POST', '/storefront-keys', { token: operator, body: { name: 'bench' }, headers: { 'idempotency-key': 'bench-key' } });
    const key = created.body.key as string;
    const post = async (batch: readonly StorefrontEvent[]) => {
      const answer = await cloud.api('POST', '/events', { body: { events: batch }, headers: { 'x-storefront-key': key } });
      if (answer.status !== 200 || answer.body.recorded !== batch.length) throw new Error(`POST /events answered ${answer.status}: ${answer.text}`);
    };
    await post(benchEvents('warm')[0]!); // the function's first call (its worker's start) is not counted
    await proxy.settled();
    proxy.reset();
    const batches = benchEvents('bench');
    const started = performance.now();
    await inFlight(batches, post);
    const ms = performance.now() - started;
    await proxy.settled();
    const today = proxy.snapshot().byFunction['record-events']!;
    const events = batches.flat().length;
    const runs: IngestionRun[] = [
      { design: 'POST /events: a transaction per batch, ids in the sessions', exactlyOnce: true, events, ms, eventsPerSecond: (events / ms) * 1000, writeUnits: today.writeUnits, writeUnitsPerEvent: today.writeUnits / events },
    ];
    // The same through POST /events in the storefront's largest batches (100 events: 25 sessions).
    proxy.reset();
    const bigStarted = performance.now();
    await inFlight(benchEvents('big', 100), post);
    const bigMs = performance.now() - bigStarted;
    await proxy.settled();
    const big = proxy.snapshot().byFunction['record-events']!;
    runs.push({ design: 'POST /events, 100 events a batch', exactlyOnce: true, events, ms: bigMs, eventsPerSecond: (events / bigMs) * 1000, writeUnits: big.writeUnits, writeUnitsPerEvent: big.writeUnits / events });
    // With a visitor id on every session (a browser's cookie), whose first session of the day puts a visitor guard.
    proxy.reset();
    const visitorsStarted = performance.now();
    await inFlight(benchEvents('visitors', 100, true), post);
    const visitorsMs = performance.now() - visitorsStarted;
    await proxy.settled();
    const visitors = proxy.snapshot().byFunction['record-events']!;
    runs.push({ design: 'POST /events, 100 a batch, each session a new visitorId', exactlyOnce: true, events, ms: visitorsMs, eventsPerSecond: (events / visitorsMs) * 1000, writeUnits: visitors.writeUnits, writeUnitsPerEvent: visitors.writeUnits / events });

    const designRun = async (design: string, exactlyOnce: boolean, write: (access: ReturnType<typeof createTableAccess>, batch: readonly StorefrontEvent[]) => Promise<void>) => {
      const client = DynamoDBDocumentClient.from(
        new DynamoDBClient({ endpoint: proxy.endpointFor(design), region: DEFAULT_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
        { marshallOptions: { removeUndefinedValues: true } },
      );
      const access = createTableAccess(client, () => tableName);
      await inFlight(benchEvents(design), (batch) => write(access, batch));
      await proxy.settled();
      const units = proxy.snapshot().byFunction[design]!.writeUnits;
      runs.push({ design, exactlyOnce, events, writeUnits: units, writeUnitsPerEvent: units / events });
    };
    const written = (outcome: unknown) => {
      if (outcome !== 'written') throw new Error(`a design's write was refused: ${JSON.stringify(outcome)}`);
    };
    await designRun('guard-per-event (before)', true, async (access, batch) => {
      for (const events of bySession(batch)) {
        const { sessionPut, visitorPut, counters } = sessionWrites(events, tableName);
        const guards = events.map((event): TransactWriteItem => ({ Put: { TableName: tableName, Item: { pk: `STOREFRONT_EVENT#${event.eventId}`, sk: 'EVENT', entity: 'StorefrontEventSeen' }, ConditionExpression: 'attribute_not_exists(pk)' } }));
        const session = { Put: { ...sessionPut.Put, Item: { ...sessionPut.Put.Item, eventIds: undefined } } };
        written(await access.write([...guards, session, visitorPut, ...counterUpdates(counters, shardOf(events[0]!.eventId, SHARDS), tableName)]));
      }
    });
    await designRun('ids-in-session', true, async (access, batch) => {
      for (const events of bySession(batch)) {
        const { sessionPut, visitorPut, counters } = sessionWrites(events, tableName);
        written(await access.write([sessionPut, visitorPut, ...counterUpdates(counters, shardOf(events[0]!.eventId, SHARDS), tableName)]));
      }
    });
    await designRun('at-least-once', false, async (access, batch) => {
      const writes = bySession(batch).map((events) => sessionWrites(events, tableName));
      const items = [...writes.flatMap((write) => [unconditional(write.sessionPut), unconditional(write.visitorPut)]), ...counterUpdates(writes.flatMap((write) => write.counters), shardOf(batch[0]!.eventId, SHARDS), tableName)];
      for (const item of items) written(await access.write([item]));
    });
    return runs;
  } finally {
    await cloud.stop();
    await proxy.close();
  }
}
