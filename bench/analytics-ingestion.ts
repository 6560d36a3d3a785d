/**
 * Analytics ingestion (docs/analytics.md, "Cost"): `POST /events` on a fresh local cloud, through its gateway, the
 * record-events function, the storefront-events queue and the count-storefront-events function, with the capacity
 * proxy (bench/dynamodb-capacity.ts) between the functions and DynamoDB Local — events per second (until every
 * event is counted) and write units per event (issue target ≤ 1.5, counters included).
 *
 * The same 1,000 events are sent in four shapes a storefront may send them: a browser's (one session a request,
 * its four events), 20 a request, 100 a request, and 100 with a visitor id per session. Beside each, the design
 * before the queue — a transaction per request — measured by invoking the counting function with each request's
 * batch alone, which is what that design wrote; and, as the floor, at-least-once: plain puts and `ADD`s without a
 * transaction (a retried batch counts twice).
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
import { queuesDrained, startTestCloud, type TestCloud } from '../test/support/local-cloud';
import { DynamoDbCapacityProxy } from './dynamodb-capacity';

const SHARDS = 8;
const SKUS = 300;
const IN_FLIGHT = 8;
const COUNTING = 'count-storefront-events';

export interface IngestionRun {
  readonly design: string;
  readonly exactlyOnce: boolean;
  readonly events: number;
  readonly ms?: number;
  readonly eventsPerSecond?: number;
  readonly writeUnits: number;
  readonly writeUnitsPerEvent: number;
}

interface Shape {
  readonly name: string;
  /** Events a request; 0: one session a request. */
  readonly size: number;
  readonly withVisitor: boolean;
}

const SHAPES: readonly Shape[] = [
  { name: "a browser's: one session a request", size: 0, withVisitor: false },
  { name: '20 a request', size: 20, withVisitor: false },
  { name: '100 a request', size: 100, withVisitor: false },
  { name: '100 a request, each session a new visitorId', size: 100, withVisitor: true },
];

/** 1,000 events: 250 sessions of a page view, two product views and an add to cart, cut in requests of `shape`. */
function benchEvents(prefix: string, shape: Shape): StorefrontEvent[][] {
  const at = (seconds: number) => new Date(Date.now() - 3_600_000 + seconds * 1000).toISOString();
  const sessions = Array.from({ length: 250 }, (_, n) => {
    const common = { sessionId: `${prefix}-${n}`, source: n % 3 ? 'google' : 'newsletter', region: 'DE', ...(shape.withVisitor ? { visitorId: `${prefix}-visitor-${n}` } : {}) };
    return [
      { ...common, eventId: `${prefix}-${n}-0`, type: 'page_view' as const, occurredAt: at(0) },
      { ...common, eventId: `${prefix}-${n}-1`, type: 'product_view' as const, sku: `SKU-${n % SKUS}`, occurredAt: at(10) },
      { ...common, eventId: `${prefix}-${n}-2`, type: 'product_view' as const, sku: `SKU-${(n + 1) % SKUS}`, occurredAt: at(20) },
      { ...common, eventId: `${prefix}-${n}-3`, type: 'add_to_cart' as const, sku: `SKU-${n % SKUS}`, occurredAt: at(30) },
    ];
  });
  if (shape.size === 0) return sessions;
  const events = sessions.flat();
  return Array.from({ length: Math.ceil(events.length / shape.size) }, (_, i) => events.slice(i * shape.size, i * shape.size + shape.size));
}

async function inFlight<T>(items: readonly T[], each: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < items.length) await each(items[next++]!);
  }));
}

/** An SQS event of one message, as Lambda hands the counting function a batch of one. */
const oneMessage = (events: readonly StorefrontEvent[], n: number) => ({
  Records: [{ messageId: `bench-${n}`, receiptHandle: `bench-${n}`, body: JSON.stringify({ keyId: 'bench', events }), attributes: {}, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'bench', awsRegion: DEFAULT_REGION }],
});

/** The at-least-once floor: each session's plain put (and its visitor's), and one plain `ADD` per merged counter item of the request. */
function atLeastOnceWrites(batch: readonly StorefrontEvent[], tableName: string): TransactWriteItem[] {
  const sessions = new Map<string, StorefrontEvent[]>();
  for (const event of batch) sessions.set(event.sessionId, [...(sessions.get(event.sessionId) ?? []), event]);
  const recordings = [...sessions.values()].map((events) => ({ events, recording: recordSessionEvents(events, undefined, false, 'UTC') }));
  return [
    ...recordings.flatMap(({ events, recording }) => [
      { Put: { TableName: tableName, Item: { pk: `SESSION#${recording.session.sessionId}`, sk: 'SESSION', entity: 'Session', ...recording.session, eventIds: events.map((event) => event.eventId) } } },
      { Put: { TableName: tableName, Item: { pk: `VISITOR#${recording.session.day}#${recording.session.visitorId}`, sk: 'VISITOR', entity: 'VisitorSeen' } } },
    ]),
    ...counterUpdates(recordings.flatMap(({ recording }) => recording.counters), shardOf(batch[0]!.eventId, SHARDS), tableName),
  ];
}

