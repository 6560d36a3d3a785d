/**
 * Returns on the single table (keys: docs/data-model.md, "Returns"). No index copies a return: its lists are
 * small items of their own in base-table partitions (the customer's returns, returns by status), written with
 * the return when its status moves. Every write of a return goes with its order's tally (`ORDER_RETURNS#<orderId>`,
 * conditional on the version read), its events (outbox) and, on receipt, its stock movement (stock ledger, audited)
 * and quality incidents: all in one transaction. No scans: every read is a GetItem or a key Query.
 */
import { conflict, found, notFound } from '../domain/errors';
import type { DomainEventDraft } from '../domain/events';
import type { Return, ReturnStatus } from '../domain/returns/return';
import type { ReturnQualityIncident } from '../domain/returns/receipt';
import type { SupplierDebit } from '../domain/suppliers/debit';
import { debitPut } from './supplier-debits-repository';
import { emptyTally, type OrderReturns } from '../domain/returns/tally';
import { tableName } from './dynamo';
import { outboxPuts, type TransactWriteItem } from './outbox';
import { tableAccess as table, type PageRequest } from './table-access';
import { receiveStockItems } from './inventory-repository';

export interface StoredReturn extends Return {
  readonly version: number;
  /** While the return-lifecycle workflow waits (for the decision, for the parcel): that wait's task token (never shown). */
  readonly waitToken?: string;
}

/** What a decision about a return writes: the next return, its events, the order's tally when it changes. */
export interface ReturnWrite {
  /** The return as it is to be stored (a stored return's `waitToken` rides along). */
  readonly next?: Return & Pick<StoredReturn, 'waitToken'>;
  readonly events?: readonly DomainEventDraft<object>[];
  readonly tally?: OrderReturns;
}

const returnKey = (returnId: string) => ({ pk: `RETURN#${returnId}`, sk: 'RETURN' });
const tallyKey = (orderId: string) => ({ pk: `ORDER_RETURNS#${orderId}`, sk: 'TALLY' });
const customerPartition = (customerId: string) => `CUSTOMER_RETURNS#${customerId}`;
const countKey = (customerId: string) => ({ pk: customerPartition(customerId), sk: 'COUNT' });
const customerEntryKey = (ret: Return) => ({ pk: customerPartition(ret.customerId), sk: `RETURN#${ret.createdAt}#${ret.returnId}` });
const statusPartition = (status: ReturnStatus) => `RETURNS#${status}`;
const statusEntryKey = (ret: Pick<Return, 'status' | 'createdAt' | 'returnId'>) => ({ pk: statusPartition(ret.status), sk: `${ret.createdAt}#${ret.returnId}` });

export type ReturnSummary = Pick<Return, 'returnId' | 'orderId' | 'customerId' | 'status' | 'reason' | 'value' | 'createdAt'>;
const summaryOf = (ret: Return): ReturnSummary => ({ returnId: ret.returnId, orderId: ret.orderId, customerId: ret.customerId, status: ret.status, reason: ret.reason, value: ret.value, createdAt: ret.createdAt });

const put = (item: Record<string, unknown>, condition?: { expression: string; values?: Record<string, unknown> }): TransactWriteItem => ({
  Put: { TableName: tableName(), Item: item, ...(condition ? { ConditionExpression: condition.expression, ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}) } : {}) },
});

const tallyPut = (read: OrderReturns, next: OrderReturns): TransactWriteItem =>
  put(
    { ...tallyKey(next.orderId), entity: 'OrderReturns', ...next, version: read.version + 1 },
    read.version === 0 ? { expression: 'attribute_not_exists(pk)' } : { expression: 'version = :version', values: { ':version': read.version } },
  );

/** The lists follow the return: its customer's entry always (small), its status entry moved when the status moved. */
const listingItems = (before: Return | undefined, after: Return): TransactWriteItem[] => [
  put({ ...customerEntryKey(after), entity: 'ReturnEntry', ...summaryOf(after) }),
  ...(before?.status === after.status ? [] : [put({ ...statusEntryKey(after), entity: 'ReturnEntry', ...summaryOf(after) })]),
  ...(before && before.status !== after.status ? [{ Delete: { TableName: tableName(), Key: statusEntryKey(before) } }] : []),
];

