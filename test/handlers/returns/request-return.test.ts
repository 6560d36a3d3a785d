import { describe, expect, it } from 'vitest';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { context, httpEvent, parse, type Caller } from '../suppliers/support';
import { customer, NOW, ORDER_ID, orderRow, otherCustomer, productRow, serveRows, SKU_M, stockRow, storedOrder } from '../orders/support';
import { handler as requestReturn } from '../../../functions/returns/request-return';
import { MAX_RETURN_LINES } from '../../../shared/domain/returns/rules';
import { mockedAws } from '../mocked-aws';

const { ddb } = mockedAws(NOW);

const operator: Caller = { sub: 'op-olga', role: 'operator' };
const delivered = () =>
  storedOrder('DELIVERED', {
    timeline: [{ at: '2030-07-01T08:00:00.000Z', status: 'PENDING' }, { at: '2030-07-01T18:00:00.000Z', status: 'DELIVERED' }],
    payment: { status: 'CAPTURED', method: '•••• 4242', amount: { amount: 27250, currency: 'EUR' }, idempotencyKey: 'payment-1', captureId: 'capt_1' },
  });
const ask = (caller: Caller, body: unknown, key: string | null = 'return-key-1') => {
  const event = httpEvent(caller, { method: 'POST', path: `/orders/${ORDER_ID}/returns`, pathParameters: { id: ORDER_ID }, body });
  if (key !== null) event.headers = { ...event.headers, 'idempotency-key': key };
  return requestReturn(event, context).then(parse);
};
/** Writes of the return itself: not the idempotency middleware's claim and stored answer. */
const returnWrites = () =>
  ddb.calls().filter((call) => {
    const command = call.args[0];
    if (command instanceof GetCommand || command instanceof QueryCommand) return false;
    return !String((command.input as { Item?: { pk?: unknown }; Key?: { pk?: unknown } }).Item?.pk ?? (command.input as { Key?: { pk?: unknown } }).Key?.pk ?? '').startsWith('IDEMPOTENCY#');
  });

describe('POST /orders/{id}/returns', () => {
  it('an operator opens a return for the customer: the tally (conditional), the return, its list entries, the count, the events and the creation guard in one transaction', async () => {
    serveRows(ddb, orderRow(delivered()), stockRow(SKU_M), productRow());
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(PutCommand).resolves({});

    const { status, body } = await ask(operator, { lines: [{ sku: SKU_M, quantity: 1 }], reason: 'DAMAGED_IN_TRANSIT' });

    expect(status).toBe(201);
    expect(body).toMatchObject({ customerId: customer.sub, status: 'APPROVED', value: { amount: 8900 }, returnShippingPaidBy: 'SELLER' });
    const [created] = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
    expect(created![0]!.Put).toMatchObject({ Item: { pk: `ORDER_RETURNS#${ORDER_ID}`, sk: 'TALLY', heldUnits: { [SKU_M]: 1 }, version: 1 }, ConditionExpression: 'attribute_not_exists(pk)' });
    const keys = created!.map((item) => item.Put?.Item?.pk ?? item.Update?.Key?.pk);
    expect(keys).toEqual(expect.arrayContaining([`RETURN#${body.returnId}`, `CUSTOMER_RETURNS#${customer.sub}`, 'RETURNS#APPROVED', expect.stringMatching(/^OUTBOX#/), expect.stringMatching(/^CREATED#requestReturn#op-olga#/)]));
    expect(created!.find((item) => item.Update)?.Update).toMatchObject({ Key: { pk: `CUSTOMER_RETURNS#${customer.sub}`, sk: 'COUNT' }, UpdateExpression: 'ADD #count :one' });
  });

  it("answers 404 for another customer's order, writing nothing", async () => {
    serveRows(ddb, orderRow(delivered()), stockRow(SKU_M), productRow());
    const { status, body } = await ask(otherCustomer, { lines: [{ sku: SKU_M, quantity: 1 }], reason: 'DEFECTIVE' });
    expect(status).toBe(404);
    expect(body.code).toBe('OrderNotFound');
    expect(returnWrites()).toHaveLength(0);
  });

  it(`refuses more than ${MAX_RETURN_LINES} lines (its receipt must fit one transaction) and a missing key, before any DynamoDB call`, async () => {
    const lines = Array.from({ length: MAX_RETURN_LINES + 1 }, (_, index) => ({ sku: `SKU-${index}`, quantity: 1 }));
    expect((await ask(customer, { lines, reason: 'DEFECTIVE' })).status).toBe(400);
    expect((await ask(customer, { lines: [{ sku: SKU_M, quantity: 1 }], reason: 'DEFECTIVE' }, null)).body.code).toBe('IdempotencyKeyRequired');
    expect(ddb.calls()).toHaveLength(0);
  });
});
