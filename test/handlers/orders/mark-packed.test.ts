import { describe, expect, it } from 'vitest';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { context, httpEvent, parse, type Caller } from '../suppliers/support';
import { customer, NOW, ORDER_ID, orderKey, orderRow, PACKING_TOKEN, picker, readable, serveRows, storedOrder } from './support';
import { handler as markPacked } from '../../../functions/orders/mark-packed';
import { mockedAws } from '../mocked-aws';

const { ddb, sfn } = mockedAws(NOW);

const parcel = { weightGrams: 1100, dimensions: { lengthMm: 300, widthMm: 250, heightMm: 80 } };

const packAs = (caller: Caller, body: unknown = parcel) =>
  markPacked(httpEvent(caller, { method: 'POST', path: `/orders/${ORDER_ID}/packed`, pathParameters: { id: ORDER_ID }, body }), context).then(parse);

const writes = () => ddb.calls().filter((call) => !(call.args[0] instanceof GetCommand));

describe('POST /orders/{id}/packed', () => {
  it('records the parcel and PACKED (version+1, packing token spent), then resumes the waiting step', async () => {
    serveRows(ddb, orderRow(storedOrder('AWAITING_PACKING', { version: 5, packingToken: PACKING_TOKEN, carrierId: 'rheinpost' })));
    ddb.on(PutCommand).resolves({});
    sfn.on(SendTaskSuccessCommand).resolves({});

    const { status, body } = await packAs(picker);

    expect(status).toBe(202);
    expect(body).toMatchObject({ orderId: ORDER_ID, status: 'PACKED', carrierId: 'rheinpost' });
    expect((body.timeline as { status: string }[]).at(-1)).toEqual({ at: NOW.toISOString(), status: 'PACKED' });
    expect(JSON.stringify(body)).not.toContain(PACKING_TOKEN);

    expect(writes()).toHaveLength(1);
    // One conditional Put of the order: its listing follows from the table stream.
    const put = ddb.commandCalls(PutCommand).map((call) => readable(call.args[0].input)).find((input) => input.Item?.sk === 'ORDER');
    expect(put).toMatchObject({
      ConditionExpression: '#version = :version AND #status = :status',
      ExpressionAttributeValues: { ':version': 5, ':status': 'AWAITING_PACKING' },
      Item: {
        ...orderKey(),
        status: 'PACKED',
        version: 6,
        packed: { ...parcel, packedAt: NOW.toISOString(), packedBy: picker.sub },
        updatedAt: NOW.toISOString(),
      },
    });
    expect(put!.Item).not.toHaveProperty('packingToken');

    const resumes = sfn.commandCalls(SendTaskSuccessCommand);
    expect(resumes).toHaveLength(1);
    expect(resumes[0]!.args[0].input).toEqual({ taskToken: PACKING_TOKEN, output: JSON.stringify({ packed: true }) });
  });

  it.each(['CARRIER_ALLOCATED', 'PACKED', 'CANCELLED'] as const)('answers 409 OrderNotAwaitingPacking for a %s order without writing', async (current) => {
    serveRows(ddb, orderRow(storedOrder(current, { packingToken: PACKING_TOKEN })));
    const { status, body } = await packAs(picker);
    expect(status).toBe(409);
    expect(body.code).toBe('OrderNotAwaitingPacking');
    expect(writes()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('is for the warehouse only: a customer gets 403 and nothing is read or written', async () => {
    serveRows(ddb, orderRow(storedOrder('AWAITING_PACKING', { packingToken: PACKING_TOKEN })));
    const { status } = await packAs(customer);
    expect(status).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });
});
