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
import { auditPut, levelsAt, readWarehouses, skuChangeItems, warehouseStockKey, withValue, type SkuRead, type StoredTotal } from './stock-ledger';
import { movementAudit, type MovementCause } from '../domain/inventory/warehouse-stock';
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

/** What a count covers: one warehouse's shelves, or the whole SKU's (its variance booked at `warehouseId`, the default one). */
export interface CountScope {
  readonly warehouseId: string;
  readonly wholeSku: boolean;
}

/**
 * Writes a count of `sku` in one transaction, conditional on the SKU's total still holding the on hand and
 * reserved units `decide` saw (read again and decided again when it changed). A count of one warehouse is judged
 * against that warehouse's record (and, when it leaves it as it is, checks that record too); a count of the whole
 * SKU against its shelves (on hand less the units in transit between warehouses), its variance booked at
 * `warehouseId` (the store's default warehouse). An adjustment goes through the stock ledger — that warehouse's record, the
 * total and the audit row `SKU#<sku>` / `AUDIT#…#COUNT#…` — a match leaves its audit row; a recount leaves
 * the records as they are. The event goes through the outbox, and the day's list entry (when the SKU is on
 * it) is marked. `undefined` for a SKU without a stock record, or a variance the warehouse cannot absorb;
 * `'contention'` when the stock kept changing.
 */
export function recordCount(
  sku: string,
  { warehouseId, wholeSku }: CountScope,
  listEntry: CountListEntry | undefined,
  decide: (stock: StockLevel) => CountDecision,
  countedBy: string,
  note: string | undefined,
  now: Date,
  correlationId: string,
): Promise<RecordedCount | undefined | 'contention'> {
  return table.update<StoredTotal, RecordedCount | undefined>(
    stockKey(sku),
    async (total) => {
      if (!total) return { result: undefined };
      const read = await readWarehouses(sku, total, [warehouseId]);
      const atWarehouse = levelsAt(read, warehouseId);
      // The shelves hold what is on hand but not on its way between warehouses (a warehouse's own units in transit are not on hand).
      const shelf = wholeSku
        ? { ...total, onHand: total.onHand - (total.inTransit ?? 0) }
        : { ...total, onHand: atWarehouse.onHand, reserved: atWarehouse.reserved, available: atWarehouse.onHand - atWarehouse.reserved };
      const decision = decide(shelf);
      const after = decision.audit?.after ?? snapshot(shelf);
      // As counted: the on hand, the reserved and the units in transit (a transfer received meanwhile changes the shelves, not the on hand).
      const unchanged = {
        expression: 'onHand = :countedOnHand AND reserved = :countedReserved AND (attribute_not_exists(inTransit) OR inTransit = :countedInTransit)',
        values: { ':countedOnHand': total.onHand, ':countedReserved': total.reserved, ':countedInTransit': total.inTransit ?? 0 },
      };
      const cause: MovementCause = { kind: 'COUNT', actor: countedBy, reason: note ? `${decision.reason}: ${note}` : decision.reason, ref: `count ${listEntry?.date ?? now.toISOString().slice(0, 10)}` };
      let stockItems: TransactWriteItem[];
      if (decision.outcome === 'ADJUSTED') {
        const change = skuChangeItems(read, [{ warehouseId, delta: { onHand: decision.variance }, cause }], now, unchanged);
        if ('refused' in change) return { result: undefined };
        // A variance moves the value too (at the SKU's unit cost).
        stockItems = withValue([change], cause.ref);
      } else {
        const checks = [
          { ConditionCheck: { TableName: tableName(), Key: stockKey(sku), ConditionExpression: unchanged.expression, ExpressionAttributeValues: unchanged.values } },
          ...(wholeSku ? [] : [warehouseUnchanged(sku, warehouseId, read)]),
        ];
        stockItems = decision.audit ? [...checks, auditPut(movementAudit(sku, warehouseId, cause, atWarehouse, atWarehouse, now))] : checks;
      }
      const listItem: TransactWriteItem[] = listEntry
        ? [{ Update: { TableName: tableName(), Key: countListKey(listEntry.date, sku), UpdateExpression: 'SET outcome = :outcome, countedBy = :by, countedAt = :now', ExpressionAttributeValues: { ':outcome': decision.outcome, ':by': countedBy, ':now': now.toISOString() } } }]
        : [];
      return {
        result: { ...decision, before: snapshot(shelf), after },
        write: [...stockItems, ...outboxPuts(decision.events, correlationId), ...listItem],
      };
    },
    { attempts: 3 },
  );
}

/** A warehouse's record is as the count read it (or still absent): a transfer received there meanwhile changes it. */
const warehouseUnchanged = (sku: string, warehouseId: string, read: SkuRead): TransactWriteItem => {
  const record = read.records.get(warehouseId);
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: warehouseStockKey(sku, warehouseId),
      ...(record
        ? {
            ConditionExpression: 'onHand = :onHand AND reserved = :reserved AND inTransitIn = :inTransitIn',
            ExpressionAttributeValues: { ':onHand': record.onHand, ':reserved': record.reserved, ':inTransitIn': record.inTransitIn ?? 0 },
          }
        : { ConditionExpression: 'attribute_not_exists(pk)' }),
    },
  };
};
