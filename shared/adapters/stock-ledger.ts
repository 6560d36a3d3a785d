/**
 * Stock per warehouse and the audit trail, on the single table (keys: docs/data-model.md). Every movement
 * of a SKU is written here in one transaction: the SKU's total (`SKU#<sku>` / `STOCK`, what the low-stock
 * watcher, the reorder policy and the alerts read), the record of each warehouse it changes
 * (`SKU#<sku>` / `STOCK#<warehouseId>`), and one immutable audit row per warehouse line
 * (`SKU#<sku>` / `AUDIT#<at>#<warehouseId>#<kind>#<ref>`, in no index).
 *
 * Exact before and after: each warehouse record is read, then written conditionally on still holding the
 * counts read (or on not existing), so the audit row's `before` is what the condition proved and its
 * `after` what was written; a record that changed meanwhile is read and decided again. An order's reserve,
 * release and ship are the exception: they are the hot path (a flash sale's orders race for one SKU), so they
 * add their delta to a placed warehouse record under a floor condition (never below zero available, reserved,
 * on hand), as to the total, and their audit row keeps the delta alone. Conditioned on exact counts, twenty
 * orders racing for one SKU refused each other until their steps gave up (measured: 41 of 60 bench orders failed). The total is
 * updated by the sum of its warehouses' changes (shared/domain/inventory/warehouse-stock.ts `totalDelta`),
 * never below zero available. Each movement that changes a total's on hand also moves the inventory's value at
 * cost (inventory-value.ts) by Δ on hand × the unit cost the total carries, in the same transaction, conditional on
 * that cost as read.
 */
import type { StockLevel } from '../domain/inventory/stock';
import type { StockMovement } from '../domain/inventory/stock-movement';
import {
  availableOf,
  deltaAudit,
  levelsBefore,
  moveLevels,
  movementAudit,
  orderMovementDelta,
  sumTotalDeltas,
  totalDelta,
  type LevelsDelta,
  type MovementAudit,
  type MovementCause,
  type MovementKind,
  type StockTransfer,
  transferInDelta,
  transferOutDeltas,
  type WarehouseLevels,
  type WarehouseStock,
} from '../domain/inventory/warehouse-stock';
import { stockTransferReceived, stockTransferSent } from '../domain/inventory/events';
import { revaluationOf, valueChangeOf, type ValueChange } from '../domain/inventory/inventory-value';
import type { Money } from '../domain/money';
import { tableName } from './dynamo';
import { valueItems } from './inventory-value';
import { outboxPut, stampEvent, type TransactWriteItem } from './outbox';
import { tableAccess as table, type PageRequest } from './table-access';

/** The total as stored: `placed` once a movement gave it a warehouse breakdown, `inTransit` units between warehouses. */
export type StoredTotal = StockLevel & { readonly placed?: boolean; readonly inTransit?: number };

export const totalKey = (sku: string) => ({ pk: `SKU#${sku}`, sk: 'STOCK' });
export const warehouseStockKey = (sku: string, warehouseId: string) => ({ pk: `SKU#${sku}`, sk: `STOCK#${warehouseId}` });
const auditKey = (audit: MovementAudit) => ({ pk: `SKU#${audit.sku}`, sk: `AUDIT#${audit.at}#${audit.warehouseId}#${audit.kind}#${audit.ref}` });

/** A SKU's total and the records of the warehouses a movement touches, as read. */
export interface SkuRead {
  readonly sku: string;
  readonly total: StoredTotal;
  readonly records: ReadonlyMap<string, WarehouseStock | undefined>;
}

/** A change of one warehouse's record; `cause` leaves its audit row (absent: no on-hand or reserved change, e.g. units announced in transit). */
export interface WarehouseChange {
  readonly warehouseId: string;
  readonly delta: LevelsDelta;
  readonly cause?: MovementCause;
}

export interface SkuChange {
  /** The total, the warehouse records and the audit rows; the transaction adds the value item of `value` (`withValue`). */
  readonly items: TransactWriteItem[];
  readonly audits: MovementAudit[];
  readonly after: ReadonlyMap<string, WarehouseLevels>;
  /** What the change of the total's on hand is worth at its unit cost (none without a cost, or when on hand stays). */
  readonly value?: ValueChange;
}

