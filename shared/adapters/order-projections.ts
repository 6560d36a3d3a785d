/**
 * The small items that follow an order for those who read orders by index (keys: docs/data-model.md): its
 * **listing** (GSI1 by status: GET /orders for operators and the warehouse, the sweeper's stalled checkouts),
 * its **customer entry** (GSI2 by customer, written once: a customer's GET /orders reads the listings it names)
 * and, while a parcel is on its way, its **parcel-due entry** (GSI3 by promised date: the sweeper's overdue
 * check). The indexes project ALL, so they index these ~200-byte items and never the order itself; the status,
 * which moves ~7 times an order, is in one index only (a move there is two index writes, and an entry's update in
 * the other would be a third).
 *
 * They are projected from the table stream by its relay (functions/platform/publish-outbox.ts: DynamoDB Streams
 * serves at most two readers per shard well), not written in the order's own write: a status change is then one plain conditional Put of the order (a transaction costs every
 * item twice, its index copies included), and the lists are as eventually consistent as the index they read
 * already is. A projection is conditional on the order's version, so a redelivered or late record never
 * turns a listing back, whatever order the records are handled in.
 */
import type { Order, OrderStatus } from '../domain/orders/order';
import { tableName } from './dynamo';
import type { TransactWriteItem } from './outbox';

export const ordersByStatus = (status: OrderStatus) => `ORDERS#${status}`;
export const ordersByCustomer = (customerId: string) => `CUSTOMER_ORDERS#${customerId}`;
/** GSI3's sparse partition of parcels on their way, by promised date: the sweeper's overdue check. */
export const PARCELS_DUE = 'PARCELS_DUE';
const ON_THE_WAY: readonly OrderStatus[] = ['SHIPPED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'EXCEPTION'];
/** How long an arrived parcel's tombstone outlives it: long past any redelivery of its stream records. */
const TOMBSTONE_SECONDS = 7 * 24 * 3600;

/** What the lists read of an order (GET /orders, the sweeper). */
export interface OrderListing {
  readonly orderId: string;
  readonly customerId: string;
  readonly status: OrderStatus;
  readonly total: Order['price']['total'];
  readonly promisedBy: string;
  readonly createdAt: string;
}

/** What the sweeper reads of a parcel due. */
export interface ParcelDue {
  readonly orderId: string;
  readonly promisedBy: string;
}

export const listingOf = (order: Order): OrderListing => ({
  orderId: order.orderId,
  customerId: order.customerId,
  status: order.status,
  total: order.price.total,
  promisedBy: order.promisedBy,
  createdAt: order.createdAt,
});

export const listingKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'LISTING' });
const parcelDueKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'PARCEL_DUE' });

/** Due while on its way and not yet reported overdue: each overdue parcel is read once. */
const isParcelDue = (order: Order) => ON_THE_WAY.includes(order.status) && !(order.alertsRaised ?? []).includes('DELIVERY_OVERDUE');

/** The listing item of `order` as of its `version`. */
export const orderListingItem = (order: Order, version: number) => {
  const sortKey = `${order.createdAt}#${order.orderId}`;
  return {
    ...listingKey(order.orderId),
    entity: 'OrderListing',
    gsi1pk: ordersByStatus(order.status),
    gsi1sk: sortKey,
    ...listingOf(order),
    orderVersion: version,
  };
};

/** What a customer's list reads in GSI2: the order it names (its listing is read by key). */
export interface CustomerOrderEntry {
  readonly orderId: string;
  readonly createdAt: string;
}


/** The order's entry in its customer's partition of GSI2: written once, as nothing in it ever changes. */
const customerEntryWrite = (order: Order): TransactWriteItem => ({
  Put: {
    TableName: tableName(),
    Item: {
      pk: `ORDER#${order.orderId}`,
      sk: 'CUSTOMER_ENTRY',
      entity: 'CustomerOrderEntry',
      gsi2pk: ordersByCustomer(order.customerId),
      gsi2sk: `${order.createdAt}#${order.orderId}`,
      orderId: order.orderId,
      createdAt: order.createdAt,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** Written only over an older version of the order (or none, or an item from before versions were kept): a late record changes nothing. */
const newerThanStored = (version: number) => ({
  ConditionExpression: 'attribute_not_exists(pk) OR attribute_not_exists(orderVersion) OR orderVersion < :version',
  ExpressionAttributeValues: { ':version': version },
});

/**
 * What the order's change from `before` (none: just created) to `after` (at `version`) moves in the indexes: its
 * listing when what it shows changed, its customer entry when it is new (`customerEntryDue`: also for an order
 * stored before customer entries existed, whose listing was its customer's entry), its parcel-due entry when it set
 * off or arrived (or was reported overdue). Each write stands alone, conditional: run them in any number of calls,
 * as often as delivered. The listing goes before the customer entry, so an entry a customer sees has its listing.
 */
export function projectionWrites(before: Order | undefined, after: Order, version: number, customerEntryDue = !before): TransactWriteItem[] {
  const writes: TransactWriteItem[] = [];
  if (!before || customerEntryDue || JSON.stringify(listingOf(before)) !== JSON.stringify(listingOf(after))) {
    writes.push({ Put: { TableName: tableName(), Item: orderListingItem(after, version), ...newerThanStored(version) } });
  }
  if (customerEntryDue) writes.push(customerEntryWrite(after));
  const wasDue = before !== undefined && isParcelDue(before);
  if (!wasDue && isParcelDue(after)) {
    const due: ParcelDue = { orderId: after.orderId, promisedBy: after.promisedBy };
    const item = { ...parcelDueKey(after.orderId), entity: 'ParcelDue', gsi3pk: PARCELS_DUE, gsi3sk: `${after.promisedBy}#${after.orderId}`, ...due, orderVersion: version };
    writes.push({ Put: { TableName: tableName(), Item: item, ...newerThanStored(version) } });
  }
  if (wasDue && !isParcelDue(after)) {
    // A tombstone in no index rather than a Delete: records handled in any order then still end at the latest
    // version (a late "set off" finds a newer version and is refused); TTL removes it.
    const tombstone = { ...parcelDueKey(after.orderId), entity: 'ParcelDue', orderId: after.orderId, arrived: true, orderVersion: version, expiresAt: Math.floor(Date.parse(after.updatedAt) / 1000) + TOMBSTONE_SECONDS };
    writes.push({ Put: { TableName: tableName(), Item: tombstone, ...newerThanStored(version) } });
  }
  return writes;
}
