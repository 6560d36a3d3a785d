import { describe, expect, it } from 'vitest';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { context } from '../suppliers/support';
import { NOW, ORDER_ID, orderKey, orderRow, readableItems, serveRows, storedOrder } from './support';
import { handler as createShipment } from '../../../functions/orders/create-shipment';
import { mockedAws } from '../mocked-aws';
import type { OrderShipment } from '../../../shared/domain/orders/order';

const { ddb } = mockedAws(NOW);
const input = { orderId: ORDER_ID, correlationId: 'corr-1' };
const dimensions = { lengthMm: 400, widthMm: 300, heightMm: 300 };
const packed = { weightGrams: 43_200, dimensions, packedAt: NOW.toISOString(), packedBy: 'warehouse-1' };
const planned = [
  { weightGrams: 38_400, lines: [{ sku: 'CC-BOWL-SAND', quantity: 16 }] },
  { weightGrams: 4_800, lines: [{ sku: 'CC-BOWL-SAND', quantity: 2 }] },
];

const written = () => readableItems(ddb.commandCalls(TransactWriteCommand).flatMap((call) => call.args[0].input.TransactItems ?? []));

describe('CreateShipment for an order of several parcels', () => {
  it('books one shipment per parcel, each with its own tracking number and tracking mapping, in one write', async () => {
    serveRows(ddb, orderRow(storedOrder('PACKED', { version: 7, carrierId: 'eurolink', packed, plannedParcels: planned })));
    ddb.on(TransactWriteCommand).resolves({});
    const result = await createShipment(input, context);
    expect(result.trackingNumbers).toHaveLength(2);
    expect(new Set(result.trackingNumbers).size).toBe(2);
    const order = written().find((item) => item.Put?.Item?.pk === orderKey().pk)!.Put!.Item!;
    expect((order.shipments as OrderShipment[]).map((shipment) => [shipment.trackingNumber, shipment.weightGrams])).toEqual([
      [result.trackingNumbers![0], 38_400],
      [result.trackingNumbers![1], 4_800],
    ]);
    const mappings = written().filter((item) => String(item.Put?.Item?.pk).startsWith('TRACKING#')).map((item) => item.Put!.Item!.pk);
    expect(mappings).toEqual(result.trackingNumbers!.map((number) => `TRACKING#${number}`));
  });

  it('books the parcels as the warehouse weighed them when it says so, and a single parcel exactly as before', async () => {
    const weighed = [{ weightGrams: 30_000, dimensions }, { weightGrams: 13_200, dimensions: { ...dimensions, heightMm: 150 } }];
    serveRows(ddb, orderRow(storedOrder('PACKED', { version: 7, carrierId: 'eurolink', packed: { ...packed, parcels: weighed }, plannedParcels: planned })));
    ddb.on(TransactWriteCommand).resolves({});
    await createShipment(input, context);
    const order = written().find((item) => item.Put?.Item?.pk === orderKey().pk)!.Put!.Item!;
    expect((order.shipments as OrderShipment[]).map((shipment) => shipment.weightGrams)).toEqual([30_000, 13_200]);

    ddb.reset();
    serveRows(ddb, orderRow(storedOrder('PACKED', { version: 7, carrierId: 'rheinpost', packed: { ...packed, weightGrams: 2_600 } })));
    ddb.on(TransactWriteCommand).resolves({});
    const single = await createShipment(input, context);
    expect(single).toEqual({ trackingNumber: expect.any(String) });
  });
});
