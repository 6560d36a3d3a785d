/**
 * The nightly KPI job's reads and writes: one day's counter items (every shard, key queries), the KPI cards
 * (`KPI#<date>`), their per-SKU and per-category items and the day's insights, the stock facts of the day's
 * SKUs, and the operator's insight rules. Never a scan: each read is a GetItem or a Query on a key.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Counters, DayCounters } from '../domain/analytics/counters';
import { sumDayCounters } from '../domain/analytics/counters';
import type { CategoryKpis, KpiCard, KpiContext, SkuKpis } from '../domain/analytics/kpis';
import type { KpiAnomaly } from '../domain/analytics/anomalies';
import type { Insight, InsightRule } from '../domain/analytics/insights';
import type { DayFigures, UpliftScope } from '../domain/promotions/uplift';
import { MAX_COUNTER_SHARDS } from '../domain/analytics/settings';
import { canonicalJson } from '../domain/canonical-json';
import type { DomainEventDraft } from '../domain/events';
import { documentClient } from './dynamo';
import * as inventoryRepository from './inventory-repository';
import { outboxPuts, type TransactWriteItem } from './outbox';
import { allPages, inBatches, tableAccess as table, type PageRequest } from './table-access';

/** A card as stored: the KPIs and the anomalies it raised. */
export interface StoredCard extends KpiCard {
  readonly anomalies: readonly KpiAnomaly[];
  /** Written by a backfill (nightly-kpi `backfill: true`), which raises no events; absent otherwise. */
  readonly backfilled?: boolean;
}

const cardKey = (date: string) => ({ pk: `KPI#${date}`, sk: 'CARD' });
const insightsKey = (date: string) => ({ pk: `KPI#${date}`, sk: 'INSIGHTS' });
const RULES_PARTITION = 'ANALYTICS#SETTINGS';
const ruleKey = (id: string) => ({ pk: RULES_PARTITION, sk: `INSIGHT_RULE#${id}` });

/** Every counter item of `day`: one key Query per shard (`DAY#<day>#<shard>`), summed. O(the day's dimensions), whatever the history. */
export async function dayCounters(day: string): Promise<DayCounters> {
  const shards = await inBatches(
    Array.from({ length: MAX_COUNTER_SHARDS }, (_, shard) => shard),
    (shard) => allPages((page) => table.queryRange<Record<string, unknown>>(`DAY#${day}#${shard}`, 'A', 'Z\uffff', page), 500),
    MAX_COUNTER_SHARDS,
  );
  return sumDayCounters(
    day,
    shards.flat().map(({ dimension, day: _day, ...counters }) => ({ dimension: String(dimension), counters: numbersOf(counters) })),
  );
}

const numbersOf = (item: Record<string, unknown>): Counters =>
  Object.fromEntries(Object.entries(item).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));

export const getCard = (date: string) => table.getItem<StoredCard>(cardKey(date));

/** Cards from `from` to `to` (inclusive), oldest first: GSI1 `KPI_CARDS`, a page at a time. */
export function kpiCards(from: string, to: string, page: PageRequest) {
  return table.query<StoredCard>('GSI1', 'KPI_CARDS', page, { sortKeyBetween: [from, to] });
}

export const allKpiCards = (from: string, to: string) => allPages((page) => kpiCards(from, to, page));

export async function daySkus(date: string): Promise<Record<string, unknown>[]> {
  return allPages((page) => table.queryRange<Record<string, unknown>>(`KPI#${date}`, 'SKU#', 'SKU#\uffff', page));
}

export async function dayCategories(date: string): Promise<Record<string, unknown>[]> {
  return allPages((page) => table.queryRange<Record<string, unknown>>(`KPI#${date}`, 'CATEGORY#', 'CATEGORY#\uffff', page));
}

export async function dayInsights(date: string): Promise<readonly Insight[] | undefined> {
  return (await table.getItem<{ items: Insight[] }>(insightsKey(date)))?.items;
}

/** What inventory knows of the SKUs active that day: available units, forecast demand and lead time (its nightly policy). */
export async function stockFacts(skus: readonly string[]): Promise<KpiContext['stock']> {
  const stocks = await inBatches(skus, (sku) => inventoryRepository.getStock(sku));
  const facts = new Map<string, { available: number; dailyDemand?: number; leadTimeDays?: number }>();
  for (const stock of stocks) {
    if (!stock) continue;
    facts.set(stock.sku, { available: stock.available, dailyDemand: stock.policy?.forecast.dailyDemand, leadTimeDays: stock.policy?.leadTime.leadTimeDays });
  }
  return facts;
}

export async function insightRules(): Promise<InsightRule[]> {
  return allPages((page) => table.queryRange<InsightRule>(RULES_PARTITION, 'INSIGHT_RULE#', 'INSIGHT_RULE#\uffff', page));
}

