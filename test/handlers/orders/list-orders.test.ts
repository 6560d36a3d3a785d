/**
 * GET /orders as a customer, against mocked DynamoDB: a page of the customer's entries in GSI2, then the listings
 * they name by key (the status lives in one index only: order-projections.ts).
 */
import { describe, expect, it } from 'vitest';
import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { context, httpEvent, parse } from '../suppliers/support';
import { customer, listingRow, NOW, storedOrder } from './support';
import { handler as listOrders } from '../../../functions/orders/list-orders';
import { mockedAws } from '../mocked-aws';

const { ddb } = mockedAws(NOW);

const list = (query: Record<string, string> = {}) =>
  listOrders(httpEvent(customer, { method: 'GET', path: '/orders', query }), context).then(parse);

const shipped = storedOrder('SHIPPED', { orderId: '01J00000000000000000000SHP', createdAt: '2030-07-02T08:00:00.000Z' });
const packing = storedOrder('AWAITING_PACKING', { orderId: '01J00000000000000000000PCK', createdAt: '2030-07-01T08:00:00.000Z' });
/** An order stored before customer entries existed: its listing is still in GSI2 itself. */
const older = storedOrder('DELIVERED', { orderId: '01J00000000000000000000OLD', createdAt: '2030-06-01T08:00:00.000Z' });
const entryOf = (order: typeof shipped) => ({ pk: `ORDER#${order.orderId}`, sk: 'CUSTOMER_ENTRY', entity: 'CustomerOrderEntry', gsi2pk: `CUSTOMER_ORDERS#${customer.sub}`, gsi2sk: `${order.createdAt}#${order.orderId}`, orderId: order.orderId, createdAt: order.createdAt });

describe('GET /orders as a customer', () => {
  const serve = () => {
    ddb.on(QueryCommand).resolves({ Items: [entryOf(shipped), entryOf(packing), { ...listingRow(older), gsi2pk: `CUSTOMER_ORDERS#${customer.sub}` }] });
    // BatchGetItem answers in any order, and may leave keys for another call.
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { operations: [listingRow(packing)] }, UnprocessedKeys: { operations: { Keys: [{ pk: `ORDER#${shipped.orderId}`, sk: 'LISTING' }] } } })
      .resolves({ Responses: { operations: [listingRow(shipped)] } });
  };

  it('reads its entries newest first, then their listings by key, in the entries\' order', async () => {
    serve();
    const { status, body } = await list();
    expect(status).toBe(200);
    expect((body.items as { orderId: string; status: string }[]).map((item) => [item.orderId, item.status])).toEqual([
      [shipped.orderId, 'SHIPPED'],
      [packing.orderId, 'AWAITING_PACKING'],
      [older.orderId, 'DELIVERED'],
    ]);
    const [query] = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(query).toMatchObject({ IndexName: 'GSI2', ExpressionAttributeValues: { ':partition': `CUSTOMER_ORDERS#${customer.sub}` }, ScanIndexForward: false });
    expect(query!.FilterExpression).toBeUndefined();
    expect(ddb.commandCalls(BatchGetCommand).map((call) => call.args[0].input.RequestItems!.operations!.Keys)).toEqual([
      [{ pk: `ORDER#${shipped.orderId}`, sk: 'LISTING' }, { pk: `ORDER#${packing.orderId}`, sk: 'LISTING' }],
      [{ pk: `ORDER#${shipped.orderId}`, sk: 'LISTING' }],
    ]);
  });

  it('keeps only the orders in the status asked for', async () => {
    serve();
    const { body } = await list({ status: 'AWAITING_PACKING' });
    expect((body.items as { orderId: string }[]).map((item) => item.orderId)).toEqual([packing.orderId]);
  });
});
