import { describe, expect, it } from 'vitest';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SendTaskFailureCommand } from '@aws-sdk/client-sfn';
import { conditionalCheckFailed, context, httpEvent, parse, type Caller } from '../suppliers/support';
import { customer, NOW, ORDER_ID, orderKey, orderRow, otherCustomer, PACKING_TOKEN, readable, serveRows, storedOrder } from './support';
import { handler as cancelOrder } from '../../../functions/orders/cancel-order';
import { mockedAws } from '../mocked-aws';

const { ddb, sfn } = mockedAws(NOW);

const cancelAs = (caller: Caller, body: unknown = { reason: 'Ordered the wrong size' }) =>
  cancelOrder(httpEvent(caller, { method: 'POST', path: `/orders/${ORDER_ID}/cancel`, pathParameters: { id: ORDER_ID }, body }), context).then(parse);

const writes = () => ddb.calls().filter((call) => !(call.args[0] instanceof GetCommand));

describe('POST /orders/{id}/cancel', () => {
  it('cancels an order awaiting packing (202): one conditional Put of the order carrying OrderCancelled, then fails the packing wait', async () => {
    serveRows(ddb, orderRow(storedOrder('AWAITING_PACKING', { version: 6, packingToken: PACKING_TOKEN, executionArn: 'arn:exec:order-1' })));
    ddb.on(PutCommand).resolves({});
    sfn.on(SendTaskFailureCommand).resolves({});

    const { status, body } = await cancelAs(customer);

    expect(status).toBe(202);
    expect(body).toMatchObject({ orderId: ORDER_ID, status: 'CANCELLED' });
    expect((body.timeline as unknown[]).at(-1)).toEqual({ at: NOW.toISOString(), status: 'CANCELLED', reason: 'CUSTOMER_REQUEST', note: 'Ordered the wrong size' });
    expect(JSON.stringify(body)).not.toContain(PACKING_TOKEN);

    expect(writes()).toHaveLength(1);
    const put = readable(ddb.commandCalls(PutCommand)[0]!.args[0].input);
    // The listing follows from the table stream; the event rides on the order.
    expect(put).toMatchObject({
      ConditionExpression: '#version = :version AND #status = :status',
      ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
      ExpressionAttributeValues: { ':version': 6, ':status': 'AWAITING_PACKING' },
      Item: { ...orderKey(), status: 'CANCELLED', version: 7, executionArn: 'arn:exec:order-1', updatedAt: NOW.toISOString() },
    });
    expect(put.Item).not.toHaveProperty('packingToken');
    expect(put.Item!.outbox).toMatchObject([{
      source: 'commerce.orders',
      detailType: 'OrderCancelled',
      detail: { orderId: ORDER_ID, customerId: customer.sub, status: 'CANCELLED', cancelledBy: customer.sub, reason: 'Ordered the wrong size', correlationId: 'corr-1' },
    }]);

    const failures = sfn.commandCalls(SendTaskFailureCommand);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.args[0].input).toMatchObject({ taskToken: PACKING_TOKEN, error: 'OrderCancelled' });
  });

  it('cancels an accepted order the workflow is not waiting on yet without answering any task token', async () => {
    serveRows(ddb, orderRow(storedOrder('AWAITING_PACKING', { stockHold: 'RESERVED' })));
    ddb.on(PutCommand).resolves({});
    const { status, body } = await cancelAs(customer, {});
    expect(status).toBe(202);
    expect(body.status).toBe('CANCELLED');
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('asks to try again in a moment while POST /orders is still checking the order out (409 OrderBeingPlaced), writing nothing', async () => {
    serveRows(ddb, orderRow(storedOrder('STOCK_RESERVED', { stockHold: 'RESERVED' })));
    const { status, body } = await cancelAs(customer, {});
    expect(status).toBe(409);
    expect(body.code).toBe('OrderBeingPlaced');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('answers a repeated cancel with 202 CANCELLED and does nothing again', async () => {
    serveRows(ddb, orderRow(storedOrder('CANCELLED')));
    const { status, body } = await cancelAs(customer);
    expect(status).toBe(202);
    expect(body).toMatchObject({ orderId: ORDER_ID, status: 'CANCELLED' });
    expect(writes()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('answers 409 OrderAlreadyPacked for a packed order, writing nothing', async () => {
    serveRows(ddb, orderRow(storedOrder('PACKED')));
    const { status, body } = await cancelAs(customer);
    expect(status).toBe(409);
    expect(body.code).toBe('OrderAlreadyPacked');
    expect(writes()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('answers 409 OrderAlreadyShipped for a shipped order, pointing at the returns route', async () => {
    serveRows(ddb, orderRow(storedOrder('SHIPPED')));
    const { status, body } = await cancelAs(customer);
    expect(status).toBe(409);
    expect(body.code).toBe('OrderAlreadyShipped');
    expect(body.detail).toContain(`/orders/${ORDER_ID}/returns`);
    expect(writes()).toHaveLength(0);
  });

  it("hides another customer's order (404) and writes nothing", async () => {
    serveRows(ddb, orderRow(storedOrder('AWAITING_PACKING', { packingToken: PACKING_TOKEN })));
    const { status, body } = await cancelAs(otherCustomer);
    expect(status).toBe(404);
    expect(body.code).toBe('OrderNotFound');
    expect(writes()).toHaveLength(0);
    expect(sfn.calls()).toHaveLength(0);
  });

  it('re-reads when the order changed under it: packed meanwhile → 409 OrderAlreadyPacked, no task token answered', async () => {
    const row = orderRow(storedOrder('AWAITING_PACKING', { version: 6, packingToken: PACKING_TOKEN }));
    ddb.on(GetCommand, { Key: orderKey() }).resolvesOnce({ Item: row }).resolves({ Item: orderRow(storedOrder('PACKED', { version: 7 })) });
    ddb.on(PutCommand).rejects(conditionalCheckFailed());

    const { status, body } = await cancelAs(customer);

    expect(status).toBe(409);
    expect(body.code).toBe('OrderAlreadyPacked');
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
    expect(sfn.calls()).toHaveLength(0);
  });
});

describe('POST /orders/{id}/cancel while the workflow writes the order', () => {
  it('retries its optimistic write itself: two lost races, then cancelled (202), no 409 for the caller', async () => {
    const at = (version: number) => ({ Item: orderRow(storedOrder('AWAITING_PACKING', { version })) });
    ddb.on(GetCommand, { Key: orderKey() }).resolvesOnce(at(3)).resolvesOnce(at(4)).resolves(at(5));
    ddb.on(PutCommand).rejectsOnce(conditionalCheckFailed()).rejectsOnce(conditionalCheckFailed()).resolves({});

    const { status, body } = await cancelAs(customer);

    expect(status).toBe(202);
    expect(body.status).toBe('CANCELLED');
    expect(ddb.commandCalls(PutCommand)).toHaveLength(3);
    const last = ddb.commandCalls(PutCommand)[2]!.args[0].input;
    expect(last.ExpressionAttributeValues).toMatchObject({ ':version': 5, ':status': 'AWAITING_PACKING' });
  });
});