export async function measureIngestionDesigns(): Promise<IngestionRun[]> {
  const { template, stackName } = synthTemplate();
  const model = buildLocalModel(template, { stackName, region: DEFAULT_REGION, accountId: LOCAL_ACCOUNT_ID, repoRoot: REPO_ROOT });
  const counting = model.functions.find((fn) => fn.entry.endsWith('functions/analytics/count-storefront-events.ts'))!;
  const proxy = new DynamoDbCapacityProxy();
  await proxy.listen();
  let cloud: TestCloud;
  try {
    cloud = await startTestCloud({
      template: { template, stackName },
      environmentOverrides: { [counting.name]: { AWS_ENDPOINT_URL_DYNAMODB: proxy.endpointFor(COUNTING), COUNTER_SHARDS: String(SHARDS), STORE_TIME_ZONE: 'UTC' } },
    });
  } catch (error) {
    await proxy.close();
    throw error;
  }
  try {
    await proxy.connect(cloud.dynamodb.endpoint, cloud.model.tables);
    const tableName = cloud.model.tables[0]!.name;
    const operator = await cloud.tokenFor('operator');
    const created = await cloud.api('POST', '/storefront-keys', { token: operator, body: { name: 'bench' }, headers: { 'idempotency-key': 'bench-key' } });
    const key = created.body.key as string;
    const post = async (batch: readonly StorefrontEvent[]) => {
      const answer = await cloud.api('POST', '/events', { body: { events: batch }, headers: { 'x-storefront-key': key } });
      if (answer.status !== 202 || answer.body.accepted !== batch.length) throw new Error(`POST /events answered ${answer.status}: ${answer.text}`);
    };
    const writeUnitsOf = async (run: () => Promise<void>) => {
      proxy.reset();
      const started = performance.now();
      await run();
      const ms = performance.now() - started;
      await proxy.settled();
      return { ms, writeUnits: proxy.snapshot().byFunction[COUNTING]?.writeUnits ?? 0 };
    };
    // The functions' first calls (their workers' start) are not counted.
    await post(benchEvents('warm', SHAPES[0]!)[0]!);
    await queuesDrained(cloud);

    const runs: IngestionRun[] = [];
    const add = (design: string, exactlyOnce: boolean, events: number, measured: { ms?: number; writeUnits: number }) =>
      runs.push({ design, exactlyOnce, events, ...(measured.ms === undefined ? {} : { ms: measured.ms, eventsPerSecond: (events / measured.ms) * 1000 }), writeUnits: measured.writeUnits, writeUnitsPerEvent: measured.writeUnits / events });
    for (const [n, shape] of SHAPES.entries()) {
      const queued = benchEvents(`queued-${n}`, shape);
      add(`POST /events, queued and counted together — ${shape.name}`, true, queued.flat().length, await writeUnitsOf(async () => {
        await inFlight(queued, post);
        await queuesDrained(cloud);
      }));
      const alone = benchEvents(`alone-${n}`, shape);
      let invocation = 0;
      add(`a transaction per request (before) — ${shape.name}`, true, alone.flat().length, await writeUnitsOf(() => inFlight(alone, async (batch) => {
        await cloud.invoke(counting.name, oneMessage(batch, invocation++));
      })));
    }
    // The floor, in a browser's shape: no transaction, no condition.
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: proxy.endpointFor('at-least-once'), region: DEFAULT_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
      { marshallOptions: { removeUndefinedValues: true } },
    );
    const access = createTableAccess(client, () => tableName);
    const floor = benchEvents('floor', SHAPES[0]!);
    proxy.reset();
    await inFlight(floor, async (batch) => {
      for (const item of atLeastOnceWrites(batch, tableName)) {
        const outcome = await access.write([item]);
        if (outcome !== 'written') throw new Error(`an at-least-once write was refused: ${JSON.stringify(outcome)}`);
      }
    });
    await proxy.settled();
    add(`at-least-once, no transaction — ${SHAPES[0]!.name}`, false, floor.flat().length, { writeUnits: proxy.snapshot().byFunction['at-least-once']!.writeUnits });
    return runs;
  } finally {
    await cloud.stop();
    await proxy.close();
  }
}