const incidentPut = (incident: ReturnQualityIncident): TransactWriteItem =>
  put({
    pk: `RETURN#${incident.returnId}`,
    sk: `QUALITY_INCIDENT#${incident.sku}`,
    entity: 'QualityIncident',
    // Beside the QC incidents of purchase orders, in the supplier's partition (docs/returns.md, "Quality loop").
    gsi2pk: `SUPPLIER_QUALITY_INCIDENTS#${incident.supplierId}`,
    gsi2sk: `${incident.recordedAt}#RETURN#${incident.returnId}#${incident.sku}`,
    ...incident,
  });

export function getReturn(returnId: string): Promise<StoredReturn | undefined> {
  return table.getItem<StoredReturn>(returnKey(returnId));
}

export async function requireReturn(returnId: string): Promise<StoredReturn> {
  return found(await getReturn(returnId), 'Return', returnId);
}

export async function tallyOf(orderId: string): Promise<OrderReturns> {
  return (await table.getItem<OrderReturns>(tallyKey(orderId))) ?? emptyTally(orderId);
}

/** How many returns a customer has asked for (one GetItem). */
export async function customerReturnCount(customerId: string): Promise<number> {
  return (await table.getItem<{ count: number }>(countKey(customerId)))?.count ?? 0;
}

const ATTEMPTS = 5;

/**
 * A new return, decided on the order's tally as read (two returns racing for the same units: one decides again
 * and is refused), with its lists, the customer's count, its events and `alsoWrite` (the creation guard).
 */
export async function createReturn(orderId: string, decide: (tally: OrderReturns) => Required<ReturnWrite> & { next: Return }, correlationId: string, alsoWrite: readonly TransactWriteItem[] = []): Promise<StoredReturn> {
  const outcome = await table.update<OrderReturns, StoredReturn | 'guard-taken'>(
    tallyKey(orderId),
    (read) => {
      const tally = read ?? emptyTally(orderId);
      const decision = decide(tally);
      const stored: StoredReturn = { ...decision.next, version: 1 };
      const items = [
        tallyPut(tally, decision.tally),
        put({ ...returnKey(stored.returnId), entity: 'Return', ...stored }, { expression: 'attribute_not_exists(pk)' }),
        ...listingItems(undefined, stored),
        { Update: { TableName: tableName(), Key: countKey(stored.customerId), UpdateExpression: 'ADD #count :one', ExpressionAttributeNames: { '#count': 'count' }, ExpressionAttributeValues: { ':one': 1 } } },
        ...outboxPuts(decision.events, correlationId),
      ];
      return { result: stored, write: [...items, ...alsoWrite], onRefused: (refused) => (refused.some((index) => index >= items.length) ? 'guard-taken' : undefined) };
    },
    { attempts: ATTEMPTS },
  );
  if (outcome === 'guard-taken' || outcome === 'contention') throw conflict('ReturnNotCreated', `The return of order ${orderId} was not created: ${outcome === 'contention' ? 'the order kept changing, try again' : 'another request with the same key won'}`);
  return outcome;
}

export interface ReturnUpdated {
  readonly read: StoredReturn;
  readonly ret: StoredReturn;
  readonly changed: boolean;
}

interface Extra {
  /** Items written with the return (stock, incidents), or `'refused'` when they cannot be built now. */
  readonly items?: readonly TransactWriteItem[];
}

/**
 * The one way to change a return: read it (and its order's tally), let `decide` choose, write the return
 * conditionally on the version read with its lists, tally, events and `extra` items; decide again when someone
 * wrote meanwhile. A decision with no `next` writes nothing.
 */
async function changeReturn(returnId: string, decide: (ret: StoredReturn, tally: OrderReturns) => Promise<ReturnWrite & Extra> | (ReturnWrite & Extra), correlationId: string): Promise<ReturnUpdated> {
  const outcome = await table.update<StoredReturn, ReturnUpdated>(
    returnKey(returnId),
    async (read) => {
      if (!read) throw notFound('Return', returnId);
      const tally = await tallyOf(read.orderId);
      const decision = await decide(read, tally);
      if (!decision.next) return { result: { read, ret: read, changed: false } };
      const stored: StoredReturn = { ...decision.next, version: read.version + 1 };
      return {
        result: { read, ret: stored, changed: true },
        write: [
          table.versionedPut({ ...returnKey(returnId), entity: 'Return', ...stored }, read),
          ...(decision.tally ? [tallyPut(tally, decision.tally)] : []),
          ...listingItems(read, stored),
          ...(decision.items ?? []),
          ...outboxPuts(decision.events, correlationId),
        ],
      };
    },
    { attempts: ATTEMPTS },
  );
  if (outcome === 'contention') throw new Error(`return ${returnId} kept changing through ${ATTEMPTS} attempts`);
  return outcome;
}

