import { expect } from 'vitest';
/**
 * What the order handler tests share: a frozen Tuesday morning, a live product with two SKUs behind their
 * stock rows, the demo carriers and warehouses behind their GSI1 partitions, a stored order in any status,
 * and a way to serve all of these by key from the mocked document client. Request plumbing (httpEvent,
 * context, parse) comes from the suppliers' support.
 */
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { orderItem, type StoredOrder } from '../../../shared/adapters/orders-repository';
import { orderListingItem } from '../../../shared/adapters/order-projections';
import type { Product, Sku } from '../../../shared/domain/catalog/product';
import { DEMO_CARRIERS, DEMO_WAREHOUSES } from '../../../infra/local/seed-shipping';
import type { OrderStatus, ShippingAddress } from '../../../shared/domain/orders/order';
import { newOrder } from '../../../shared/domain/orders/placement';
import { priceCart, type CartLine } from '../../../shared/domain/orders/pricing';
import { liveProduct } from '../../unit/catalog/fixtures';
import type { Caller } from '../suppliers/support';
import { withBodyExpanded } from '../../../shared/adapters/compressed-body';

/** Tuesday 2 July 2030, 08:00 UTC: 10:00 in Berlin (same-day cut-off 14:00), 09:00 in Lisbon. */
export const NOW = new Date('2030-07-02T08:00:00.000Z');
/** When the stored orders were placed: Monday, the day before. */
export const PLACED_AT = new Date('2030-07-01T08:00:00.000Z');

export const ORDER_ID = '01J0000000000000000000000R';
export const PRODUCT_ID = 'prod-1';
/** The live product's SKUs (goodSkus): 8900 EUR and 320 g each. */
export const SKU_M = 'NW-MER-NAVY-M';
export const SKU_L = 'NW-MER-NAVY-L';
export const UNIT_PRICE = 8900;
export const UNIT_WEIGHT = 320;

/** Sandbox payment tokens (shared/domain/orders/payments.ts), as the provider's browser SDK hands them over. */
export const CARDS = {
  approve: 'tok_approve',
  decline: 'tok_decline',
  timeout: 'tok_timeout',
} as const;

export const PACKING_TOKEN = 'packing-token-1';
export const TRACKING_NUMBER = 'RP123456789DE';

export const customer: Caller = { sub: 'customer-ada', role: 'customer' };
export const otherCustomer: Caller = { sub: 'customer-bob', role: 'customer' };
export const picker: Caller = { sub: 'picker-pia', role: 'warehouse' };

export const BERLIN: ShippingAddress = { name: 'Ada Lovelace', line1: 'Invalidenstraße 116', city: 'Berlin', postalCode: '10115', country: 'DE' };
export const HAMBURG: ShippingAddress = { name: 'Ada Lovelace', line1: 'Jungfernstieg 1', city: 'Hamburg', postalCode: '20095', country: 'DE' };

export type Row = Record<string, unknown> & { pk: string; sk: string };

export const orderKey = (orderId = ORDER_ID) => ({ pk: `ORDER#${orderId}`, sk: 'ORDER' });
export const stockKey = (sku: string) => ({ pk: `SKU#${sku}`, sk: 'STOCK' });

export const stockRow = (sku: string, productId = PRODUCT_ID, levels = { onHand: 20, reserved: 0, available: 20 }): Row => ({
  ...stockKey(sku),
  entity: 'StockLevel',
  sku,
  productId,
  supplierId: 'sup-1',
  ...levels,
  safetyStock: 10,
  createdAt: PLACED_AT.toISOString(),
  updatedAt: PLACED_AT.toISOString(),
});

export const productRow = (product: Product = liveProduct()): Row => ({ pk: `PRODUCT#${product.productId}`, sk: 'PRODUCT', entity: 'Product', ...product, version: 2 });

export const trackingRow = (carrierId = 'rheinpost', orderId = ORDER_ID, trackingNumber = TRACKING_NUMBER): Row => ({
  pk: `TRACKING#${trackingNumber}`,
  sk: 'TRACKING',
  entity: 'TrackingNumber',
  trackingNumber,
  carrierId,
  orderId,
});

export const orderRow = (order: StoredOrder): Row => orderItem(order) as Row;

