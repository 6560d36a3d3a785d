/**
 * Stock on the single table (keys: docs/data-model.md): one total record per SKU, created when its product
 * is first listed, and one record per warehouse holding it (stock-ledger.ts, which writes every movement
 * with its audit row). The inventory context owns them; the other contexts change them only through what
 * these modules build — a movement (`StockMovement`, decided by their domain) becomes conditional updates
 * written in the same transaction as the change that causes it, so stock moves exactly once however often
 * a step runs. Conditions compare counts, never compute them: `available` is stored for that.
 */
import type { DomainEventDraft } from '../domain/events';
import type { LowStockMark } from '../domain/inventory/low-stock';
import type { DailySales, SaleLine } from '../domain/inventory/sales';
import type { StockPolicy } from '../domain/inventory/policy-recompute';
import type { StockLevel } from '../domain/inventory/stock';
import type { MovementCause } from '../domain/inventory/warehouse-stock';
import { tableName } from './dynamo';
import { outboxPut, outboxPuts, stampEvent, type TransactWriteItem } from './outbox';
import { allPages, tableAccess as table, type PageRequest } from './table-access';
import { listSuppliersByStatus } from './suppliers-repository';
import type { Supplier } from '../domain/suppliers/supplier';
import { readSku, readWarehouses, skuChangeItems, totalKey, withValue, type SkuChange, type StoredTotal } from './stock-ledger';

/** The SKU's total record (`SKU#<sku>` / `STOCK`). */
export const stockKey = totalKey;
/** A low SKU's mark: a small item of its own in GSI3's sparse `STOCK_LOW` partition (the stock record itself is rewritten on every movement). */
const lowStockMarkKey = (sku: string) => ({ pk: `SKU#${sku}`, sk: 'LOW_STOCK' });
const STOCK_LOW = 'STOCK_LOW';

/** Creates the stock record of a newly listed SKU; a record that exists keeps its counts. */
export function stockCreate(stock: StockLevel): TransactWriteItem {
  return {
    Update: {
      TableName: tableName(),
      Key: stockKey(stock.sku),
      UpdateExpression:
        'SET entity = :entity, sku = :sku, productId = :productId, supplierId = :supplierId, gsi2pk = :gsi2pk, gsi2sk = :sku, ' +
        'onHand = if_not_exists(onHand, :zero), reserved = if_not_exists(reserved, :zero), available = if_not_exists(available, :zero), ' +
        'safetyStock = if_not_exists(safetyStock, :safetyStock), reorderPoint = if_not_exists(reorderPoint, :safetyStock), createdAt = if_not_exists(createdAt, :now), updatedAt = :now',
      ExpressionAttributeValues: {
        ':entity': 'StockLevel',
        ':sku': stock.sku,
        ':productId': stock.productId,
        ':supplierId': stock.supplierId,
        ':gsi2pk': `SUPPLIER_STOCK#${stock.supplierId}`,
        ':zero': 0,
        ':safetyStock': stock.safetyStock,
        ':now': stock.updatedAt,
      },
    },
  };
}

/** Marks the stock record of a SKU whose product was archived: never restocked again (stock-watch.ts). */
export function stockRetire(sku: string, at: string): TransactWriteItem {
  return {
    Update: {
      TableName: tableName(),
      Key: stockKey(sku),
      UpdateExpression: 'SET retiredAt = if_not_exists(retiredAt, :at), updatedAt = :at',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':at': at },
    },
  };
}

export function getStock(sku: string): Promise<StockLevel | undefined> {
  return table.getItem<StockLevel>(stockKey(sku));
}

/** How a stock adjustment came out: made, refused (it would take reserved units, or the creation guard was taken), or lost to another transaction. */
export type StockAdjustment = 'adjusted' | 'refused' | 'contention';

/**
 * Receives (delta > 0) or writes off (delta < 0) units at a warehouse, never below what is reserved there:
 * the warehouse's record, the total and the audit row of `cause` (stock-ledger.ts), with the event and
 * `alsoWrite` (the creation guard) in one transaction.
 */
