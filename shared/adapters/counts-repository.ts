/**
 * Cycle counts on the single table (keys: docs/data-model.md): the day's count list — one item per SKU,
 * `COUNTS#<date>` / `SKU#<sku>`, listed by one Query on GSI1 `COUNTS#<date>` — the live SKUs it is planned
 * from (approved suppliers, then each one's stock by GSI2: key queries only), their sales value, and a
 * count written to the stock record with its audit record, its event and its list entry in one transaction.
 */
import type { DomainEventDraft } from '../domain/events';
import type { AbcClass, CountAudit, StockSnapshot } from '../domain/inventory/cycle-count';
import type { StockLevel } from '../domain/inventory/stock';
import { tableName } from './dynamo';
import { liveStock, salesHistory, stockKey } from './inventory-repository';
import { outboxPuts, type TransactWriteItem } from './outbox';
import { inBatches, tableAccess as table, type PageRequest } from './table-access';
import { addDays } from '../domain/inventory/sales';

export type CountOutcomeName = 'ADJUSTED' | 'MATCHED' | 'RECOUNT';

export interface CountListEntry {
  readonly sku: string;
  readonly date: string;
  readonly abcClass: AbcClass;
  readonly outcome?: CountOutcomeName;
  readonly countedBy?: string;
  readonly countedAt?: string;
}

const countListPartition = (date: string) => `COUNTS#${date}`;
const countListKey = (date: string, sku: string) => ({ pk: countListPartition(date), sk: `SKU#${sku}` });
/** The SKUs of every live supplier, in SKU order (inventoryRepository.liveStock: key queries only). */
export async function liveSkus(): Promise<string[]> {
  const skus: string[] = [];
  for await (const { stocks } of liveStock()) skus.push(...stocks.map((stock) => stock.sku));
  return skus.sort();
}

/**
 * The value (minor units) sold of `sku` in the `days` days up to and including `today`: the sum of
 * `valueMinor` over its sales history — the items `SKU#<sku>` / `SALES#<yyyy-mm-dd>` (with `units` and
 * `valueMinor`) the sales recorder writes per SKU and day, read by one key Query. A SKU without history is
 * worth 0 (class C).
 */
export async function salesValueOf(sku: string, days: number, today: string): Promise<number> {
  const sales = await salesHistory(sku, addDays(today, 1 - days), today);
  return sales.reduce((sum, day) => sum + day.valueMinor, 0);
}

/** `salesValueOf` for each of `skus`, ten SKUs at a time, as `classifyAbc` takes them. */
export function salesValuesOf(skus: readonly string[], days: number, today: string): Promise<{ sku: string; annualSalesValue: number }[]> {
  return inBatches(skus, async (sku) => ({ sku, annualSalesValue: await salesValueOf(sku, days, today) }));
}