/** A Put as the repository reads its item back: an order's compressed body expanded (compressed-body.ts). */
export const readable = <P extends { readonly Item?: Record<string, unknown> }>(put: P): P => (put.Item ? { ...put, Item: withBodyExpanded(put.Item) } : put);
/** A transaction's items, each Put readable. */
export const readableItems = <I extends { readonly Put?: { readonly Item?: Record<string, unknown> } }>(items: readonly I[]): I[] =>
  items.map((item) => (item.Put ? { ...item, Put: readable(item.Put) } : item));
/** The order's listing: the small item the status and customer indexes hold. */
export const listingRow = (order: StoredOrder): Row => orderListingItem(order, order.version);
export const listingKey = (orderId = ORDER_ID) => ({ pk: `ORDER#${orderId}`, sk: 'LISTING' });

const skuOf = (code: string): Sku => liveProduct().live!.skus.find((sku) => sku.sku === code)!;

/** Two of M and one of L, standard to Berlin with RheinPost (550 EUR for 960 g). */
export const ORDER_LINES: readonly CartLine[] = [
  { sku: SKU_M, quantity: 2 },
  { sku: SKU_L, quantity: 1 },
];

/** The order as placed on Monday, PENDING, with nothing held or charged; then `status` and `overrides`. */
export const storedOrder = (status: OrderStatus = 'PENDING', overrides: Partial<StoredOrder> = {}): StoredOrder => {
  const price = priceCart(ORDER_LINES, [skuOf(SKU_M), skuOf(SKU_L)], [], { amount: 550, currency: 'EUR' });
  const placed = newOrder({
    orderId: ORDER_ID,
    customerId: customer.sub,
    price,
    shippingAddress: BERLIN,
    option: {
      serviceLevel: 'STANDARD',
      price: { amount: 550, currency: 'EUR' },
      etaDate: '2030-07-03',
      carrierId: 'rheinpost',
      carrierName: 'RheinPost Parcel',
      warehouseId: 'wh-berlin',
      transitBusinessDays: 2,
    },
    paymentMethod: CARDS.approve,
    weightGrams: 3 * UNIT_WEIGHT,
    now: PLACED_AT,
  });
  const timeline = status === 'PENDING' ? placed.timeline : [...placed.timeline, { at: PLACED_AT.toISOString(), status }];
  return { ...placed, status, timeline, paymentToken: CARDS.approve, version: 3, ...overrides };
};

/**
 * Serves `rows` to GetItem by key (any other key reads as absent) and the demo carriers and warehouses to
 * their GSI1 partitions (any other query finds nothing).
 */
export const serveRows = (ddb: AwsClientStub<DynamoDBDocumentClient>, ...rows: Row[]): void => {
  ddb.on(GetCommand).resolves({});
  for (const row of rows) ddb.on(GetCommand, { Key: { pk: row.pk, sk: row.sk } }).resolves({ Item: row });
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':partition': 'CARRIERS' } }).resolves({
    Items: DEMO_CARRIERS.map((carrier) => ({ pk: `CARRIER#${carrier.id}`, sk: 'CARRIER', entity: 'Carrier', gsi1pk: 'CARRIERS', gsi1sk: carrier.id, ...carrier })),
  });
  ddb.on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':partition': 'WAREHOUSES' } }).resolves({
    Items: DEMO_WAREHOUSES.map((warehouse) => ({ pk: `WAREHOUSE#${warehouse.id}`, sk: 'WAREHOUSE', entity: 'Warehouse', gsi1pk: 'WAREHOUSES', gsi1sk: warehouse.id, ...warehouse })),
  });
};

