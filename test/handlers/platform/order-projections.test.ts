/**
 * The order's index items from the table stream, projected by its relay (publish-outbox): the listing when what it
 * shows changed, the parcel-due entry while a parcel is on its way, each write conditional on the order's version.
 */
import { describe, expect, it, vi } from 'vitest';
vi.hoisted(() => {
  process.env.EVENT_BUS_NAME = 'commerce-ops';
});
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { handler } from '../../../functions/platform/publish-outbox';
import type { StoredOrder } from '../../../shared/adapters/orders-repository';
import { conditionalCheckFailed, context } from '../suppliers/support';
import { mockedAws } from '../mocked-aws';
import { customer, NOW, ORDER_ID, orderRow, storedOrder } from '../orders/support';

const { ddb } = mockedAws(NOW);

type Image = NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];
const image = (order: StoredOrder) => marshall(orderRow(order), { removeUndefinedValues: true }) as Image;
const record = (before: StoredOrder | undefined, after: StoredOrder, n = 1): DynamoDBRecord => ({
  eventName: before ? 'MODIFY' : 'INSERT',
  eventSource: 'aws:dynamodb',
  dynamodb: { SequenceNumber: String(100 + n), ...(before ? { OldImage: image(before) } : {}), NewImage: image(after) },
});
const project = (...records: DynamoDBRecord[]) => handler({ Records: records }, context);
const writes = () => ddb.calls().map((call) => call.args[0].input as { Item?: Record<string, unknown>; Key?: Record<string, unknown>; ConditionExpression?: string; ExpressionAttributeValues?: Record<string, unknown> });

describe('publish-outbox projecting an order\'s index items', () => {
  const reserved = storedOrder('STOCK_RESERVED', { version: 1 });
  const accepted = storedOrder('AWAITING_PACKING', { version: 2 });

  it('puts the listing of a new order, and moves it when the status changes, each over an older version only', async () => {
    ddb.on(PutCommand).resolves({});
    const result = await project(record(undefined, reserved), record(reserved, accepted, 2));
    expect(result.batchItemFailures).toEqual([]);
    // Records are projected in parallel: by version and item, whatever order the writes went in.
    expect(writes()).toHaveLength(3);
    const written = (sk: string, version?: number) => writes().find((input) => input.Item?.sk === sk && (version === undefined || input.Item?.orderVersion === version));
    const [listing, entry, moved] = [written('LISTING', 1), written('CUSTOMER_ENTRY'), written('LISTING', 2)];
    expect(listing).toMatchObject({ Item: { pk: `ORDER#${ORDER_ID}`, sk: 'LISTING', gsi1pk: 'ORDERS#STOCK_RESERVED', status: 'STOCK_RESERVED', orderVersion: 1 } });
    // The status is in one index only: the customer's entry, written once, names the order.
    expect(listing!.Item).not.toHaveProperty('gsi2pk');
    expect(entry).toEqual(expect.objectContaining({
      Item: { pk: `ORDER#${ORDER_ID}`, sk: 'CUSTOMER_ENTRY', entity: 'CustomerOrderEntry', gsi2pk: `CUSTOMER_ORDERS#${customer.sub}`, gsi2sk: `${reserved.createdAt}#${ORDER_ID}`, orderId: ORDER_ID, createdAt: reserved.createdAt },
      ConditionExpression: 'attribute_not_exists(pk)',
    }));
    expect(moved).toEqual(expect.objectContaining({ Item: expect.objectContaining({ sk: 'LISTING', gsi1pk: 'ORDERS#AWAITING_PACKING', orderVersion: 2 }), ConditionExpression: 'attribute_not_exists(pk) OR attribute_not_exists(orderVersion) OR orderVersion < :version', ExpressionAttributeValues: { ':version': 2 } }));
  });

  it('gives an order stored before customer entries (a plain old image) its entry, and its listing without the customer index', async () => {
    ddb.on(PutCommand).resolves({});
    const plain = marshall({ pk: `ORDER#${ORDER_ID}`, sk: 'ORDER', entity: 'Order', ...accepted }, { removeUndefinedValues: true }) as Image;
    const packed = storedOrder('PACKED', { version: 3 });
    await project({ eventName: 'MODIFY', eventSource: 'aws:dynamodb', dynamodb: { SequenceNumber: '300', OldImage: plain, NewImage: image(packed) } });
    expect(writes().map((input) => [input.Item?.sk, input.Item?.gsi1pk ?? input.Item?.gsi2pk])).toEqual([
      ['LISTING', 'ORDERS#PACKED'],
      ['CUSTOMER_ENTRY', `CUSTOMER_ORDERS#${customer.sub}`],
    ]);
  });

  it('writes nothing when what the lists show did not change (a token, a payment id)', async () => {
    await project(record(accepted, { ...accepted, version: 3, packingToken: 'token-1' }));
    expect(writes()).toEqual([]);
  });

  it('puts the parcel-due entry when the order ships, and a tombstone in no index once it is delivered or reported overdue', async () => {
    ddb.on(PutCommand).resolves({});
    const packed = storedOrder('PACKED', { version: 4 });
    const shipped = storedOrder('SHIPPED', { version: 5, promisedBy: '2030-07-04' });
    const overdue = { ...shipped, version: 6, alertsRaised: ['DELIVERY_OVERDUE'] };
    await project(record(packed, shipped), record(shipped, overdue, 2));
    // Records are projected in parallel: by version, whatever order the writes went in.
    const byVersion = writes().sort((a, b) => Number(a.Item?.orderVersion) - Number(b.Item?.orderVersion) || String(a.Item?.sk).localeCompare(String(b.Item?.sk)));
    expect(byVersion.map((input) => [input.Item?.sk, input.Item?.gsi3sk ?? input.Item?.gsi1pk, input.Item?.orderVersion])).toEqual([
      ['LISTING', 'ORDERS#SHIPPED', 5],
      ['PARCEL_DUE', `2030-07-04#${ORDER_ID}`, 5],
      ['PARCEL_DUE', undefined, 6],
    ]);
    expect(byVersion[2]!.Item).toMatchObject({ arrived: true, expiresAt: expect.any(Number) });
    // A late "set off" record of version 5 is then refused by the tombstone's version 6.
    expect(byVersion[1]!.ConditionExpression).toBe('attribute_not_exists(pk) OR attribute_not_exists(orderVersion) OR orderVersion < :version');
  });

  it('skips a write a newer version of the order already made (a late or replayed record), without failing the record', async () => {
    ddb.on(PutCommand).rejects(conditionalCheckFailed());
    const result = await project(record(reserved, accepted));
    expect(result.batchItemFailures).toEqual([]);
    expect(writes()).toHaveLength(1);
  });
});
