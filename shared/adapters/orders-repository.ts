/**
 * Orders, their stock movements, tracking numbers, carriers and warehouses on the single table (keys:
 * docs/data-model.md). An order is written whole, conditionally on the version and status it was read
 * at; a stock movement goes in the same transaction as the order write that records it, so it happens
 * exactly once however often a step runs. No scans: every read is a GetItem or an index Query.
 * Every operation is a named function on the module-scope table (`tableAccess`); handlers import the module
 * as `ordersRepository`, so go-to-definition lands here. The seed's reference-data writes take its own.
 */
import { conflict, DomainError, found, notFound } from '../domain/errors';
import type { DomainEvent, DomainEventDraft } from '../domain/events';
import type { Carrier, Warehouse } from '../domain/orders/carriers';
import type { Order, OrderStatus } from '../domain/orders/order';
import type { OrderDecision, OrderEffect } from '../domain/orders/decision';
import { withBodyExpanded, withCompressedBody } from './compressed-body';
import { tableName } from './dynamo';
import { outboxEntry, stampEvent, type TransactWriteItem } from './outbox';
import { listingKey, ordersByCustomer, ordersByStatus, PARCELS_DUE, projectionWrites, type CustomerOrderEntry, type OrderListing, type ParcelDue } from './order-projections';
import { MAX_TRANSACTION_ITEMS, pauseBefore, tableAccess as table, type Decision, type Page, type PageRequest, type TableAccess } from './table-access';
import { orderMovementItems } from './stock-ledger';
import { placeChange } from './groups-repository';

/** The order plus what only storage and the workflow need. */
export interface StoredOrder extends Order {
  readonly version: number;
  /** The payment provider's token for the customer's payment method (never shown in views). */
  readonly paymentToken: string;
  readonly executionArn?: string;
  /** Task token of the step waiting for the warehouse. */
  readonly packingToken?: string;
}

const WORKFLOW_FIELDS = ['version', 'executionArn', 'packingToken'] as const;

export interface OrderWrite {
  readonly events?: readonly DomainEventDraft<object>[];
  readonly correlationId?: string;
  /** Workflow fields to set; the others are kept as they were. */
  readonly set?: Partial<Pick<StoredOrder, 'executionArn' | 'packingToken'>>;
  /** Workflow fields to drop (a task token answers one wait only). */
  readonly clear?: readonly 'packingToken'[];
}

/** A reservation refused on stock: names the SKUs that are short. */
export interface OutOfStock {
  readonly outcome: 'out-of-stock';
  readonly shortSkus: readonly string[];
}

/**
 * What a decision about an order changes (the domain's `OrderDecision`: the next order, its events, its
 * effects on the workflow's waits) and what storage writes with it; no `next`, nothing.
 */
export interface OrderChange extends OrderDecision {
  readonly write?: OrderWrite;
}

/** The task token an effect uses up: a token answers one wait only. */
const TOKEN_ENDED_BY: Readonly<Record<OrderEffect, 'packingToken'>> = {
  STOP_PACKING_WAIT: 'packingToken',
};

/** The decision's events and effects as the write's events and cleared tokens. */
const writeOf = (change: OrderChange): OrderWrite => {
  const write = change.write ?? {};
  if (!change.events?.length && !change.effects?.length) return write;
  return {
    ...write,
    events: [...(change.events ?? []), ...(write.events ?? [])],
    clear: [...(write.clear ?? []), ...(change.effects ?? []).map((effect) => TOKEN_ENDED_BY[effect])],
  };
};

/** An order update as it came out: the order as read, as it stands now, and the decision that led there. */
export interface OrderUpdated<D> {
  readonly read: StoredOrder;
  readonly order: StoredOrder;
  readonly decision: D;
}

/** The workflow writes an order a few times a second at most: three reads get a step through. */
const STEP_ATTEMPTS = 3;

const orderKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'ORDER' });
const trackingKey = (trackingNumber: string) => ({ pk: `TRACKING#${trackingNumber}`, sk: 'TRACKING' });
const carrierKey = (carrierId: string) => ({ pk: `CARRIER#${carrierId}`, sk: 'CARRIER' });
const warehouseKey = (warehouseId: string) => ({ pk: `WAREHOUSE#${warehouseId}`, sk: 'WAREHOUSE' });
/**
 * The order item: no index keys (its listing and parcel-due entry carry them: order-projections.ts), so its
 * 2–3 KB is never copied into an index; the events of its last write in `outbox`, which the publisher ships;
 * and all but its id, status and version (what its writes' conditions read) compressed (compressed-body.ts).
 */
export const orderItem = (order: StoredOrder, outbox: readonly DomainEvent<object>[] = []) => {
  const { orderId, status, version, ...body } = order;
  return withCompressedBody(
    { ...orderKey(orderId), entity: 'Order', orderId, status, version },
    { ...body, ...(outbox.length > 0 ? { outbox: outbox.map(outboxEntry) } : {}) },
  );
};

/** The order as read, without the events its last write carried (they were that write's, not the order's). */
const withoutOutbox = (item: object | undefined): StoredOrder | undefined => {
  if (!item) return undefined;
  const { outbox: _published, ...order } = withBodyExpanded(item as Record<string, unknown>);
  return order as unknown as StoredOrder;
};

const storedVersionOf = (current: StoredOrder, next: Order, write: OrderWrite): StoredOrder => {
  const kept: Record<string, unknown> = {};
  for (const field of WORKFLOW_FIELDS) if (field !== 'version' && current[field] !== undefined) kept[field] = current[field];
  for (const field of write.clear ?? []) delete kept[field];
  const plain: Record<string, unknown> = { ...next };
  for (const field of WORKFLOW_FIELDS) delete plain[field];
  return { ...(plain as unknown as Order), paymentToken: current.paymentToken, ...kept, ...write.set, version: current.version + 1 };
};

/** Each shipment booked by this change gets its tracking number → order mapping, for the carrier webhooks. */
const trackingChange = (current: StoredOrder, stored: StoredOrder): TransactWriteItem[] =>
  stored.shipments
    .filter(({ trackingNumber }) => !current.shipments.some((shipment) => shipment.trackingNumber === trackingNumber))
    .map(({ trackingNumber, carrierId }) => trackingPut(trackingNumber, carrierId, stored.orderId));

/**
 * The order first, with its events on it; then its stock movement (totals, warehouse records, audit rows:
 * stock-ledger.ts), new tracking numbers, and a group-buy order's place in its group (counted when its checkout
 * takes it, given back when it is rejected or cancelled while it waits: groups-repository.ts). Alone, it is one
 * plain conditional Put (half a transaction's units).
 */
const orderWriteItems = (current: StoredOrder, stored: StoredOrder, write: OrderWrite, stockItems: readonly TransactWriteItem[]): TransactWriteItem[] => [
  table.versionedPut(orderItem(stored, (write.events ?? []).map((draft) => stampEvent(draft, write.correlationId ?? ''))), current),
  ...stockItems,
  ...trackingChange(current, stored),
  ...placeChange(current, stored),
];

/**
 * `decide`'s change of the order read, as `update` writes it (the order item first, as `update` wants). A
 * stock movement reads its warehouse's records now and is written conditionally on them (exact audit rows);
 * one the warehouse cannot make answers its short SKUs instead, writing nothing.
 */
const orderDecision = async <D extends OrderChange>(orderId: string, read: StoredOrder | undefined, decide: (order: StoredOrder) => D): Promise<Decision<OrderUpdated<D>> | { readonly result: OutOfStock }> => {
  const order = withoutOutbox(read);
  if (!order) throw notFound('Order', orderId);
  const decision = decide(order);
  if (!decision.next) return { result: { read: order, order, decision } };
  const write = writeOf(decision);
  const stored = storedVersionOf(order, decision.next, write);
  const stock = decision.stock ? await orderMovementItems(decision.stock, orderId, new Date(stored.updatedAt)) : { items: [] };
  if ('shortSkus' in stock) return { result: { outcome: 'out-of-stock', shortSkus: stock.shortSkus } };
  return { result: { read: order, order: stored, decision }, write: orderWriteItems(order, stored, write, stock.items) };
};

