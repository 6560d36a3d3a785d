/**
 * Analytics' writes at ingestion time: storefront keys, storefront events (deduplicated by their ids), sessions,
 * the bus's order events (once per event id) and customers' order histories — each fact in one transaction
 * with the `ADD`s it makes to its day's counter items (docs/analytics.md, docs/data-model.md). The nightly
 * job's reads and writes are in analytics-kpi-repository.ts.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CounterAdd } from '../domain/analytics/counters';
import { mergeCounterAdds } from '../domain/analytics/counters';
import type { CustomerHistory } from '../domain/analytics/orders';
import type { SessionChange } from '../domain/analytics/event-batch';
import type { Session } from '../domain/analytics/sessions';
import { COUNTING_MEMORY_DAYS, shardOf } from '../domain/analytics/storefront-events';
import type { SkuFacts } from '../domain/analytics/orders';
import { customerHistoryKey } from './analytics-customers';
import { epochSecondsFromNow } from './clock';
import * as catalogRepository from './catalog-repository';
import * as inventoryRepository from './inventory-repository';
import * as ordersRepository from './orders-repository';
import type { StoredOrder } from './orders-repository';
import type { TransactWriteItem } from './outbox';
import { MAX_TRANSACTION_ITEMS, tableAccess as table, type PageRequest, type WriteOutcome } from './table-access';

/* ---------- storefront keys ---------- */

export interface StorefrontKey {
  readonly keyId: string;
  readonly name: string;
  readonly status: 'ACTIVE' | 'REVOKED';
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedAt?: string;
}

interface StoredKey extends StorefrontKey {
  readonly secretHash: string;
}

const keyKey = (keyId: string) => ({ pk: `STOREFRONT_KEY#${keyId}`, sk: 'KEY' });
const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');
const KEY_SHAPE = /^sfk_([0-9A-Z]{26})_([A-Za-z0-9_-]{43})$/;

const withoutSecret = ({ secretHash: _hash, ...key }: StoredKey): StorefrontKey => key;

