/**
 * Purchase orders on the single table (keys: docs/data-model.md). A purchase order is written whole,
 * conditionally on the version and status it was read at, with its events (outbox) and what it causes in
 * the same transaction: units received go on hand (inventory-repository's receipt items), a rejected lot
 * leaves a quality incident against the supplier. No scans: a GetItem, or a Query of GSI1 by status.
 */
import { conflict, found } from '../domain/errors';
import type { DomainEventDraft } from '../domain/events';
import { leadTimeObserved, type DeliveryPerformance, type LeadTimeObservation, type PurchaseOrder, type PurchaseOrderStatus } from '../domain/inventory/purchase-order';
import { unitsOnOrder, type QualityIncident } from '../domain/inventory/restock';
import { tableName } from './dynamo';
import { getStock, purchaseOrderEndedItem, purchaseOrderOpenedItem, receiveStockItems } from './inventory-repository';
import { outboxPuts, type TransactWriteItem } from './outbox';
import { listWarehouses } from './orders-repository';
import { defaultWarehouseId, type MovementCause } from '../domain/inventory/warehouse-stock';
import { allPages, tableAccess as table, type Decision, type PageRequest } from './table-access';

/** What only the workflow and storage need beside the order itself. */
export interface PurchaseOrderWorkflowFields {
  /** The restock execution that raised it (its creation guard's key). */
  readonly executionName?: string;
  /** Task token of the step waiting for an operator's decision. */
  readonly approvalToken?: string;
  /** Task token of the step waiting for goods. */
  readonly receiptToken?: string;
  /** The approval deadline: after it the order is cancelled (APPROVAL_TIMED_OUT). */
  readonly decideBy?: string;
  readonly reminderSentAt?: string;
  /** Recorded when the order is closed, for the weekly supplier scorecard. */
  readonly performance?: DeliveryPerformance;
}

export interface StoredPurchaseOrder extends PurchaseOrder, PurchaseOrderWorkflowFields {
  readonly version: number;
}

/** What a step or route changes: the next order (absent: as read), its events, workflow fields, what it causes. */
export interface PurchaseOrderChange {
  readonly next?: PurchaseOrder;
  readonly events?: readonly DomainEventDraft<object>[];
  readonly set?: Partial<Omit<PurchaseOrderWorkflowFields, 'executionName'>>;
  /** Task tokens this change uses up: a token answers one wait only. */
  readonly clear?: readonly ('approvalToken' | 'receiptToken')[];
  /** Units accepted into stock by this change, in the same transaction. */
  readonly received?: readonly { readonly sku: string; readonly quantity: number }[];
  readonly incidents?: readonly QualityIncident[];
}

export interface PurchaseOrderUpdated<D> {
  readonly read: StoredPurchaseOrder;
  readonly order: StoredPurchaseOrder;
  readonly change: D;
}

const STEP_ATTEMPTS = 3;

/** Finished orders: the SKU's stock record stops naming them as open. */
const ENDED: readonly PurchaseOrderStatus[] = ['CLOSED', 'REJECTED', 'CANCELLED'];

const purchaseOrderKey = (purchaseOrderId: string) => ({ pk: `PURCHASE_ORDER#${purchaseOrderId}`, sk: 'PURCHASE_ORDER' });
const restockGuardKey = (executionName: string) => ({ pk: `RESTOCK#${executionName}`, sk: 'RESTOCK' });
const byStatus = (status: PurchaseOrderStatus) => `PURCHASE_ORDERS#${status}`;

/** A supplier's orders by due date, for its weekly scorecard: sparse, an order joins once sent (it has a due date). */
const dueBySupplier = (supplierId: string) => `SUPPLIER_PO#${supplierId}`;

export const purchaseOrderItem = (order: StoredPurchaseOrder) => ({
  ...purchaseOrderKey(order.purchaseOrderId),
  entity: 'PurchaseOrder',
  gsi1pk: byStatus(order.status),
  gsi1sk: `${order.createdAt}#${order.purchaseOrderId}`,
  ...(order.expectedBy ? { gsi2pk: dueBySupplier(order.supplierId), gsi2sk: `${order.expectedBy}#${order.purchaseOrderId}` } : {}),
  ...order,
});

const incidentPut = (incident: QualityIncident): TransactWriteItem => ({
  Put: {
    TableName: tableName(),
    Item: {
      pk: `PURCHASE_ORDER#${incident.purchaseOrderId}`,
      sk: `QUALITY_INCIDENT#${incident.receiptId}#${incident.sku}`,
      entity: 'QualityIncident',
      gsi2pk: `SUPPLIER_QUALITY_INCIDENTS#${incident.supplierId}`,
      gsi2sk: `${incident.recordedAt}#${incident.purchaseOrderId}#${incident.sku}`,
      ...incident,
    },
  },
});