/** A movement other than a reservation that its warehouse cannot make: the stock records disagree with the order. */
const unmovable = (orderId: string, shortSkus: readonly string[]) => new Error(`order ${orderId}: its warehouse's stock cannot make its movement for ${shortSkus.join(', ')}`);

export async function getOrder(orderId: string): Promise<StoredOrder | undefined> {
  return withoutOutbox(await table.getItem<StoredOrder>(orderKey(orderId)));
}

export async function requireOrder(orderId: string): Promise<StoredOrder> {
  return found(await getOrder(orderId), 'Order', orderId);
}

/** The order's stock is contended by other checkouts: this many reads of it get a reservation through, per round. */
const RESERVE_ATTEMPTS = 10;
/** Rounds after a write lost to another transaction on the same stock (each after a pause). */
const RESERVE_ROUNDS = 4;

/**
 * The checkout's first write (checkout.ts `openCheckout`): the new order, every line reserved under the floor
 * available ≥ quantity, and `alsoWrite` (its key's creation guard, the promotions it uses) — all or nothing.
 * Stock that changed meanwhile is read and decided again (ten times a round; a write lost to another transaction
 * waits and starts a new round); `'out-of-stock'` names the short SKUs and writes nothing; `'contention'` when it
 * kept losing. A refused guard or promotion use is `OrderNotPlaced`; a cart too large for one transaction, 422.
 */
export async function openOrder(opened: OrderDecision, paymentToken: string, alsoWrite: readonly TransactWriteItem[] = []): Promise<StoredOrder | OutOfStock | 'contention'> {
  if (!opened.next || !opened.stock) throw new Error('an order opens with its stock reservation');
  const stored: StoredOrder = { ...opened.next, paymentToken, version: 1 };
  const movement = opened.stock;
  for (let round = 0; round < RESERVE_ROUNDS; round++) {
    if (round > 0) await pauseBefore(RESERVE_ATTEMPTS + round);
    const outcome = await table.update<StoredOrder, StoredOrder | OutOfStock>(
      orderKey(stored.orderId),
      async (existing) => {
        // Written by this very call before an ambiguous failure: the order stands.
        if (existing) return { result: withoutOutbox(existing)! };
        const stock = await orderMovementItems(movement, stored.orderId, new Date(stored.updatedAt));
        if ('shortSkus' in stock) return { result: { outcome: 'out-of-stock', shortSkus: stock.shortSkus } };
        const write = [{ Put: { TableName: tableName(), Item: orderItem(stored), ConditionExpression: 'attribute_not_exists(pk)' } }, ...stock.items, ...alsoWrite];
        if (write.length > MAX_TRANSACTION_ITEMS) {
          throw new DomainError('unprocessable', 'CartTooLarge', `This cart needs ${write.length} writes to be taken at once (${movement.lines.length} lines, ${alsoWrite.length} guard and promotion items); DynamoDB takes ${MAX_TRANSACTION_ITEMS}: place it as two orders`, [{ field: 'lines', message: 'too many lines for one order with these promotions' }]);
        }
        const firstOther = write.length - alsoWrite.length;
        return {
          result: stored,
          write,
          // A refused stock row is read again; a refused guard or promotion use is another request's win.
          onRefused: (refused) => {
            if (refused.some((index) => index >= firstOther)) throw conflict('OrderNotPlaced', `Order ${stored.orderId} was not placed: a guard or a promotion of its write was refused`);
            return undefined;
          },
        };
      },
      { attempts: RESERVE_ATTEMPTS },
    );
    if (outcome !== 'contention') return outcome;
  }
  return 'contention';
}

/**
 * The one way to change an order: read it, let `decide` choose the next order (or nothing), write it
 * conditionally on the version and status read, with the decision's stock movements and events; re-read
 * and decide again when someone wrote it meanwhile. `'contention'` when it kept changing.
 */
export function updateOrder<D extends OrderChange>(orderId: string, decide: (order: StoredOrder) => D, attempts = STEP_ATTEMPTS): Promise<OrderUpdated<D> | 'contention'> {
  return table.update<StoredOrder, OrderUpdated<D>>(
    orderKey(orderId),
    async (order) => {
      const decision = await orderDecision(orderId, order, decide);
      if ('outcome' in decision.result) throw unmovable(orderId, decision.result.shortSkus);
      return decision as Decision<OrderUpdated<D>>;
    },
    { attempts },
  );
}