/**
 * A return label's tracking number → its return, in the key space the carrier webhook reads (`TRACKING#<number>`,
 * beside orders' own parcels; a return's number derives from the return, so the two never meet).
 */
const trackingKey = (trackingNumber: string) => ({ pk: `TRACKING#${trackingNumber}`, sk: 'TRACKING' });

/** The label attached (label.ts `attachReturnLabel`), with its tracking number → return mapping, in one transaction. */
export function attachLabel(returnId: string, decide: (ret: StoredReturn) => ReturnWrite, correlationId: string): Promise<ReturnUpdated> {
  return changeReturn(
    returnId,
    (ret) => {
      const decision = decide(ret);
      const label = decision.next?.label;
      if (!label || ret.label) return decision;
      return { ...decision, items: [put({ ...trackingKey(label.trackingNumber), entity: 'ReturnTracking', returnId, carrierId: label.carrierId, trackingNumber: label.trackingNumber })] };
    },
    correlationId,
  );
}

/** The return a tracking number is the label of, or undefined (an order's parcel, or unknown). */
export async function returnForTracking(trackingNumber: string): Promise<{ readonly returnId: string; readonly carrierId: string } | undefined> {
  const mapping = await table.getItem<{ returnId?: string; carrierId: string }>(trackingKey(trackingNumber));
  return mapping?.returnId ? { returnId: mapping.returnId, carrierId: mapping.carrierId } : undefined;
}

/** A decision (approve, reject, the refund's outcome) on the return as read. */
export function updateReturn(returnId: string, decide: (ret: StoredReturn, tally: OrderReturns) => ReturnWrite, correlationId: string): Promise<ReturnUpdated> {
  return changeReturn(returnId, decide, correlationId);
}

export interface ReceiptWrite extends ReturnWrite {
  readonly restock: readonly { readonly sku: string; readonly quantity: number }[];
  readonly warehouseId: string;
  readonly incidents: readonly ReturnQualityIncident[];
  readonly debits: readonly SupplierDebit[];
}

/**
 * The receipt: the return, its tally, the restocked units on hand and available at once at the order's warehouse
 * (stock ledger: each warehouse record exact, an audit row RETURN with who, when, why, before and after), the
 * quality incidents, the debits of units sent back to their suppliers and the events, in one transaction.
 */
export function receiveReturn(returnId: string, decide: (ret: StoredReturn, tally: OrderReturns) => ReceiptWrite, by: string, now: Date, correlationId: string): Promise<ReturnUpdated> {
  return changeReturn(
    returnId,
    async (ret, tally) => {
      const decision = decide(ret, tally);
      if (!decision.next) return decision;
      const cause = { kind: 'RETURN' as const, actor: by, reason: `return ${returnId} of order ${ret.orderId} restocked`, ref: returnId };
      const stock = decision.restock.length > 0 ? await receiveStockItems(decision.restock, decision.warehouseId, cause, now) : [];
      if (stock === 'stock-missing') throw conflict('StockRecordMissing', `A SKU of return ${returnId} has no stock record to restock into`);
      return { ...decision, items: [...stock, ...decision.incidents.map(incidentPut), ...decision.debits.map(debitPut)] };
    },
    correlationId,
  );
}

/** A customer's returns, newest first (one key Query on its partition). */
export function listByCustomer(customerId: string, page: PageRequest) {
  return table.queryRange<ReturnSummary>(customerPartition(customerId), 'RETURN#', 'RETURN#\uffff', page, { newestFirst: true });
}

/** Returns in a status, oldest first (one key Query): the operators' review queue, the warehouse's expected parcels. */
export function listByStatus(status: ReturnStatus, page: PageRequest) {
  return table.queryRange<ReturnSummary>(statusPartition(status), '0', '\uffff', page);
}
