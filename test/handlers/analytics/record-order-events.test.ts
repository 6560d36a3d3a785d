/**
 * OrderShipped in analytics' order recorder (record-order-events), against mocked DynamoDB: a shipped order counts
 * on its store day, and — when the event carries the order's ship-by date — as a promised shipment, on time or late.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';

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