/** Writes the day's list; an entry already there (a second run of the day) keeps what was counted. Answers how many were new. */
export async function writeCountList(date: string, entries: readonly { readonly sku: string; readonly abcClass: AbcClass }[], now: Date): Promise<number> {
  const outcomes = await inBatches(entries, (entry) =>
    table.write([
      {
        Put: {
          TableName: tableName(),
          Item: { ...countListKey(date, entry.sku), entity: 'CountListEntry', gsi1pk: countListPartition(date), gsi1sk: entry.sku, sku: entry.sku, date, abcClass: entry.abcClass, plannedAt: now.toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]),
  );
  return outcomes.filter((outcome) => outcome === 'written').length;
}

/** The planner's last run for `date` (`COUNTS#<date>` / `PLAN`, outside the listing index): when, and from how many live SKUs. */
export async function recordPlanRun(date: string, run: { readonly skus: number; readonly listed: number }, now: Date): Promise<void> {
  await table.write([{ Put: { TableName: tableName(), Item: { pk: countListPartition(date), sk: 'PLAN', entity: 'CountPlanRun', date, ...run, plannedAt: now.toISOString() } } }]);
}

/** A page of the day's list in SKU order: one Query on GSI1 `COUNTS#<date>`. */
export function countList(date: string, page: PageRequest) {
  return table.query<CountListEntry>('GSI1', countListPartition(date), page);
}

/** What a count of `skus` on `date` works with: the SKUs without a stock record, and each listed SKU's entry on that day's list. */
export async function countTargets(date: string, skus: readonly string[]): Promise<{ unknown: string[]; listed: Map<string, CountListEntry> }> {
  const found = await inBatches(skus, async (sku) => ({
    sku,
    stock: await table.getItem<StockLevel>(stockKey(sku)),
    entry: await table.getItem<CountListEntry>(countListKey(date, sku)),
  }));
  return {
    unknown: found.filter(({ stock }) => !stock).map(({ sku }) => sku),
    listed: new Map(found.flatMap(({ sku, entry }) => (entry ? [[sku, entry] as const] : []))),
  };
}

/** What a count decided for the stock as it was read (shared/domain/inventory/cycle-count.ts `evaluateCount`). */
export interface CountDecision {
  readonly outcome: CountOutcomeName;
  readonly variance: number;
  readonly reason: string;
  readonly audit?: CountAudit;
  readonly events: readonly DomainEventDraft<object>[];
}

export interface RecordedCount extends CountDecision {
  readonly before: StockSnapshot;
  readonly after: StockSnapshot;
}

const snapshot = (stock: StockLevel): StockSnapshot => ({ onHand: stock.onHand, reserved: stock.reserved, available: stock.available });

/**
 * Writes a count of `sku` in one transaction, conditional on the stock record still holding the on hand
 * and reserved units `decide` saw (read again and decided again when it changed): an adjustment sets on
 * hand and available, with its audit record `SKU#<sku>` / `AUDIT#<at>`; a recount leaves the record as it
 * is. The event goes through the outbox, and the day's list entry (when the SKU is on it) is marked.
 * `undefined` for a SKU without a stock record; `'contention'` when the stock kept changing.
 */
export function recordCount(
  sku: string,
  listEntry: CountListEntry | undefined,
  decide: (stock: StockLevel) => CountDecision,
  countedBy: string,
  note: string | undefined,
  now: Date,
  correlationId: string,
): Promise<RecordedCount | undefined | 'contention'> {
  return table.update<StockLevel, RecordedCount | undefined>(
    stockKey(sku),
    (stock) => {
      if (!stock) return { result: undefined };
      const decision = decide(stock);
      const after = decision.audit?.after ?? snapshot(stock);
      const unchanged = { ConditionExpression: 'onHand = :onHand AND reserved = :reserved', ExpressionAttributeValues: { ':onHand': stock.onHand, ':reserved': stock.reserved } };
      const stockItem: TransactWriteItem = decision.outcome === 'ADJUSTED'
        ? { Update: { TableName: tableName(), Key: stockKey(sku), UpdateExpression: 'SET onHand = :after, available = :available, updatedAt = :now', ...unchanged, ExpressionAttributeValues: { ...unchanged.ExpressionAttributeValues, ':after': after.onHand, ':available': after.available, ':now': now.toISOString() } } }
        : { ConditionCheck: { TableName: tableName(), Key: stockKey(sku), ...unchanged } };
      const auditItem: TransactWriteItem[] = decision.audit
        ? [{ Put: { TableName: tableName(), Item: { pk: `SKU#${sku}`, sk: `AUDIT#${decision.audit.at}`, entity: 'StockAudit', ...decision.audit, ...(note ? { note } : {}) }, ConditionExpression: 'attribute_not_exists(pk)' } }]
        : [];
      const listItem: TransactWriteItem[] = listEntry
        ? [{ Update: { TableName: tableName(), Key: countListKey(listEntry.date, sku), UpdateExpression: 'SET outcome = :outcome, countedBy = :by, countedAt = :now', ExpressionAttributeValues: { ':outcome': decision.outcome, ':by': countedBy, ':now': now.toISOString() } } }]
        : [];
      return {
        result: { ...decision, before: snapshot(stock), after },
        write: [stockItem, ...auditItem, ...outboxPuts(decision.events, correlationId), ...listItem],
      };
    },
    { attempts: 3 },
  );
}