/** The records of `warehouseIds` beside a total already read (consistent reads). */
export async function readWarehouses(sku: string, total: StoredTotal, warehouseIds: readonly string[]): Promise<SkuRead> {
  const ids = [...new Set(warehouseIds)];
  const records = await Promise.all(ids.map((id) => table.getItem<WarehouseStock>(warehouseStockKey(sku, id))));
  return { sku, total, records: new Map(ids.map((id, index) => [id, records[index]])) };
}

/** A SKU's total and the records of `warehouseIds`; undefined when the SKU has no stock record. */
export async function readSku(sku: string, warehouseIds: readonly string[]): Promise<SkuRead | undefined> {
  const total = await table.getItem<StoredTotal>(totalKey(sku));
  return total ? readWarehouses(sku, total, warehouseIds) : undefined;
}

/** A SKU's total and every warehouse record it has (one key Query): what the quote and GET /inventory/{sku} show. */
export async function stockOfSku(sku: string): Promise<{ total?: StoredTotal; records: WarehouseStock[] }> {
  const [total, records] = await Promise.all([
    table.getItem<StoredTotal>(totalKey(sku)),
    table.queryRange<WarehouseStock>(`SKU#${sku}`, 'STOCK#', 'STOCK#\uffff', { limit: 100 }),
  ]);
  return { total, records: records.items };
}

/**
 * The items of `changes` to one SKU: the total's update, each warehouse's conditional Put and its audit row,
 * or `{ refused }` naming the first warehouse the change would take below zero (nothing to write).
 * `extraCondition` adds to the total's condition (a count: its on hand and reserved as evaluated).
 */
export function skuChangeItems(read: SkuRead, changes: readonly WarehouseChange[], now: Date, extraCondition?: { readonly expression: string; readonly values: Record<string, unknown> }): SkuChange | { readonly refused: string } {
  const { sku, total } = read;
  const items: TransactWriteItem[] = [];
  const audits: MovementAudit[] = [];
  const after = new Map<string, WarehouseLevels>();
  let refused: string | undefined;
  changes.forEach((change, index) => {
    if (refused) return;
    const record = read.records.get(change.warehouseId);
    // An unplaced total's units go to the first warehouse of its first movement.
    const placesHere = !total.placed && index === 0;
    const before = after.get(change.warehouseId) ?? levelsBefore(total, record, placesHere);
    const moved = moveLevels(before, change.delta);
    if (!moved) {
      refused = change.warehouseId;
      return;
    }
    after.set(change.warehouseId, moved);
    if (change.cause && (moved.onHand !== before.onHand || moved.reserved !== before.reserved || placesHere)) {
      audits.push(movementAudit(sku, change.warehouseId, change.cause, before, moved, now, placesHere));
    }
  });
  if (refused) return { refused };

  const delta = sumTotalDeltas(changes.map((change) => totalDelta(change.delta)));
  items.push(totalUpdate(read, delta, now, extraCondition));
  for (const [warehouseId, levels] of after) items.push(warehousePut(sku, warehouseId, read.records.get(warehouseId), levels, now));
  items.push(...audits.map(auditPut));
  return { items, audits, after, value: valueChangeOf(delta.onHand, read.total.unitCost) };
}

/**
 * The items of several SKUs' changes in one transaction, with one value item for all of them (a transaction
 * touches the value item once): receipts of several lines, an order's movement.
 */
export function withValue(changes: readonly Pick<SkuChange, 'items' | 'value'>[], ref: string): TransactWriteItem[] {
  return [...changes.flatMap((change) => change.items), ...valueItems(changes.map((change) => change.value), ref)];
}

/** An audit row, immutable: put once. */
export const auditPut = (audit: MovementAudit): TransactWriteItem => ({
  Put: { TableName: tableName(), Item: { ...auditKey(audit), entity: 'StockMovementAudit', ...audit }, ConditionExpression: 'attribute_not_exists(pk)' },
});

/** The levels a movement of `warehouseId` would start from, as read (an unplaced total's units count there). */
export const levelsAt = (read: SkuRead, warehouseId: string): WarehouseLevels => levelsBefore(read.total, read.records.get(warehouseId), true);

/** The total still carries the unit cost read (or still none). */
const costCondition = (cost: Money | undefined) => (cost ? 'unitCost.amount = :costAmount AND unitCost.currency = :costCurrency' : 'attribute_not_exists(unitCost)');
const costValues = (cost: Money | undefined) => (cost ? { ':costAmount': cost.amount, ':costCurrency': cost.currency } : {});

