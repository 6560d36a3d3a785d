import '../suppliers/support';
import { describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand, TransactWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { listingRow, NOW, ORDER_ID, orderKey, orderRow, readable, readableItems, SKU_L, SKU_M, stockRow, storedOrder } from './support';
import { handler as sweep } from '../../../functions/orders/sweep-orders';
import { needAttention } from '../../../shared/domain/orders/attention';
import type { StoredOrder } from '../../../shared/adapters/orders-repository';
import { mockedAws } from '../mocked-aws';

const { ddb } = mockedAws(NOW);

const parked = (order: StoredOrder): StoredOrder => ({ ...order, ...needAttention(order, NOW, { reason: 'COMPENSATION_FAILED' }) }) as StoredOrder;

describe('the order sweeper', () => {
  it('finishes a NEEDS_ATTENTION order: releases its units in the order\'s transaction, then ends it as it should have', async () => {
    const order = parked({ ...storedOrder('PAYMENT_AUTHORIZED', { version: 4 }), stockHold: 'RESERVED', payment: { ...storedOrder('PAYMENT_AUTHORIZED').payment, status: 'VOIDED' } });
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':partition': 'ORDERS#NEEDS_ATTENTION' } }).resolves({ Items: [listingRow(order)] });
    const released = { ...order, stockHold: 'RELEASED', attention: { ...order.attention!, reservedUnits: 0 }, version: 5 } as StoredOrder;
    ddb.on(GetCommand).resolves({});
    ddb.on(GetCommand, { Key: orderKey() }).resolvesOnce({ Item: orderRow(order) }).resolves({ Item: orderRow(released) });
    for (const [sku, quantity] of [[SKU_M, 2], [SKU_L, 1]] as const) {
      ddb.on(GetCommand, { Key: { pk: `SKU#${sku}`, sk: 'STOCK' } }).resolves({ Item: { ...stockRow(sku, undefined, { onHand: 20, reserved: quantity, available: 20 - quantity }), placed: true } });
      ddb.on(GetCommand, { Key: { pk: `SKU#${sku}`, sk: 'STOCK#wh-berlin' } }).resolves({ Item: { pk: `SKU#${sku}`, sk: 'STOCK#wh-berlin', sku, warehouseId: 'wh-berlin', onHand: 20, reserved: quantity, available: 20 - quantity, inTransitIn: 0 } });
    }
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(PutCommand).resolves({});

    const report = await sweep({ id: 'sweep-1' });

    expect(report).toEqual({ stalled: 0, resolved: 1, overdue: 0, failed: 0 });
    const [release] = ddb.commandCalls(TransactWriteCommand).map((call) => readableItems(call.args[0].input.TransactItems!));
    expect(release!.map((item) => item.Put?.Item?.stockHold ?? item.Put?.Item?.kind ?? item.Update?.Key?.sk)).toEqual(expect.arrayContaining(['RELEASED', 'STOCK#wh-berlin', 'RELEASE']));
    expect(release!.filter((item) => item.Update?.Key?.sk === 'STOCK#wh-berlin').map((item) => item.Update!.ExpressionAttributeValues![':reserved'])).toEqual([-2, -1]);
    // Then the order alone, FAILED, carrying OrderAttentionResolved (its listing follows from the table stream).
    const resolved = ddb.commandCalls(PutCommand).map((call) => readable(call.args[0].input).Item!).filter((item) => item.sk === 'ORDER');
    expect(resolved.map((item) => [item.status, (item.outbox as { detailType: string }[] | undefined)?.map((event) => event.detailType)])).toEqual([['FAILED', ['OrderAttentionResolved']]]);
    // Key queries only: the transient statuses and NEEDS_ATTENTION on the status index, oldest first; the parcels due, earliest promise first.
    const partitions = ddb.commandCalls(QueryCommand).map((call) => [call.args[0].input.IndexName, call.args[0].input.ExpressionAttributeValues?.[':partition'], call.args[0].input.ScanIndexForward]);
    expect(partitions).toEqual([
      ['GSI1', 'ORDERS#PENDING', true],
      ['GSI1', 'ORDERS#STOCK_RESERVED', true],
      ['GSI1', 'ORDERS#PAYMENT_AUTHORIZED', true],
      ['GSI1', 'ORDERS#CARRIER_ALLOCATED', true],
      ['GSI1', 'ORDERS#NEEDS_ATTENTION', true],
      ['GSI3', 'PARCELS_DUE', true],
    ]);
    expect(ORDER_ID).toBeTruthy();
  });

  it('alerts ops once about a parcel past its promised date, which then leaves the partition of parcels due', async () => {
    const late = { ...storedOrder('IN_TRANSIT', { version: 7 }), stockHold: 'SHIPPED', promisedBy: '2020-01-06' } as StoredOrder;
    const onTime = { ...late, orderId: 'order-on-time', promisedBy: '2999-01-01' } as StoredOrder;
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':partition': 'PARCELS_DUE' } }).resolves({ Items: [late, onTime].map(({ orderId, promisedBy }) => ({ pk: `ORDER#${orderId}`, sk: 'PARCEL_DUE', gsi3pk: 'PARCELS_DUE', orderId, promisedBy })) });
    ddb.on(GetCommand, { Key: orderKey() }).resolves({ Item: orderRow(late) });
    ddb.on(PutCommand).resolves({});

    const report = await sweep({ id: 'sweep-2' });

    expect(report).toEqual({ stalled: 0, resolved: 0, overdue: 1, failed: 0 });
    // The order alone, carrying DeliveryOverdue: once alerted it is no longer due, and its entry follows from the table stream.
    const alerted = ddb.commandCalls(PutCommand).map((call) => readable(call.args[0].input).Item!);
    expect(alerted).toHaveLength(1);
    expect(alerted[0]).toMatchObject({ status: 'IN_TRANSIT', alertsRaised: ['DELIVERY_OVERDUE'], outbox: [{ detailType: 'DeliveryOverdue' }] });
  });
});