export function listByStatus(status: OrderStatus, page: PageRequest) {
  return table.query<OrderListing>('GSI1', ordersByStatus(status), page, { newestFirst: true });
}

/** The oldest orders in a status first (the sweeper's view of the status index: a key query, never a scan). */
export function oldestByStatus(status: OrderStatus, limit: number) {
  return table.query<OrderListing>('GSI1', ordersByStatus(status), { limit });
}

/** Parcels on their way, earliest promised date first (GSI3's sparse `PARCELS_DUE`): the sweeper's overdue check. */
export function dueParcels(limit: number) {
  return table.query<ParcelDue>('GSI3', PARCELS_DUE, { limit });
}

/**
 * A customer's orders, newest first: a page of its entries in GSI2, then their listings by key (a page can be
 * short when `status` leaves some out, as a filtered Query's can). An order stored before customer entries existed
 * is its listing in GSI2 until its next write moves it (order-projections.ts).
 */
export async function listByCustomer(customerId: string, status: OrderStatus | undefined, page: PageRequest): Promise<Page<OrderListing>> {
  const entries = await table.query<CustomerOrderEntry | OrderListing>('GSI2', ordersByCustomer(customerId), page, { newestFirst: true });
  const listed = new Map(
    (await table.batchGet<OrderListing>(entries.items.filter((entry) => !('status' in entry)).map((entry) => listingKey(entry.orderId)))).map((listing) => [listing.orderId, listing]),
  );
  const listings = entries.items.flatMap((entry) => ('status' in entry ? [entry] : (listed.has(entry.orderId) ? [listed.get(entry.orderId)!] : [])));
  return { items: listings.filter((listing) => status === undefined || listing.status === status), lastEvaluatedKey: entries.lastEvaluatedKey };
}

/* ---------- tracking numbers ---------- */

/** Maps a tracking number to its order, for the carrier webhooks; in the shipment's transaction. */
export function trackingPut(trackingNumber: string, carrierId: string, orderId: string): TransactWriteItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...trackingKey(trackingNumber), entity: 'TrackingNumber', trackingNumber, carrierId, orderId },
      ConditionExpression: 'attribute_not_exists(pk) OR orderId = :orderId',
      ExpressionAttributeValues: { ':orderId': orderId },
    },
  };
}

export function orderForTracking(trackingNumber: string) {
  return table.getItem<{ orderId: string; carrierId: string }>(trackingKey(trackingNumber));
}

/* ---------- carriers and warehouses (data; the seed writes them with its own table access) ---------- */

export async function listCarriers(): Promise<Carrier[]> {
  return (await table.query<Carrier>('GSI1', 'CARRIERS', { limit: 100 })).items;
}

export async function listWarehouses(): Promise<Warehouse[]> {
  return (await table.query<Warehouse>('GSI1', 'WAREHOUSES', { limit: 100 })).items;
}

export async function putCarrier(carrier: Carrier, access: TableAccess = table): Promise<void> {
  await access.write([{ Put: { TableName: access.tableName(), Item: { ...carrierKey(carrier.id), entity: 'Carrier', gsi1pk: 'CARRIERS', gsi1sk: carrier.id, ...carrier } } }]);
}

export async function putWarehouse(warehouse: Warehouse, access: TableAccess = table): Promise<void> {
  await access.write([{ Put: { TableName: access.tableName(), Item: { ...warehouseKey(warehouse.id), entity: 'Warehouse', gsi1pk: 'WAREHOUSES', gsi1sk: warehouse.id, ...warehouse } } }]);
}

/* ---------- the order's index items, from the table stream ---------- */

/**
 * The order's change as its indexes see it (order-projections.ts), `after` at its version: each write alone,
 * one that a newer version of the order already made refused and skipped. Answers how many were written.
 */
export async function projectOrderChange(before: Order | undefined, after: StoredOrder, customerEntryDue = !before): Promise<number> {
  let written = 0;
  for (const item of projectionWrites(before, after, after.version, customerEntryDue)) if ((await table.write([item])) === 'written') written += 1;
  return written;
}