/** A supplier's delivered lead times, one item per completed order, in the order of their receipt. */
const leadTimesPartition = (supplierId: string) => `SUPPLIER_LEAD_TIMES#${supplierId}`;

const leadTimePut = (observation: LeadTimeObservation): TransactWriteItem => ({
  Put: {
    TableName: tableName(),
    Item: { pk: leadTimesPartition(observation.supplierId), sk: `${observation.receivedAt}#${observation.purchaseOrderId}`, entity: 'LeadTimeObservation', ...observation },
  },
});

const storedAfter = (read: StoredPurchaseOrder, change: PurchaseOrderChange): StoredPurchaseOrder => {
  const stored: Record<string, unknown> = { ...read, ...(change.next ?? {}), ...change.set, version: read.version + 1 };
  for (const field of change.clear ?? []) delete stored[field];
  return stored as unknown as StoredPurchaseOrder;
};

const changesSomething = (read: StoredPurchaseOrder, change: PurchaseOrderChange) =>
  (change.next !== undefined && change.next !== read) || (change.events?.length ?? 0) > 0 || Object.keys(change.set ?? {}).length > 0 || (change.clear ?? []).some((field) => read[field] !== undefined);

export function getPurchaseOrder(purchaseOrderId: string): Promise<StoredPurchaseOrder | undefined> {
  return table.getItem<StoredPurchaseOrder>(purchaseOrderKey(purchaseOrderId));
}

export async function requirePurchaseOrder(purchaseOrderId: string): Promise<StoredPurchaseOrder> {
  return found(await getPurchaseOrder(purchaseOrderId), 'PurchaseOrder', purchaseOrderId);
}

/** The purchase order the restock execution `executionName` raised, if it raised one. */
export async function purchaseOrderOfExecution(executionName: string): Promise<StoredPurchaseOrder | undefined> {
  const guard = await table.getItem<{ purchaseOrderId: string }>(restockGuardKey(executionName));
  return guard ? getPurchaseOrder(guard.purchaseOrderId) : undefined;
}

/** A restock's order: the one this execution created (now or on an earlier run), or the SKU's order already open. */
export type PurchaseOrderCreation = { readonly order: StoredPurchaseOrder } | { readonly alreadyOpen: string };

/**
 * A new purchase order, once per restock execution: its guard (keyed by the execution's name), the order,
 * the SKU's open-order mark and the events in one transaction. A second run finds the guard and answers the
 * order the first created; a SKU that has an order open already (a restock asked for twice) gets no second.
 */