export async function adjustStock(sku: string, warehouseId: string, delta: number, cause: MovementCause, now: Date, event: DomainEventDraft<object>, correlationId: string, alsoWrite: readonly TransactWriteItem[] = []): Promise<StockAdjustment> {
  return table.update<StoredTotal, StockAdjustment>(
    stockKey(sku),
    async (total) => {
      if (!total) return { result: 'refused' };
      const change = skuChangeItems(await readWarehouses(sku, total, [warehouseId]), [{ warehouseId, delta: { onHand: delta }, cause }], now);
      if ('refused' in change) return { result: 'refused' };
      const stock = withValue([change], cause.ref);
      return {
        result: 'adjusted',
        write: [...stock, outboxPut(stampEvent(event, correlationId)), ...alsoWrite],
        // A refused guard (after the stock and the event) is another run's: its answer stands. Else the stock changed: read again.
        onRefused: (items) => (items.some((index) => index > stock.length) ? 'refused' : undefined),
      };
    },
    { attempts: 3 },
  );
}

/* ---------- low stock (shared/domain/inventory/stock-watch.ts) ---------- */

/** How a low-stock mark write came out: made, or not needed any more (another write got there, or the stock moved on). */
export type MarkOutcome = 'written' | 'skipped';

const markOutcome = (outcome: Awaited<ReturnType<typeof table.write>>, sku: string): MarkOutcome => {
  // Lost to another transaction on the same stock: thrown, so the stream delivers the record again.
  if (outcome === 'contention') throw new Error(`stock of ${sku} changed while its low-stock mark was written`);
  return outcome === 'written' ? 'written' : 'skipped';
};

/**
 * Opens a low-stock episode: `lowSince` on the stock record and the mark in the sparse index, with its
 * events — only while the record is still low and unmarked, so an episode opens once.
 */