export async function putInsightRule(rule: InsightRule, by: string, at: Date): Promise<void> {
  await table.write([{ Put: { TableName: table.tableName(), Item: { ...ruleKey(rule.id), entity: 'InsightRule', ...rule, updatedBy: by, updatedAt: at.toISOString() } } }]);
}

export interface DayResult {
  readonly card: StoredCard;
  readonly skus: readonly SkuKpis[];
  readonly categories: readonly CategoryKpis[];
  readonly insights: readonly Insight[];
}

/** Plain puts, 25 at a time (a recompute rewrites the same items: idempotent without conditions). */
export async function putAll(items: readonly Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < items.length; start += 25) {
    let requests: Record<string, unknown>[] = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
      const { UnprocessedItems } = await documentClient.send(new BatchWriteCommand({ RequestItems: { [table.tableName()]: requests as never } }));
      requests = (UnprocessedItems?.[table.tableName()] ?? []) as Record<string, unknown>[];
    }
  }
}

/**
 * Saves a computed day. The per-SKU and per-category items are plain puts; the card and the insights go in one
 * transaction with the events (`KpiAnomaly`, the digest) — only when the card is new or changed, and only the
 * anomalies the stored card had not raised yet. So running the job twice writes the same items and raises nothing twice.
 */
export async function saveDay(day: DayResult, events: (previous: StoredCard | undefined) => DomainEventDraft<object>[], correlationId: string): Promise<'written' | 'unchanged'> {
  const date = day.card.date;
  await putAll([
    ...day.skus.map((sku) => ({ pk: `KPI#${date}`, sk: `SKU#${sku.sku}`, entity: 'SkuKpis', date, ...sku })),
    ...day.categories.map((category) => ({ pk: `KPI#${date}`, sk: `CATEGORY#${category.categoryId}`, entity: 'CategoryKpis', date, ...category })),
  ]);
  const previous = await getCard(date);
  const storedInsights = await dayInsights(date);
  if (previous && canonicalJson(previous) === canonicalJson(day.card) && canonicalJson(storedInsights) === canonicalJson(day.insights)) return 'unchanged';
  const items: TransactWriteItem[] = [
    { Put: { TableName: table.tableName(), Item: { ...cardKey(date), entity: 'KpiCard', gsi1pk: 'KPI_CARDS', gsi1sk: date, ...day.card } } },
    { Put: { TableName: table.tableName(), Item: { ...insightsKey(date), entity: 'KpiInsights', date, items: day.insights } } },
    ...outboxPuts(events(previous), correlationId),
  ];
  const outcome = await table.write(items);
  if (outcome !== 'written') throw new Error(`the KPI card of ${date} was not written (${JSON.stringify(outcome)})`);
  return 'written';
}

/* ---------- a campaign's days, for promotions' uplift report ---------- */

/** Ids measured per scope at most: a report's reads stay a few hundred GetItems. */
export const MAX_UPLIFT_IDS = 25;

/**
 * What the nightly job kept for `dates` about a scope (shared/domain/promotions/uplift.ts): per day the sum over the
 * SKUs' or categories' KPI items, or the day's card for the whole store. A day without any is left out.
 */
export async function dayFigures(scope: UpliftScope, dates: readonly string[]): Promise<DayFigures[]> {
  if (scope.kind === 'STORE') {
    const cards = await inBatches(dates, (date) => table.getItem<KpiCard>({ pk: `KPI#${date}`, sk: 'CARD' }), 25);
    return cards.flatMap((card, at) => (card ? [{ date: dates[at]!, revenueMinor: card.sales.revenueMinor, units: card.sales.units, views: card.traffic.sessions, orders: card.sales.orders }] : []));
  }
  const prefix = scope.kind === 'SKUS' ? 'SKU' : 'CATEGORY';
  const ids = scope.ids.slice(0, MAX_UPLIFT_IDS);
  const keys = dates.flatMap((date) => ids.map((id) => ({ date, key: { pk: `KPI#${date}`, sk: `${prefix}#${id}` } })));
  const items = await inBatches(keys, ({ key }) => table.getItem<Partial<SkuKpis & CategoryKpis>>(key), 25);
  const byDate = new Map<string, DayFigures>();
  items.forEach((item, at) => {
    if (!item) return;
    const date = keys[at]!.date;
    const day = byDate.get(date) ?? { date, revenueMinor: 0, units: 0, views: 0, orders: scope.kind === 'SKUS' ? 0 : null };
    byDate.set(date, {
      date,
      revenueMinor: day.revenueMinor + (item.revenueMinor ?? 0),
      units: day.units + (item.units ?? 0),
      views: day.views + (item.views ?? 0),
      orders: day.orders === null ? null : day.orders + (item.orders ?? 0),
    });
  });
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}