export async function createPurchaseOrderOnce(
  executionName: string,
  order: PurchaseOrder,
  events: readonly DomainEventDraft<object>[],
  correlationId: string,
): Promise<PurchaseOrderCreation> {
  const existing = await purchaseOrderOfExecution(executionName);
  if (existing) return { order: existing };
  const stored: StoredPurchaseOrder = { ...order, executionName, version: 1 };
  const outcome = await table.write([
    {
      Put: {
        TableName: tableName(),
        Item: { ...restockGuardKey(executionName), entity: 'RestockGuard', purchaseOrderId: order.purchaseOrderId, createdAt: order.createdAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName: tableName(), Item: purchaseOrderItem(stored), ConditionExpression: 'attribute_not_exists(pk)' } },
    ...order.lines.map((line) => purchaseOrderOpenedItem(line.sku, order.purchaseOrderId, new Date(order.createdAt))),
    ...outboxPuts(events, correlationId),
  ]);
  if (outcome === 'written') return { order: stored };
  // Another run of the same step won the guard: its order is the one. Else the SKU has another order open.
  const winner = await purchaseOrderOfExecution(executionName);
  if (winner) return { order: winner };
  const open = (await Promise.all(order.lines.map((line) => getStock(line.sku)))).find((stock) => stock?.openPurchaseOrderId)?.openPurchaseOrderId;
  if (open) return { alreadyOpen: open };
  throw conflict('PurchaseOrderNotCreated', `Restock ${executionName} could not create its purchase order; try again`);
}

/** Goods go on hand by the warehouse user who received them, under the receipt (audit rows, stock-ledger.ts). */
const receiptCause = (order: StoredPurchaseOrder): MovementCause => {
  const receipt = order.receipts.at(-1);
  return { kind: 'RECEIVE', actor: receipt?.receivedBy ?? 'restock', reason: `purchase order ${order.purchaseOrderId}`, ref: `${order.purchaseOrderId}/${receipt?.receiptId ?? 'receipt'}` };
};

/**
 * The one way to change a purchase order: read it, let `decide` choose the change (it may throw a domain
 * error: nothing is written), write it conditionally on the version and status read, with its events, the
 * stock it receives (at the receipt's warehouse, else the store's default one) and the incidents it records; decide again on a fresh read when someone wrote meanwhile.
 * `'contention'` when it kept changing; `'stock-missing'` when a received SKU has no stock record.
 */
export function updatePurchaseOrder<D extends PurchaseOrderChange>(
  purchaseOrderId: string,
  decide: (order: StoredPurchaseOrder) => D,
  correlationId = '',
  attempts = STEP_ATTEMPTS,
): Promise<PurchaseOrderUpdated<D> | 'contention' | 'stock-missing'> {
  return table.update<StoredPurchaseOrder, PurchaseOrderUpdated<D> | 'stock-missing'>(
    purchaseOrderKey(purchaseOrderId),
    async (read): Promise<Decision<PurchaseOrderUpdated<D> | 'stock-missing'>> => {
      const order = found(read, 'PurchaseOrder', purchaseOrderId);
      const change = decide(order);
      if (!changesSomething(order, change)) return { result: { read: order, order, change } };
      const stored = storedAfter(order, change);
      const now = new Date(stored.updatedAt);
      const received = change.received ?? [];
      const receivingWarehouse = async () => stored.receipts.at(-1)?.warehouseId ?? defaultWarehouseId(await listWarehouses());
      const receipt = received.length > 0 ? await receiveStockItems(received, await receivingWarehouse(), receiptCause(stored), now) : [];
      if (receipt === 'stock-missing') return { result: 'stock-missing' };
      return {
        result: { read: order, order: stored, change },
        write: [
          table.versionedPut(purchaseOrderItem(stored), order),
          ...receipt,
          ...outboxPuts(change.events, correlationId),
          ...(change.incidents ?? []).map(incidentPut),
          ...[leadTimeObserved(order, stored)].filter((observation) => observation !== undefined).map(leadTimePut),
          ...(ENDED.includes(stored.status) && !ENDED.includes(order.status) ? stored.lines.map((line) => purchaseOrderEndedItem(line.sku, now)) : []),
        ],
        // A refusal is the order or a stock record that changed since read (stock-ledger.ts): read and decide again.
      };
    },
    { attempts },
  );
}

/**
 * A restock alert (no supplier, a failed step), once per execution and kind: its guard and its event in one
 * transaction, so a retried alert step tells ops once. False when it was raised already.
 */
export async function raiseRestockAlertOnce(executionName: string, kind: string, event: DomainEventDraft<object>, correlationId: string): Promise<boolean> {
  const outcome = await table.write([
    {
      Put: {
        TableName: tableName(),
        Item: { pk: `RESTOCK#${executionName}`, sk: `ALERT#${kind}`, entity: 'RestockAlert', kind },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...outboxPuts([event], correlationId),
  ]);
  return outcome === 'written';
}

export function listByStatus(status: PurchaseOrderStatus, page: PageRequest) {
  return table.query<StoredPurchaseOrder>('GSI1', byStatus(status), page, { newestFirst: true });
}

/** `supplierId`'s orders due on the days `fromDay` up to (not including) `untilDay` (`YYYY-MM-DD`): one key Query of GSI2, paged. */
export function purchaseOrdersDue(supplierId: string, fromDay: string, untilDay: string): Promise<StoredPurchaseOrder[]> {
  // `<untilDay>` sorts before every `<untilDay>T…#<id>` key, so the window ends just before that day.
  return allPages((page) => table.query<StoredPurchaseOrder>('GSI2', dueBySupplier(supplierId), page, { sortKeyBetween: [fromDay, untilDay] }));
}

/** Observations the nightly policy weighs: enough for the observed mean's full weight (lead-time.ts), from the last year. */
const LEAD_TIME_SAMPLES = 10;
const LEAD_TIME_LOOKBACK_DAYS = 365;

/**
 * The lead times `supplierId` delivered in, newest first: its most recent completed orders of the last year
 * (one key Query of its lead-time partition, oldest first, of which the newest are kept).
 */
export async function observedLeadTimes(supplierId: string, now: Date): Promise<number[]> {
  const from = new Date(now.getTime() - LEAD_TIME_LOOKBACK_DAYS * 86_400_000).toISOString();
  const observations = await allPages((page) => table.queryRange<LeadTimeObservation>(leadTimesPartition(supplierId), from, `${now.toISOString()}~`, page));
  return observations.slice(-LEAD_TIME_SAMPLES).reverse().map((observation) => observation.days);
}

/** Units of the SKU its open purchase order still owes (the stock record names that order): one GetItem, none when no order is open. */
export async function unitsOnOrderFor(stock: { readonly sku: string; readonly openPurchaseOrderId?: string }): Promise<number> {
  return stock.openPurchaseOrderId ? unitsOnOrder(await getPurchaseOrder(stock.openPurchaseOrderId), stock.sku) : 0;
}
