/**
 * Frequently-bought-together counters (shared/domain/analytics/basket.ts): `PAIR#<sku>` / `ORDERS` (baskets with the
 * SKU), `PAIR#<sku>` / `WITH#<partner>` (baskets with both), `BASKETS#<shard>` / `TOTAL` (all baskets, sharded: every
 * order adds to it). A basket rides in its order's sales transaction when both fit (analytics-repository.ts
 * `basketFitsBesideSales`: nearly every order); with up to 65 items it does not fit beside a 32-line order's sales
 * counters, and then is a transaction of its own with its own guard (`ANALYTICS_CONSUMED#<eventId>` / `BASKET`).
 */
import { basketPairs } from '../domain/analytics/basket';
import { MAX_COUNTER_SHARDS } from '../domain/analytics/settings';
import { epochSecondsFromNow } from './clock';
import type { TransactWriteItem } from './outbox';
import { allPages, inBatches, tableAccess as table } from './table-access';

const add = (pk: string, sk: string, extra: Record<string, string> = {}): TransactWriteItem => ({
  Update: {
    TableName: table.tableName(),
    Key: { pk, sk },
    UpdateExpression: `SET entity = :entity${Object.keys(extra).map((name) => `, ${name} = :${name}`).join('')} ADD orders :one`,
    ExpressionAttributeValues: { ':entity': 'BasketCounter', ':one': 1, ...Object.fromEntries(Object.entries(extra).map(([name, value]) => [`:${name}`, value])) },
  },
});

/** The `ADD`s of one basket: a basket, each SKU, each ordered pair. */
export function basketUpdates(skus: readonly string[], shard: number): TransactWriteItem[] {
  const basket = basketPairs(skus);
  return [
    add(`BASKETS#${shard}`, 'TOTAL'),
    ...basket.skus.map((sku) => add(`PAIR#${sku}`, 'ORDERS', { sku })),
    ...basket.pairs.map(([sku, partner]) => add(`PAIR#${sku}`, `WITH#${partner}`, { sku, partner })),
  ];
}

/** The basket of a placed order, once per event id: `duplicate` when counted before. */
export async function recordBasket(eventId: string, skus: readonly string[], shard: number): Promise<'recorded' | 'duplicate' | 'contention'> {
  const outcome = await table.write([
    {
      Put: {
        TableName: table.tableName(),
        Item: { pk: `ANALYTICS_CONSUMED#${eventId}`, sk: 'BASKET', entity: 'AnalyticsEventConsumed', expiresAt: epochSecondsFromNow(7 * 24) },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...basketUpdates(skus, shard),
  ]);
  return outcome === 'written' ? 'recorded' : outcome === 'contention' ? 'contention' : 'duplicate';
}

interface Counter {
  readonly orders: number;
  readonly partner?: string;
}

/** All baskets counted: one GetItem per shard. */
export async function basketCount(): Promise<number> {
  const shards = await inBatches(Array.from({ length: MAX_COUNTER_SHARDS }, (_, shard) => shard), (shard) => table.getItem<Counter>({ pk: `BASKETS#${shard}`, sk: 'TOTAL' }), MAX_COUNTER_SHARDS);
  return shards.reduce((sum, item) => sum + (item?.orders ?? 0), 0);
}

/** Baskets with `sku`, and its partners with the baskets they share (one key Query of `PAIR#<sku>`). */
export async function pairsOf(sku: string): Promise<{ orders: number; partners: { partner: string; together: number }[] }> {
  const items = await allPages((page) => table.queryRange<Counter & { sk?: string }>(`PAIR#${sku}`, 'ORDERS', 'WITH#\uffff', page));
  return {
    orders: items.find((item) => item.partner === undefined)?.orders ?? 0,
    partners: items.flatMap((item) => (item.partner ? [{ partner: item.partner, together: item.orders }] : [])),
  };
}

/** Baskets with each of `skus` (a GetItem each). */
export async function ordersOf(skus: readonly string[]): Promise<Map<string, number>> {
  const counts = await inBatches(skus, (sku) => table.getItem<Counter>({ pk: `PAIR#${sku}`, sk: 'ORDERS' }));
  return new Map(skus.map((sku, i) => [sku, counts[i]?.orders ?? 0]));
}