const totalUpdate = (read: SkuRead, delta: ReturnType<typeof totalDelta>, now: Date, extra?: { readonly expression: string; readonly values: Record<string, unknown> }): TransactWriteItem => {
  // A total not yet placed is placed by this write: exactly as read, so the units placed are the ones it holds.
  const placement = read.total.placed ? 'placed = :true' : 'attribute_not_exists(placed) AND onHand = :readOnHand AND reserved = :readReserved';
  const valued = delta.onHand !== 0;
  return {
    Update: {
      TableName: tableName(),
      Key: totalKey(read.sku),
      UpdateExpression:
        'SET onHand = onHand + :onHand, reserved = reserved + :reserved, available = available + :available, inTransit = if_not_exists(inTransit, :zero) + :inTransit, placed = :true, updatedAt = :now',
      // A change of on hand moves the value by Δ × the cost read: the cost must still be that one (revalued meanwhile: read again).
      ConditionExpression: `attribute_exists(pk) AND ${placement} AND available >= :floor${valued ? ` AND ${costCondition(read.total.unitCost)}` : ''}${extra ? ` AND ${extra.expression}` : ''}`,
      ExpressionAttributeValues: {
        ':onHand': delta.onHand,
        ':reserved': delta.reserved,
        ':available': delta.available,
        ':inTransit': delta.inTransit,
        ':zero': 0,
        ':true': true,
        ':floor': Math.max(0, -delta.available),
        ':now': now.toISOString(),
        ...(read.total.placed ? {} : { ':readOnHand': read.total.onHand, ':readReserved': read.total.reserved }),
        ...(valued ? costValues(read.total.unitCost) : {}),
        ...extra?.values,
      },
    },
  };
};

const warehousePut = (sku: string, warehouseId: string, read: WarehouseStock | undefined, levels: WarehouseLevels, now: Date): TransactWriteItem => ({
  Put: {
    TableName: tableName(),
    Item: { ...warehouseStockKey(sku, warehouseId), entity: 'WarehouseStock', sku, warehouseId, ...levels, available: availableOf(levels), updatedAt: now.toISOString() },
    ...(read
      ? {
          ConditionExpression: 'onHand = :onHand AND reserved = :reserved AND inTransitIn = :inTransitIn',
          ExpressionAttributeValues: { ':onHand': read.onHand, ':reserved': read.reserved, ':inTransitIn': read.inTransitIn ?? 0 },
        }
      : { ConditionExpression: 'attribute_not_exists(pk)' }),
  },
});

/* ---------- the unit cost the stock is valued at ---------- */

/** How setting a SKU's unit cost came out: set (and its on hand revalued), already that cost, no stock record, or contention. */
export type UnitCostChange = 'set' | 'unchanged' | 'unknown-sku' | 'contention';

/**
 * Sets the unit cost a SKU's stock is valued at (the catalog's, when its product is published; a backfill) and
 * revalues what is on hand by on hand × (new − old) in the same transaction, conditional on the on hand and the
 * cost read (a movement meanwhile: read again). Running it again finds the cost set: exactly once.
 */
export function setUnitCost(sku: string, unitCost: Money, now: Date): Promise<UnitCostChange> {
  return table.update<StoredTotal, UnitCostChange>(
    totalKey(sku),
    (total) => {
      if (!total) return { result: 'unknown-sku' };
      if (total.unitCost?.amount === unitCost.amount && total.unitCost.currency === unitCost.currency) return { result: 'unchanged' };
      const update: TransactWriteItem = {
        Update: {
          TableName: tableName(),
          Key: totalKey(sku),
          UpdateExpression: 'SET unitCost = :unitCost, updatedAt = :now',
          ConditionExpression: `onHand = :onHand AND ${costCondition(total.unitCost)}`,
          ExpressionAttributeValues: { ':unitCost': { amount: unitCost.amount, currency: unitCost.currency }, ':now': now.toISOString(), ':onHand': total.onHand, ...costValues(total.unitCost) },
        },
      };
      return { result: 'set', write: [update, ...valueItems(revaluationOf(total.onHand, total.unitCost, unitCost), `unit cost ${sku} ${now.toISOString()}`)] };
    },
    { attempts: 5 },
  );
}