/** A transaction DynamoDB cancelled, with one reason code per item in request order. */
export const cancelledWith = (...codes: string[]) =>
  Object.assign(new Error(`Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`), {
    name: 'TransactionCanceledException',
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

/** The SKUs' totals (placed in warehouses) and their records at the order's warehouse, wh-berlin. */
export const stockRows = (levels: Partial<Record<string, { onHand: number; reserved: number }>> = {}) =>
  [SKU_M, SKU_L].flatMap((sku) => {
    const { onHand, reserved } = levels[sku] ?? { onHand: 20, reserved: 0 };
    return [
      { ...stockRow(sku, undefined, { onHand, reserved, available: onHand - reserved }), placed: true },
      { pk: `SKU#${sku}`, sk: 'STOCK#wh-berlin', entity: 'WarehouseStock', sku, warehouseId: 'wh-berlin', onHand, reserved, available: onHand - reserved, inTransitIn: 0, updatedAt: PLACED_AT.toISOString() },
    ];
  });

/** A line's items: the total by the change, the warehouse's record as read → after, and its audit row. */
export const expectLineItems = (items: readonly { Update?: unknown; Put?: unknown }[], sku: string, before: { onHand: number; reserved: number }, after: { onHand: number; reserved: number }, kind: string, orderId = ORDER_ID) => {
  const [total, warehouse, audit] = items;
  expect(total!.Update).toMatchObject({
    Key: { pk: `SKU#${sku}`, sk: 'STOCK' },
    ConditionExpression: 'attribute_exists(pk) AND placed = :true AND available >= :floor',
    ExpressionAttributeValues: { ':onHand': after.onHand - before.onHand, ':reserved': after.reserved - before.reserved, ':available': after.onHand - after.reserved - (before.onHand - before.reserved) },
  });
  // The warehouse's record adds the delta under floors (racing orders never refuse each other), as the total does.
  const delta = { onHand: after.onHand - before.onHand, reserved: after.reserved - before.reserved };
  expect(warehouse!.Update).toMatchObject({
    Key: { pk: `SKU#${sku}`, sk: 'STOCK#wh-berlin' },
    UpdateExpression: 'SET onHand = onHand + :onHand, reserved = reserved + :reserved, available = available + :available, updatedAt = :now',
    ConditionExpression: 'attribute_exists(pk) AND onHand >= :onHandFloor AND reserved >= :reservedFloor AND available >= :availableFloor',
    ExpressionAttributeValues: { ':onHand': delta.onHand, ':reserved': delta.reserved, ':available': delta.onHand - delta.reserved, ':reservedFloor': Math.max(0, -delta.reserved) },
  });
  expect(audit!.Put).toMatchObject({
    Item: { pk: `SKU#${sku}`, sk: `AUDIT#${NOW.toISOString()}#wh-berlin#${kind}#${orderId}`, warehouseId: 'wh-berlin', kind, actor: 'order-fulfilment', ref: orderId, delta },
    ConditionExpression: 'attribute_not_exists(pk)',
  });
  expect(audit!.Put).not.toHaveProperty('Item.before');
};


type Transaction = NonNullable<TransactWriteCommand['input']['TransactItems']>;

/**
 * Answers the orders a handler wrote (by their transactions' Puts and their lone conditional Puts) to its later
 * reads, so a checkout's second step reads what its first wrote; `rows` answer their own keys (call it after
 * serveRows, with the same rows). `transactions()` and `puts()` in order; `refuseNext(error)` refuses the next
 * transaction; `refuseWhere(test)` refuses every one with an item that `test` picks, with the cancellation reasons
 * DynamoDB gives (ConditionalCheckFailed at that item).
 */
export function rememberOrders(ddb: AwsClientStub<DynamoDBDocumentClient>, ...rows: Row[]) {
  const orders = new Map<string, Record<string, unknown>>();
  const served = new Map(rows.map((row) => [`${row.pk}|${row.sk}`, row]));
  const transactions: Transaction[] = [];
  const puts: Record<string, unknown>[] = [];
  const refusals: Error[] = [];
  let refused: ((item: Transaction[number]) => boolean) | undefined;
  const remember = (item: Record<string, unknown> | undefined) => {
    if (item?.sk === 'ORDER') orders.set(String(item.pk), item);
  };
  ddb.on(TransactWriteCommand).callsFake((input: { TransactItems: Transaction }) => {
    transactions.push(readableItems(input.TransactItems));
    const refusal = refusals.shift();
    if (refusal) throw refusal;
    if (refused && input.TransactItems.some(refused)) throw cancelledWith(...input.TransactItems.map((item) => (refused!(item) ? 'ConditionalCheckFailed' : 'None')));
    for (const item of input.TransactItems) remember(item.Put?.Item);
    return {};
  });
  ddb.on(PutCommand).callsFake((input: { Item: Record<string, unknown> }) => {
    if (input.Item.sk === 'ORDER') puts.push(withBodyExpanded(input.Item));
    remember(input.Item);
    return {};
  });
  ddb.on(GetCommand).callsFake((request: { Key: { pk: string; sk: string } }) => ({ Item: orders.get(request.Key.pk) && request.Key.sk === 'ORDER' ? orders.get(request.Key.pk) : served.get(`${request.Key.pk}|${request.Key.sk}`) }));
  return {
    transactions: () => transactions,
    /** The orders written by a lone conditional Put (a change without stock or tracking numbers). */
    puts: () => puts,
    refuseNext: (error: Error) => void refusals.push(error),
    refuseWhere: (test: (item: Transaction[number]) => boolean) => void (refused = test),
  };
}