export async function openLowStock(mark: LowStockMark, events: readonly DomainEventDraft<object>[], correlationId: string): Promise<MarkOutcome> {
  const outcome = await table.write([
    {
      Update: {
        TableName: tableName(),
        Key: stockKey(mark.sku),
        UpdateExpression: 'SET lowSince = :since',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(lowSince) AND available <= :reorderPoint',
        ExpressionAttributeValues: { ':since': mark.openedAt, ':reorderPoint': mark.reorderPoint },
      },
    },
    {
      Put: {
        TableName: tableName(),
        Item: { ...lowStockMarkKey(mark.sku), entity: 'LowStockMark', gsi3pk: STOCK_LOW, gsi3sk: `${mark.openedAt}#${mark.sku}`, ...mark },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...outboxPuts(events, correlationId),
  ]);
  return markOutcome(outcome, mark.sku);
}

/** Closes the episode opened at `lowSince`, with its events — only while the record is above `reorderPoint`. */
export async function closeLowStock(sku: string, lowSince: string, reorderPoint: number, events: readonly DomainEventDraft<object>[], correlationId: string): Promise<MarkOutcome> {
  const outcome = await table.write([
    {
      Update: {
        TableName: tableName(),
        Key: stockKey(sku),
        UpdateExpression: 'REMOVE lowSince',
        ConditionExpression: 'lowSince = :since AND available > :reorderPoint',
        ExpressionAttributeValues: { ':since': lowSince, ':reorderPoint': reorderPoint },
      },
    },
    { Delete: { TableName: tableName(), Key: lowStockMarkKey(sku) } },
    ...outboxPuts(events, correlationId),
  ]);
  return markOutcome(outcome, sku);
}

/** The open low-stock marks, oldest episode first: a key query on the sparse index, as long as the low list, never the catalogue. */
export function lowStockMarks(page: PageRequest) {
  return table.query<LowStockMark & { readonly restockRequestedAt?: string }>('GSI3', STOCK_LOW, page);
}

/**
 * Records that the alert job alerted on a mark (and asked for its restock, with that event): once per
 * episode — the mark must still be the episode's and not alerted yet.
 */
export async function markAlerted(mark: LowStockMark, alertedAt: string, restock: DomainEventDraft<object> | undefined, correlationId: string): Promise<MarkOutcome> {
  const outcome = await table.write([
    {
      Update: {
        TableName: tableName(),
        Key: lowStockMarkKey(mark.sku),
        UpdateExpression: restock ? 'SET alertedAt = :at, restockRequestedAt = :at' : 'SET alertedAt = :at',
        ConditionExpression: 'openedAt = :openedAt AND attribute_not_exists(alertedAt)',
        ExpressionAttributeValues: { ':at': alertedAt, ':openedAt': mark.openedAt },
      },
    },
    ...(restock ? [outboxPut(stampEvent(restock, correlationId))] : []),
  ]);
  return markOutcome(outcome, mark.sku);
}

/** An event on its own (the alert job's consolidated alert), through the outbox. */
export async function publish(event: DomainEventDraft<object>, correlationId: string): Promise<void> {
  await table.write([outboxPut(stampEvent(event, correlationId))]);
}

/**
 * Goods accepted on a purchase order (or a return's restocked units) go on hand at the receiving warehouse (and
 * are available at once), with an audit row per line and the inventory's value raised at their unit costs, for the purchase order's own transaction: the receipt and the stock move together
 * or not at all. `'stock-missing'` when a SKU has no stock record.
 */
export async function receiveStockItems(lines: readonly { readonly sku: string; readonly quantity: number }[], warehouseId: string, cause: MovementCause, now: Date): Promise<TransactWriteItem[] | 'stock-missing'> {
  const reads = await Promise.all(lines.map((line) => readSku(line.sku, [warehouseId])));
  const changes: SkuChange[] = [];
  for (const [index, line] of lines.entries()) {
    const read = reads[index];
    const change = read && skuChangeItems(read, [{ warehouseId, delta: { onHand: line.quantity }, cause }], now);
    if (!change || 'refused' in change) return 'stock-missing';
    changes.push(change);
  }
  // The units received raise the value at each SKU's unit cost (one value item for all the lines).
  return withValue(changes, cause.ref);
}

/**
 * The stock record names the purchase order the restock workflow has open for it, so the low-stock job asks
 * for no second one; written in the order's creation transaction, refused while another order is open (a
 * restock asked for twice raises one order).
 */
export function purchaseOrderOpenedItem(sku: string, purchaseOrderId: string, now: Date): TransactWriteItem {
  return {
    Update: {
      TableName: tableName(),
      Key: stockKey(sku),
      UpdateExpression: 'SET openPurchaseOrderId = :purchaseOrderId, updatedAt = :now',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(openPurchaseOrderId)',
      ExpressionAttributeValues: { ':purchaseOrderId': purchaseOrderId, ':now': now.toISOString() },
    },
  };
}

/**
 * The order is finished (closed, rejected, cancelled): the SKU may be restocked again. A SKU has one open
 * order at a time (the low-stock job asks for no second), so the mark is this order's; not conditioned on
 * it, so that a finished order is never held open by the stock record.
 */
export function purchaseOrderEndedItem(sku: string, now: Date): TransactWriteItem {
  return {
    Update: {
      TableName: tableName(),
      Key: stockKey(sku),
      UpdateExpression: 'REMOVE openPurchaseOrderId SET updatedAt = :now',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':now': now.toISOString() },
    },
  };
}

/* ---------- sales history (shared/domain/inventory/sales.ts) ---------- */

const salesKey = (sku: string, day: string) => ({ pk: `SKU#${sku}`, sk: `SALES#${day}` });
/** Marks a shipped order as counted, so a redelivered `OrderShipped` counts once. */
const salesRecordedKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'SALES_RECORDED' });

/**
 * Adds a shipped order's lines to its day's counters, once per order: the order's marker and the
 * counters' atomic ADDs in one transaction (an order has at most 32 lines: 33 items).
 */