/* ---------- an order's movement (in the order's own transaction) ---------- */

const ORDER_KINDS: Readonly<Record<StockMovement['movement'], MovementKind>> = { reserve: 'RESERVE', release: 'RELEASE', ship: 'SHIP' };

/** The order's lines merged per SKU (one total and one warehouse record per SKU in a transaction). */
const mergedLines = (movement: StockMovement) => {
  const bySku = new Map<string, number>();
  for (const line of movement.lines) bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + line.quantity);
  return [...bySku].map(([sku, quantity]) => ({ sku, quantity }));
};

/**
 * An order's movement as items for the order's transaction, from its warehouse's records read now:
 * `{ shortSkus }` when the warehouse cannot do it (a reservation short of available units; a SKU without
 * a stock record).
 */
export async function orderMovementItems(movement: StockMovement, orderId: string, now: Date): Promise<{ readonly items: TransactWriteItem[] } | { readonly shortSkus: string[] }> {
  const lines = mergedLines(movement);
  const reads = await Promise.all(lines.map((line) => readSku(line.sku, [movement.warehouseId])));
  const cause: MovementCause = { kind: ORDER_KINDS[movement.movement], actor: 'order-fulfilment', reason: `order ${orderId}`, ref: orderId };
  const changes: Pick<SkuChange, 'items' | 'value'>[] = [];
  const shortSkus: string[] = [];
  lines.forEach((line, index) => {
    const read = reads[index];
    const delta = orderMovementDelta(movement.movement, line.quantity);
    const record = read?.records.get(movement.warehouseId);
    // Short as read: nothing to write (a reservation short of available units; a SKU without a stock record).
    if (!read || !moveLevels(levelsAt(read, movement.warehouseId), delta)) shortSkus.push(line.sku);
    else if (read.total.placed && record) changes.push(commutativeItems(read, movement.warehouseId, delta, cause, now));
    else {
      // The SKU's first movement places its units in this warehouse: exact, as every placement.
      const change = skuChangeItems(read, [{ warehouseId: movement.warehouseId, delta, cause }], now);
      if ('refused' in change) shortSkus.push(line.sku);
      else changes.push(change);
    }
  });
  // A shipment lowers the value (at each SKU's unit cost): one value item for the order's lines.
  return shortSkus.length > 0 ? { shortSkus } : { items: withValue(changes, orderId) };
}

/**
 * An order's movement of a placed warehouse record: the total and the record each add the delta under a floor
 * (a refusal means the stock moved below it since read: the caller reads and decides again), and the audit row
 * keeps the delta.
 */
function commutativeItems(read: SkuRead, warehouseId: string, delta: LevelsDelta, cause: MovementCause, now: Date): Pick<SkuChange, 'items' | 'value'> {
  const onHand = delta.onHand ?? 0;
  const reserved = delta.reserved ?? 0;
  const available = onHand - reserved;
  const items: TransactWriteItem[] = [
    totalUpdate(read, totalDelta(delta), now),
    {
      Update: {
        TableName: tableName(),
        Key: warehouseStockKey(read.sku, warehouseId),
        UpdateExpression: 'SET onHand = onHand + :onHand, reserved = reserved + :reserved, available = available + :available, updatedAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND onHand >= :onHandFloor AND reserved >= :reservedFloor AND available >= :availableFloor',
        ExpressionAttributeValues: {
          ':onHand': onHand,
          ':reserved': reserved,
          ':available': available,
          ':onHandFloor': Math.max(0, -onHand),
          ':reservedFloor': Math.max(0, -reserved),
          ':availableFloor': Math.max(0, -available),
          ':now': now.toISOString(),
        },
      },
    },
    auditPut(deltaAudit(read.sku, warehouseId, cause, delta, now)),
  ];
  return { items, value: valueChangeOf(totalDelta(delta).onHand, read.total.unitCost) };
}

/* ---------- the audit trail ---------- */

/** A SKU's audit rows, newest first: one key Query (`AUDIT#` sort keys), paged. */
export function movements(sku: string, page: PageRequest) {
  return table.queryRange<MovementAudit>(`SKU#${sku}`, 'AUDIT#', 'AUDIT#\uffff', page, { newestFirst: true });
}

