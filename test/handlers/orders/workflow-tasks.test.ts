import { describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { context } from '../suppliers/support';
import { expectLineItems, NOW, ORDER_ID, orderKey, orderRow, PLACED_AT, readable, readableItems, serveRows, SKU_L, SKU_M, stockRows, storedOrder } from './support';
import { handler as releaseStock } from '../../../functions/orders/release-stock';
import { handler as voidPayment } from '../../../functions/orders/void-payment';
import type { StoredOrder } from '../../../shared/adapters/orders-repository';
import type { OrderPayment, StockHold } from '../../../shared/domain/orders/order';

const { ddb } = mockedAws(NOW);

const input = { orderId: ORDER_ID, correlationId: 'corr-1' };
const writes = () => ddb.calls().filter((call) => !(call.args[0] instanceof GetCommand));
const transactItems = () => readableItems(ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!);
const orderCondition = (version: number, status: string) => ({
  ConditionExpression: '#version = :version AND #status = :status',
  ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
  ExpressionAttributeValues: { ':version': version, ':status': status },
});
const withPayment = (order: StoredOrder, payment: Partial<OrderPayment>): StoredOrder => ({ ...order, payment: { ...order.payment, ...payment } });

describe('release-stock', () => {
  it("puts a reservation back once: the order RELEASED and, per line, the total, the warehouse's record and an audit row, in one transaction", async () => {
    serveRows(ddb, orderRow(storedOrder('CANCELLED', { version: 7, stockHold: 'RESERVED' })), ...stockRows({ [SKU_M]: { onHand: 20, reserved: 2 }, [SKU_L]: { onHand: 20, reserved: 1 } }));
    ddb.on(TransactWriteCommand).resolves({});

    await expect(releaseStock(input, context)).resolves.toEqual({ stockHold: 'RELEASED' });

    expect(writes()).toHaveLength(1);
    const [order, ...stock] = transactItems();
    expect(stock).toHaveLength(6);
    expect(order!.Put).toMatchObject({ ...orderCondition(7, 'CANCELLED'), Item: { ...orderKey(), status: 'CANCELLED', stockHold: 'RELEASED', version: 8, updatedAt: NOW.toISOString() } });
    expectLineItems(stock.slice(0, 3), SKU_M, { onHand: 20, reserved: 2 }, { onHand: 20, reserved: 0 }, 'RELEASE');
    expectLineItems(stock.slice(3), SKU_L, { onHand: 20, reserved: 1 }, { onHand: 20, reserved: 0 }, 'RELEASE');
  });

  it.each<StockHold>(['RELEASED', 'NONE', 'SHIPPED'])('changes nothing for an order whose stock hold is %s', async (stockHold) => {
    serveRows(ddb, orderRow(storedOrder('CANCELLED', { stockHold })));
    await expect(releaseStock(input, context)).resolves.toEqual({ stockHold });
    expect(writes()).toHaveLength(0);
  });
});

describe('void-payment', () => {
  it('voids nothing for a PENDING payment the provider was never asked about, and writes nothing', async () => {
    serveRows(ddb, orderRow(storedOrder('CANCELLED')));
    await expect(voidPayment(input, context)).resolves.toEqual({ payment: 'PENDING' });
    expect(writes()).toHaveLength(0);
  });

  it('voids an AUTHORIZED payment: VOIDED with voidedAt, conditional on the version it read', async () => {
    const authorized = withPayment(storedOrder('CANCELLED', { version: 8 }), { status: 'AUTHORIZED', authorizationRequestedAt: PLACED_AT.toISOString(), authorizationId: 'auth_1', authorizedAt: PLACED_AT.toISOString() });
    serveRows(ddb, orderRow(authorized));
    ddb.on(PutCommand).resolves({});

    await expect(voidPayment(input, context)).resolves.toEqual({ payment: 'VOIDED' });

    expect(writes()).toHaveLength(1);
    expect(readable(ddb.commandCalls(PutCommand)[0]!.args[0].input)).toMatchObject({
      ...orderCondition(8, 'CANCELLED'),
      Item: { ...orderKey(), status: 'CANCELLED', version: 9, payment: { status: 'VOIDED', voidedAt: NOW.toISOString(), authorizationId: 'auth_1' } },
    });
  });

  it('voids a PENDING payment whose authorize was requested (it may have gone through after a timeout)', async () => {
    serveRows(ddb, orderRow(withPayment(storedOrder('CANCELLED'), { authorizationRequestedAt: PLACED_AT.toISOString() })));
    ddb.on(PutCommand).resolves({});
    await expect(voidPayment(input, context)).resolves.toEqual({ payment: 'VOIDED' });
    expect(readable(ddb.commandCalls(PutCommand)[0]!.args[0].input).Item).toMatchObject({ payment: { status: 'VOIDED', voidedAt: NOW.toISOString() } });
  });

  it('leaves a payment that is VOIDED already alone', async () => {
    serveRows(ddb, orderRow(withPayment(storedOrder('CANCELLED'), { status: 'VOIDED', voidedAt: PLACED_AT.toISOString() })));
    await expect(voidPayment(input, context)).resolves.toEqual({ payment: 'VOIDED' });
    expect(writes()).toHaveLength(0);
  });
});