/** A new key: its id, and the secret shown once (`sfk_<keyId>_<secret>`); only the secret's hash is kept. */
export async function createStorefrontKey(keyId: string, name: string, createdBy: string, now: Date, guard: readonly TransactWriteItem[]): Promise<StorefrontKey & { key: string }> {
  const secret = randomBytes(32).toString('base64url');
  const createdAt = now.toISOString();
  const stored: StoredKey = { keyId, name, status: 'ACTIVE', createdAt, createdBy, secretHash: hashOf(secret) };
  const outcome = await table.write([
    {
      Put: {
        TableName: table.tableName(),
        Item: { ...keyKey(keyId), entity: 'StorefrontKey', gsi1pk: 'STOREFRONT_KEYS', gsi1sk: `${createdAt}#${keyId}`, ...stored },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...guard,
  ]);
  if (outcome !== 'written') throw new Error(`storefront key ${keyId} was not written (${JSON.stringify(outcome)})`);
  return { ...withoutSecret(stored), key: `sfk_${keyId}_${secret}` };
}

export async function getStorefrontKey(keyId: string): Promise<StorefrontKey | undefined> {
  const stored = await table.getItem<StoredKey>(keyKey(keyId));
  return stored && withoutSecret(stored);
}

export async function listStorefrontKeys(page: PageRequest) {
  const result = await table.query<StoredKey>('GSI1', 'STOREFRONT_KEYS', page, { newestFirst: true });
  return { items: result.items.map(withoutSecret), lastEvaluatedKey: result.lastEvaluatedKey };
}

/** The key revoked (already revoked: as it was); undefined when there is no such key. */
export async function revokeStorefrontKey(keyId: string, now: Date): Promise<StorefrontKey | undefined> {
  const result = await table.update<StoredKey, StorefrontKey | undefined>(
    keyKey(keyId),
    (key) => {
      if (!key || key.status === 'REVOKED') return { result: key && withoutSecret(key) };
      const revoked: StoredKey = { ...key, status: 'REVOKED', revokedAt: now.toISOString() };
      return {
        result: withoutSecret(revoked),
        write: [
          {
            Update: {
              TableName: table.tableName(),
              Key: keyKey(keyId),
              UpdateExpression: 'SET #status = :revoked, revokedAt = :at',
              ConditionExpression: '#status = :active',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':revoked': 'REVOKED', ':active': 'ACTIVE', ':at': revoked.revokedAt },
            },
          },
        ],
      };
    },
    { attempts: 3 },
  );
  if (result === 'contention') throw new Error(`storefront key ${keyId} kept changing`);
  return result;
}

/** The key id a presented key names (for logs), '' when it is not shaped like a key. */
export const keyIdOf = (presented: string): string => KEY_SHAPE.exec(presented)?.[1] ?? '';

/** The active key a storefront presented (its id, to log), or undefined: malformed, unknown, revoked or wrong secret alike. */
export async function activeKeyFor(presented: string): Promise<string | undefined> {
  const match = KEY_SHAPE.exec(presented);
  if (!match) return undefined;
  const [, keyId = '', secret = ''] = match;
  const stored = await table.getItem<StoredKey>(keyKey(keyId));
  if (!stored || stored.status !== 'ACTIVE') return undefined;
  const expected = Buffer.from(stored.secretHash, 'hex');
  const actual = Buffer.from(hashOf(secret), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? keyId : undefined;
}

/* ---------- day counters ---------- */

/** The counter item of a dimension of a day in one shard: `DAY#<date>#<shard>` / `<dimension>`. */
export const counterKey = (day: string, shard: number, dimension: string) => ({ pk: `DAY#${day}#${shard}`, sk: dimension });

/**
 * `ADD` updates of the counters, one per counter item, in shard `shard` (docs/analytics.md, "Hot counters"). The
 * table is the functions' own unless named (the local cloud's demo seed writes from outside a function).
 */
export function counterUpdates(adds: readonly CounterAdd[], shard: number, tableName = table.tableName()): TransactWriteItem[] {
  return mergeCounterAdds(adds).map(({ day, dimension, add }) => {
    const names = Object.keys(add);
    return {
      Update: {
        TableName: tableName,
        Key: counterKey(day, shard, dimension),
        UpdateExpression: `SET entity = :entity, #day = :day, dimension = :dimension ADD ${names.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
        ExpressionAttributeNames: { '#day': 'day', ...Object.fromEntries(names.map((name, i) => [`#c${i}`, name])) },
        ExpressionAttributeValues: {
          ':entity': 'DayCounter',
          ':day': day,
          ':dimension': dimension,
          ...Object.fromEntries(names.map((name, i) => [`:c${i}`, add[name]])),
        },
      },
    };
  });
}

/* ---------- storefront events and sessions ---------- */

/** A put's condition that the item is still at the version read (undefined: that it still does not exist). */
const overVersionRead = (readVersion: number | undefined) =>
  readVersion === undefined
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : { ConditionExpression: '#version = :version', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':version': readVersion } };

/** Sessions and visitor claims are kept as long as counting may still meet their events (COUNTING_MEMORY_DAYS). */
const KEPT_SECONDS = COUNTING_MEMORY_DAYS * 86_400;
const sessionKey = (sessionId: string) => ({ pk: `SESSION#${sessionId}`, sk: 'SESSION' });
const visitorKey = (day: string, visitorId: string) => ({ pk: `VISITOR#${day}#${visitorId}`, sk: 'VISITOR' });

export const getSession = (sessionId: string) => table.getItem<Session>(sessionKey(sessionId));

/** The session that claimed the visitor's day (its first session that day), undefined when none did yet. */
export async function visitorClaimedBy(day: string, visitorId: string): Promise<string | undefined> {
  const guard = await table.getItem<{ claimedBy?: string }>(visitorKey(day, visitorId));
  // A guard from before claims were kept: claimed by a session that was written.
  return guard ? (guard.claimedBy ?? '') : undefined;
}

/**
 * Sessions of a batch, exactly once (shared/domain/analytics/event-batch.ts). First the day guards of visitors new
 * that day, each a plain conditional put claiming the visitor for its session (`claimedBy`; the same session may
 * claim again: its earlier transaction failed) — one unit each instead of two inside the transaction, which is what
 * a visitor id per session costs. Then, in one transaction, each session put conditional on the version read (new:
 * not existing) and holding its events' ids, and the sessions' counters merged, one `ADD` per counter item (at most
 * 100 items: the decision packs them so). A visitor is counted by the transaction that creates its claiming session;
 * one whose claiming session is never written (its message parked in the dead-letter queue) stays uncounted until
 * that message is redriven. `changed` when a session or visitor moved meanwhile (read and decide again);
 * `contention` when the transaction lost.
 */
export async function recordSessionChanges(changes: readonly SessionChange[], shards: number): Promise<'recorded' | 'changed' | 'contention'> {
  const claims = await Promise.all(
    changes
      .filter((change) => change.newVisitor)
      .map(({ session }) =>
        table.write([
          {
            Put: {
              TableName: table.tableName(),
              // Kept past the end of its day, whatever the time it was claimed at.
              Item: { ...visitorKey(session.day, session.visitorId), entity: 'VisitorSeen', claimedBy: session.sessionId, expiresAt: Date.parse(`${session.day}T00:00:00Z`) / 1000 + 86_400 + KEPT_SECONDS },
              ConditionExpression: 'attribute_not_exists(pk) OR claimedBy = :session',
              ExpressionAttributeValues: { ':session': session.sessionId },
            },
          },
        ]),
      ),
  );
  if (claims.some((claim) => claim !== 'written')) return 'changed';
  const items: TransactWriteItem[] = [
    ...changes.map(({ session, readVersion }): TransactWriteItem => ({
      Put: {
        TableName: table.tableName(),
        Item: { ...sessionKey(session.sessionId), entity: 'Session', ...session, expiresAt: Math.floor(Date.parse(session.lastAt) / 1000) + KEPT_SECONDS },
        ...overVersionRead(readVersion),
      },
    })),
    ...counterUpdates(changes.flatMap((change) => change.counters), shardOf(changes[0]?.eventIds[0] ?? '', shards)),
  ];
  const outcome = await table.write(items);
  return outcome === 'written' ? 'recorded' : outcome === 'contention' ? 'contention' : 'changed';
}

const outcomeOf = (outcome: WriteOutcome, guards = 1): 'recorded' | 'duplicate' | 'changed' | 'contention' =>
  outcome === 'written' ? 'recorded' : outcome === 'contention' ? 'contention' : outcome.refused.some((index) => index < guards) ? 'duplicate' : 'changed';

/* ---------- orders from the bus, customers ---------- */

const consumedKey = (eventId: string) => ({ pk: `ANALYTICS_CONSUMED#${eventId}`, sk: 'CONSUMED' });
/** The bus retries for 24 h; a week of memory covers any redelivery. */
const CONSUMED_HOURS = 7 * 24;


/**
 * A bus event's counters (and, for a placed order, the customer's history conditional on the version read),
 * once per event id. `duplicate`: consumed before; `changed`: the customer moved meanwhile (decide again).
 */
export async function recordBusEvent(
  eventId: string,
  counters: readonly CounterAdd[],
  customer?: { readonly next: CustomerHistory; readonly readVersion: number | undefined },
  shards = 1,
  also: readonly TransactWriteItem[] = [],
): Promise<'recorded' | 'duplicate' | 'changed' | 'contention'> {
  const items: TransactWriteItem[] = [
    {
      Put: {
        TableName: table.tableName(),
        Item: { ...consumedKey(eventId), entity: 'AnalyticsEventConsumed', expiresAt: epochSecondsFromNow(CONSUMED_HOURS) },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...(customer
      ? [
          {
            Put: {
              TableName: table.tableName(),
              Item: { ...customerHistoryKey(customer.next.customerId), entity: 'CustomerHistory', ...customer.next },
              ...overVersionRead(customer.readVersion),
            },
          },
        ]
      : []),
    ...counterUpdates(counters, shardOf(eventId, shards)),
    ...also,
  ];
  return outcomeOf(await table.write(items));
}

/** What a customer adds to an order's transaction at most: the guard, the history, two churn days' two counters, two RFM cells. */
const CUSTOMER_ITEMS_AT_MOST = 8;

/**
 * Whether a placed order's basket (its pair counters) fits in the transaction of its sales (`orderCounters`, the
 * order's own), whatever its customer adds: decided from the order alone, so a redelivery decides the same.
 */
export const basketFitsBesideSales = (orderCounters: readonly CounterAdd[], basket: readonly TransactWriteItem[]): boolean =>
  counterUpdates(orderCounters, 0).length + CUSTOMER_ITEMS_AT_MOST + basket.length <= MAX_TRANSACTION_ITEMS;

/** What a placed order's counters need besides the event: the order (region, total, lines) and each SKU's category and unit cost. */
/** An order's total in minor units (what a cancellation takes off net revenue). */
export async function orderTotalMinor(orderId: string): Promise<number | undefined> {
  return (await ordersRepository.getOrder(orderId))?.price.total.amount;
}

export interface PlacedOrderFacts {
  readonly order: StoredOrder;
  readonly skus: ReadonlyMap<string, SkuFacts>;
}

export async function placedOrderFacts(orderId: string): Promise<PlacedOrderFacts | undefined> {
  const order = await ordersRepository.getOrder(orderId);
  if (!order) return undefined;
  const codes = [...new Set(order.price.lines.map((line) => line.sku))];
  const stocks = await Promise.all(codes.map((sku) => inventoryRepository.getStock(sku)));
  const productIds = [...new Set(stocks.flatMap((stock) => (stock ? [stock.productId] : [])))];
  const products = await Promise.all(productIds.map((productId) => catalogRepository.getProduct(productId)));
  const skus = new Map<string, SkuFacts>();
  for (const product of products) {
    for (const sku of product?.live?.skus ?? product?.latest.skus ?? []) {
      if (codes.includes(sku.sku)) skus.set(sku.sku, { categoryId: product!.categoryId, unitCost: sku.unitCost });
    }
  }
  return { order, skus };
}

/* ---------- live SKUs (the card's SKU activity rate) ---------- */

const LIVE_SKUS_KEY = { pk: 'ANALYTICS#LIVE_SKUS', sk: 'COUNT' };

/** A SKU gone live, counted once: its guard `LIVE_SKU#<sku>` and the count's `ADD`, in one transaction. */
export async function countLiveSku(sku: string): Promise<'counted' | 'already'> {
  const outcome = await table.write([
    { Put: { TableName: table.tableName(), Item: { pk: `LIVE_SKU#${sku}`, sk: 'LIVE', entity: 'LiveSku', sku }, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Update: { TableName: table.tableName(), Key: LIVE_SKUS_KEY, UpdateExpression: 'SET entity = :entity ADD live :one', ExpressionAttributeValues: { ':entity': 'LiveSkuCount', ':one': 1 } } },
  ]);
  if (outcome === 'written') return 'counted';
  if (outcome !== 'contention' && outcome.refused.includes(0)) return 'already';
  throw new Error(`live SKU ${sku} not counted (${JSON.stringify(outcome)}); the bus tries again`);
}

/**
 * A live SKU taken off sale (its product archived), counted off once: its guard marked `retired` (only a SKU counted
 * live and not retired yet) and the count's `ADD -1`, in one transaction. `'not-live'`: never counted, or already off.
 */
export async function retireLiveSku(sku: string): Promise<'retired' | 'not-live'> {
  const outcome = await table.write([
    {
      Update: {
        TableName: table.tableName(),
        Key: { pk: `LIVE_SKU#${sku}`, sk: 'LIVE' },
        UpdateExpression: 'SET retired = :true',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(retired)',
        ExpressionAttributeValues: { ':true': true },
      },
    },
    { Update: { TableName: table.tableName(), Key: LIVE_SKUS_KEY, UpdateExpression: 'ADD live :minusOne', ExpressionAttributeValues: { ':minusOne': -1 } } },
  ]);
  if (outcome === 'written') return 'retired';
  if (outcome !== 'contention' && outcome.refused.includes(0)) return 'not-live';
  throw new Error(`live SKU ${sku} not counted off (${JSON.stringify(outcome)}); the bus tries again`);
}

/** SKUs live so far; undefined before the first was counted. */
export async function liveSkuCount(): Promise<number | undefined> {
  return (await table.getItem<{ live?: number }>(LIVE_SKUS_KEY))?.live;
}