/* ---------- transfers between warehouses ---------- */

const transferKey = (transferId: string) => ({ pk: `TRANSFER#${transferId}`, sk: 'TRANSFER' });

export function getTransfer(transferId: string): Promise<StockTransfer | undefined> {
  return table.getItem<StockTransfer>(transferKey(transferId));
}

/** How sending a transfer came out: sent, the SKU has no stock, fewer units available at `from` (how many), refused (its guard is another run's), or contention. */
export type TransferStart = 'started' | 'unknown-sku' | { readonly available: number } | 'refused' | 'contention';

/**
 * The transfer's first leg: out of `from` (on hand and available drop) and into `to`'s units in transit,
 * the total's available drops and its on hand stays; the transfer item, the audit row, `StockTransferSent`
 * and `alsoWrite` (the creation guard) in the same transaction.
 */
export function startTransfer(transfer: StockTransfer, now: Date, correlationId: string, alsoWrite: readonly TransactWriteItem[] = []): Promise<TransferStart> {
  return table.update<StoredTotal, TransferStart>(
    totalKey(transfer.sku),
    async (total) => {
      if (!total) return { result: 'unknown-sku' };
      const read = await readWarehouses(transfer.sku, total, [transfer.from, transfer.to]);
      const cause: MovementCause = { kind: 'TRANSFER_OUT', actor: transfer.requestedBy, reason: `transfer to ${transfer.to}: ${transfer.reason}`, ref: transfer.transferId };
      const [out, into] = transferOutDeltas(transfer);
      const change = skuChangeItems(read, [{ ...out!, cause }, into!], now);
      if ('refused' in change) return { result: { available: total.placed ? (read.records.get(transfer.from)?.available ?? 0) : total.available } };
      return {
        result: 'started',
        write: [
          ...change.items,
          { Put: { TableName: tableName(), Item: { ...transferKey(transfer.transferId), entity: 'StockTransfer', ...transfer }, ConditionExpression: 'attribute_not_exists(pk)' } },
          outboxPut(stampEvent(stockTransferSent(transfer), correlationId)),
          ...alsoWrite,
        ],
        onRefused: (items) => (items.some((index) => index >= change.items.length) ? 'refused' : undefined),
      };
    },
    { attempts: 3 },
  );
}

/** How receiving a transfer came out: received (the transfer as it is now), unknown, received before, or contention. */
export type TransferReceipt = { readonly received: StockTransfer } | 'not-found' | 'already-received' | 'contention';

/** The second leg: the units in transit go on hand (and available) at `to`, and the transfer is RECEIVED with `StockTransferReceived`, once. */
export async function receiveTransfer(transferId: string, by: string, now: Date, correlationId: string): Promise<TransferReceipt> {
  const transfer = await getTransfer(transferId);
  if (!transfer) return 'not-found';
  if (transfer.status !== 'IN_TRANSIT') return 'already-received';
  const received: StockTransfer = { ...transfer, status: 'RECEIVED', receivedBy: by, receivedAt: now.toISOString() };
  return table.update<StoredTotal, TransferReceipt>(
    totalKey(transfer.sku),
    async (total) => {
      if (!total) return { result: 'not-found' };
      const read = await readWarehouses(transfer.sku, total, [transfer.to]);
      const cause: MovementCause = { kind: 'TRANSFER_IN', actor: by, reason: `transfer from ${transfer.from}: ${transfer.reason}`, ref: transfer.transferId };
      const change = skuChangeItems(read, [{ ...transferInDelta(transfer), cause }], now);
      // Fewer units in transit than the transfer: it was received already (its first leg is in every record).
      if ('refused' in change) return { result: 'already-received' };
      return {
        result: { received },
        write: [
          ...change.items,
          {
            Update: {
              TableName: tableName(),
              Key: transferKey(transferId),
              UpdateExpression: 'SET #status = :received, receivedBy = :by, receivedAt = :at',
              ConditionExpression: '#status = :inTransit',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':received': 'RECEIVED', ':inTransit': 'IN_TRANSIT', ':by': by, ':at': received.receivedAt },
            },
          },
          outboxPut(stampEvent(stockTransferReceived(received), correlationId)),
        ],
        onRefused: (items) => (items.includes(change.items.length) ? 'already-received' : undefined),
      };
    },
    { attempts: 3 },
  );
}
