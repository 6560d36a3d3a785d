/**
 * Analytics' order recorder (record-order-events), against mocked DynamoDB: a shipped order counts on its store day,
 * and — when the event carries the order's ship-by date — as a promised shipment, on time or late; a placed order's
 * basket rides in its sales transaction unless the two do not fit in one.
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';
import { ORDER_ID, orderRow, storedOrder } from '../orders/support';

const { ddb } = mockedAws(new Date('2030-06-12T08:00:00.000Z'));
const { handler } = await import('../../../functions/analytics/record-order-events');

const shipped = (eventId: string, shipBy?: string) => ({
  'detail-type': 'OrderShipped',
  source: 'commerce.orders',
  detail: { eventId, orderId: '01J0ORDER00000000000000000', occurredAt: '2030-06-11T15:00:00.000Z', ...(shipBy ? { shipBy } : {}) },
});
const counted = () => {
  const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
  const update = items.find((item) => item.Update)!.Update!;
  const names = update.ExpressionAttributeNames as Record<string, string>;
  const values = update.ExpressionAttributeValues as Record<string, unknown>;
  return Object.fromEntries(Object.entries(names).filter(([alias]) => alias.startsWith('#c')).map(([alias, name]) => [name, values[`:${alias.slice(1)}`]]));
};

describe('a shipped order in the counters', () => {
  it.each([
    ['by its ship-by date', '2030-06-11', { shippedOrders: 1, promisedShipments: 1, onTimeShipments: 1 }],
    ['after its ship-by date (an ADD of 0 is not written)', '2030-06-10', { shippedOrders: 1, promisedShipments: 1 }],
    ['without a ship-by date on the event (as today)', undefined, { shippedOrders: 1 }],
  ])('%s', async (_, shipBy, add) => {
    ddb.on(TransactWriteCommand).resolves({});
    expect(await handler(shipped(`evt-${shipBy}`, shipBy))).toEqual({ outcome: 'recorded' });
    expect(counted()).toEqual(add);
    expect(ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.find((item) => item.Update)!.Update!.Key!.pk).toMatch(/^DAY#2030-06-11#/);
  });
});

describe('a placed order\'s basket', () => {
  const placed = (eventId: string) => ({
    'detail-type': 'OrderPlaced',
    source: 'commerce.orders',
    detail: { eventId, orderId: ORDER_ID, occurredAt: '2030-06-11T15:00:00.000Z' },
  });
  /** The order with `count` lines of distinct SKUs (no stock or product found: no categories). */
  const serveOrderOf = (count: number) => {
    const order = storedOrder('AWAITING_PACKING');
    const line = order.price.lines[0]!;
    const lines = Array.from({ length: count }, (_, at) => ({ ...line, lineIndex: at, sku: `NW-SKU-${String(at).padStart(2, '0')}` }));
    ddb.on(GetCommand).resolves({});
    ddb.on(GetCommand, { Key: { pk: `ORDER#${ORDER_ID}`, sk: 'ORDER' } }).resolves({ Item: orderRow({ ...order, price: { ...order.price, lines } }) });
    ddb.on(TransactWriteCommand).resolves({});
  };
  /** Each transaction's items as `<pk prefix>/<sk prefix>`. */
  const transactions = () =>
    ddb.commandCalls(TransactWriteCommand).map((call) =>
      call.args[0].input.TransactItems!.map((item) => {
        const { pk, sk } = (item.Update?.Key ?? item.Put?.Item) as { pk: string; sk: string };
        return `${pk.split('#')[0]}/${sk.split('#')[0]}`;
      }),
    );

  it('is counted in the sales transaction, under its one guard, when both fit', async () => {
    serveOrderOf(2);
    expect(await handler(placed('evt-small'))).toEqual({ outcome: 'recorded' });
    const [only, ...more] = transactions();
    expect(more).toEqual([]);
    expect(only).toEqual(expect.arrayContaining(['ANALYTICS_CONSUMED/CONSUMED', 'BASKETS/TOTAL', 'PAIR/ORDERS', 'PAIR/WITH']));
    expect(only).not.toContain('ANALYTICS_CONSUMED/BASKET');
  });

  it('goes second, under a guard of its own, when a 32-line order\'s counters leave it no room', async () => {
    serveOrderOf(32);
    expect(await handler(placed('evt-large'))).toEqual({ outcome: 'recorded' });
    const [sales, basket, ...more] = transactions();
    expect(more).toEqual([]);
    expect(sales).toContain('ANALYTICS_CONSUMED/CONSUMED');
    expect(sales!.filter((key) => key.startsWith('PAIR/') || key.startsWith('BASKETS/'))).toEqual([]);
    expect(basket![0]).toBe('ANALYTICS_CONSUMED/BASKET');
    expect(basket).toHaveLength(1 + 1 + 8 + 8 * 7);
  });
});