export async function recordSales(orderId: string, day: string, lines: readonly SaleLine[], correlationId: string): Promise<'recorded' | 'already-recorded'> {
  const outcome = await table.write([
    {
      Put: {
        TableName: tableName(),
        Item: { ...salesRecordedKey(orderId), entity: 'SalesRecorded', orderId, day, correlationId },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...lines.map(
      ({ sku, units, valueMinor }): TransactWriteItem => ({
        Update: {
          TableName: tableName(),
          Key: salesKey(sku, day),
          UpdateExpression: 'SET entity = :entity, sku = :sku, #day = :day ADD units :units, valueMinor :value',
          ExpressionAttributeNames: { '#day': 'day' },
          ExpressionAttributeValues: { ':entity': 'DailySales', ':sku': sku, ':day': day, ':units': units, ':value': valueMinor },
        },
      }),
    ),
  ]);
  // Lost to another transaction (a counter of the same SKU and day): thrown, so the event is delivered again.
  if (outcome === 'contention') throw new Error(`the sales counters of order ${orderId} changed while they were written`);
  return outcome === 'written' ? 'recorded' : 'already-recorded';
}

/** A SKU's daily sales from `fromDay` to `toDay` (inclusive), oldest first: one key Query, a page per 100 days. */
export function salesHistory(sku: string, fromDay: string, toDay: string): Promise<DailySales[]> {
  return allPages((page) => table.queryRange<DailySales>(`SKU#${sku}`, `SALES#${fromDay}`, `SALES#${toDay}`, page));
}

/* ---------- the nightly reorder policy (shared/domain/inventory/policy-recompute.ts) ---------- */

/** Suppliers whose products sell (a supplier on probation still sells; a suspended one's SKUs are not live). */
const LIVE_SUPPLIER_STATUSES = ['APPROVED', 'PROBATION'] as const;

/**
 * Every live SKU's stock record with its supplier, one supplier at a time: the suppliers by status (GSI1),
 * then each one's stock records (GSI2 `SUPPLIER_STOCK#<supplierId>`). Key queries only, never a scan.
 */
export async function* liveStock(): AsyncGenerator<{ readonly supplier: Supplier; readonly stocks: StockLevel[] }> {
  for (const status of LIVE_SUPPLIER_STATUSES) {
    for (const supplier of await allPages((page) => listSuppliersByStatus(status, page))) {
      yield { supplier, stocks: await allPages((page) => table.query<StockLevel>('GSI2', `SUPPLIER_STOCK#${supplier.supplierId}`, page)) };
    }
  }
}

/**
 * Writes a SKU's policy and what produced it. Only the policy's attributes change, never the counts, so a
 * movement at the same moment is unaffected; the stock watcher then judges the SKU against its new point.
 */
export async function savePolicy(sku: string, policy: StockPolicy): Promise<void> {
  await table.write([
    {
      Update: {
        TableName: tableName(),
        Key: stockKey(sku),
        UpdateExpression: 'SET reorderPoint = :reorderPoint, safetyStock = :safetyStock, forecast = :forecast, policy = :policy',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ':reorderPoint': policy.reorderPoint,
          ':safetyStock': policy.safetyStock,
          ':forecast': { dailyDemand: policy.forecast.dailyDemand, trendPerDay: policy.forecast.trendPerDay, sigmaDaily: policy.forecast.sigmaDaily },
          ':policy': policy,
        },
      },
    },
  ]);
}

/** One supplier's stock records (GSI2 `SUPPLIER_STOCK#<supplierId>`, paged): the nightly reorder policy's unit of work. */
export function supplierStock(supplierId: string): Promise<StockLevel[]> {
  return allPages((page) => table.query<StockLevel>('GSI2', `SUPPLIER_STOCK#${supplierId}`, page));
}

/** The live suppliers (approved, on probation), by GSI1 pages: the nightly reorder policy fans out one unit of work per supplier. */
export async function liveSuppliers(): Promise<Supplier[]> {
  return (await Promise.all(LIVE_SUPPLIER_STATUSES.map((status) => allPages((page) => listSuppliersByStatus(status, page))))).flat();
}
