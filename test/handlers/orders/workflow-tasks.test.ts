import { describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { context } from '../suppliers/support';
import { cancelledWith, CARDS, customer, listingKey, NOW, ORDER_ID, orderKey, orderRow, PLACED_AT, serveRows, SKU_L, SKU_M, stockRow, storedOrder } from './support';
import { handler as reserveStock } from '../../../functions/orders/reserve-stock';
import { handler as releaseStock } from '../../../functions/orders/release-stock';
import { handler as authorizePayment } from '../../../functions/orders/authorize-payment';
import { handler as voidPayment } from '../../../functions/orders/void-payment';
import type { StoredOrder } from '../../../shared/adapters/orders-repository';
import type { OrderPayment, StockHold } from '../../../shared/domain/orders/order';

const { ddb } = mockedAws(NOW);

const input = { orderId: ORDER_ID, correlationId: 'corr-1' };
const writes = () => ddb.calls().filter((call) => !(call.args[0] instanceof GetCommand));
const transactItems = () => ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
const orderCondition = (version: number, status: string) => ({
  ConditionExpression: '#version = :version AND #status = :status',
  ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
  ExpressionAttributeValues: { ':version': version, ':status': status },
});
const withPayment = (order: StoredOrder, payment: Partial<OrderPayment>): StoredOrder => ({ ...order, payment: { ...order.payment, ...payment } });

/** The SKUs' totals (placed in warehouses) and their records at the order's warehouse, wh-berlin. */
const stockRows = (levels: Partial<Record<string, { onHand: number; reserved: number }>> = {}) =>
  [SKU_M, SKU_L].flatMap((sku) => {
    const { onHand, reserved } = levels[sku] ?? { onHand: 20, reserved: 0 };
    return [
      { ...stockRow(sku, undefined, { onHand, reserved, available: onHand - reserved }), placed: true },
      { pk: `SKU#${sku}`, sk: 'STOCK#wh-berlin', entity: 'WarehouseStock', sku, warehouseId: 'wh-berlin', onHand, reserved, available: onHand - reserved, inTransitIn: 0, updatedAt: PLACED_AT.toISOString() },
    ];
  });

/** A line's items: the total by the change, the warehouse's record as read → after, and its audit row. */
const expectLineItems = (items: readonly { Update?: unknown; Put?: unknown }[], sku: string, before: { onHand: number; reserved: number }, after: { onHand: number; reserved: number }, kind: string) => {
  const [total, warehouse, audit] = items;
  expect(total!.Update).toMatchObject({
    Key: { pk: `SKU#${sku}`, sk: 'STOCK' },
    ConditionExpression: 'attribute_exists(pk) AND placed = :true AND available >= :floor',
    ExpressionAttributeValues: { ':onHand': after.onHand - before.onHand, ':reserved': after.reserved - before.reserved, ':available': after.onHand - after.reserved - (before.onHand - before.reserved) },
  });
  // The warehouse's record adds the delta under floors (racing orders never refuse each other), as the total does.
  const delta = { onHand: after.onHand - before.onHand, reserved: after.reserved - before.reserved };
  expect(warehouse!.Update).toMatchObject({
    Key: { pk: `SKU#${sku}`, sk: 'STOCK#wh-berlin' },
    UpdateExpression: 'SET onHand = onHand + :onHand, reserved = reserved + :reserved, available = available + :available, updatedAt = :now',
    ConditionExpression: 'attribute_exists(pk) AND onHand >= :onHandFloor AND reserved >= :reservedFloor AND available >= :availableFloor',
    ExpressionAttributeValues: { ':onHand': delta.onHand, ':reserved': delta.reserved, ':available': delta.onHand - delta.reserved, ':reservedFloor': Math.max(0, -delta.reserved) },
  });
  expect(audit!.Put).toMatchObject({
    Item: { pk: `SKU#${sku}`, sk: `AUDIT#${NOW.toISOString()}#wh-berlin#${kind}#${ORDER_ID}`, warehouseId: 'wh-berlin', kind, actor: 'order-fulfilment', ref: ORDER_ID, delta },
    ConditionExpression: 'attribute_not_exists(pk)',
  });
  expect(audit!.Put).not.toHaveProperty('Item.before');
};

describe('reserve-stock', () => {
  it("reserves every line at the order's warehouse with the order write in ONE transaction: each total, the warehouse's record, an audit row", async () => {
    serveRows(ddb, orderRow(storedOrder('PENDING', { version: 3 })), ...stockRows());
    ddb.on(TransactWriteCommand).resolves({});

    await expect(reserveStock(input, context)).resolves.toEqual({ reserved: true, shortSkus: [] });

    expect(writes()).toHaveLength(1);
    const [order, listing, ...stock] = transactItems();
    expect(stock).toHaveLength(6);
    expect(order!.Put).toMatchObject({ ...orderCondition(3, 'PENDING'), Item: { ...orderKey(), status: 'STOCK_RESERVED', stockHold: 'RESERVED', version: 4 } });
    expect(order!.Put!.Item).not.toHaveProperty('gsi1pk');
    expect(listing!.Put!.Item).toEqual({ ...listingKey(), entity: 'OrderListing', gsi1pk: 'ORDERS#STOCK_RESERVED', gsi1sk: expect.stringMatching(/#01J0000000000000000000000R$/), gsi2pk: `CUSTOMER_ORDERS#${customer.sub}`, gsi2sk: expect.any(String), orderId: ORDER_ID, customerId: customer.sub, status: 'STOCK_RESERVED', total: expect.objectContaining({ currency: 'EUR' }), promisedBy: expect.any(String), createdAt: expect.any(String) });
    expectLineItems(stock.slice(0, 3), SKU_M, { onHand: 20, reserved: 0 }, { onHand: 20, reserved: 2 }, 'RESERVE');
    expectLineItems(stock.slice(3), SKU_L, { onHand: 20, reserved: 0 }, { onHand: 20, reserved: 1 }, 'RESERVE');
  });

  it("answers { reserved: false, shortSkus } naming the SKU its warehouse has too few of (line 2), and writes nothing", async () => {
    serveRows(ddb, orderRow(storedOrder('PENDING')), ...stockRows({ [SKU_L]: { onHand: 3, reserved: 3 } }));

    await expect(reserveStock(input, context)).resolves.toEqual({ reserved: false, shortSkus: [SKU_L] });
    expect(writes()).toHaveLength(0);
  });

  it('reads again and decides again when a record changed since read (its condition refused)', async () => {
    serveRows(ddb, orderRow(storedOrder('PENDING')), ...stockRows());
    ddb.on(TransactWriteCommand).rejectsOnce(cancelledWith('None', 'None', 'ConditionalCheckFailed', 'None', 'None', 'None', 'None')).resolves({});

    await expect(reserveStock(input, context)).resolves.toEqual({ reserved: true, shortSkus: [] });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('throws StockContention when the transaction lost to another one on the same stock (the workflow retries)', async () => {
    serveRows(ddb, orderRow(storedOrder('PENDING')), ...stockRows());
    ddb.on(TransactWriteCommand).rejects(cancelledWith('None', 'TransactionConflict', 'None', 'None', 'None', 'None', 'None'));

    await expect(reserveStock(input, context)).rejects.toMatchObject({ name: 'StockContention' });
    expect(writes()).toHaveLength(1);
  });

  it('does nothing for an order that already holds its stock (a step run twice)', async () => {
    serveRows(ddb, orderRow(storedOrder('STOCK_RESERVED', { stockHold: 'RESERVED' })));
    await expect(reserveStock(input, context)).resolves.toEqual({ reserved: true, shortSkus: [] });
    expect(writes()).toHaveLength(0);
  });

  it('stops on a cancelled order with OrderCancelled, reserving nothing', async () => {
    serveRows(ddb, orderRow(storedOrder('CANCELLED')));
    await expect(reserveStock(input, context)).rejects.toMatchObject({ name: 'OrderCancelled' });
    expect(writes()).toHaveLength(0);
  });
});

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
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input).toMatchObject({
      ...orderCondition(8, 'CANCELLED'),
      Item: { ...orderKey(), status: 'CANCELLED', version: 9, payment: { status: 'VOIDED', voidedAt: NOW.toISOString(), authorizationId: 'auth_1' } },
    });
  });

  it('voids a PENDING payment whose authorize was requested (it may have gone through after a timeout)', async () => {
    serveRows(ddb, orderRow(withPayment(storedOrder('CANCELLED'), { authorizationRequestedAt: PLACED_AT.toISOString() })));
    ddb.on(PutCommand).resolves({});
    await expect(voidPayment(input, context)).resolves.toEqual({ payment: 'VOIDED' });
    expect(ddb.commandCalls(PutCommand)[0]!.args[0].input.Item).toMatchObject({ payment: { status: 'VOIDED', voidedAt: NOW.toISOString() } });
  });

  it('leaves a payment that is VOIDED already alone', async () => {
    serveRows(ddb, orderRow(withPayment(storedOrder('CANCELLED'), { status: 'VOIDED', voidedAt: PLACED_AT.toISOString() })));
    await expect(voidPayment(input, context)).resolves.toEqual({ payment: 'VOIDED' });
    expect(writes()).toHaveLength(0);
  });
});

describe('authorize-payment (sandbox provider)', () => {
  /**
   * The order as the three reads see it: the task's own, the first step's (before the request is
   * recorded), and the second step's (after it, one version on).
   */
  const serveAuthorizing = (paymentToken: string) => {
    const before = storedOrder('STOCK_RESERVED', { version: 4, stockHold: 'RESERVED', paymentToken });
    const requested = withPayment({ ...before, version: 5 }, { authorizationRequestedAt: NOW.toISOString() });
    ddb.on(GetCommand).resolves({});
    // One read to record the request, one to record the provider's answer.
    ddb.on(GetCommand, { Key: orderKey() }).resolvesOnce({ Item: orderRow(before) }).resolves({ Item: orderRow(requested) });
    ddb.on(PutCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
  };
  const puts = () => ddb.commandCalls(PutCommand).map((call) => call.args[0].input);

  const expectRequestRecorded = () =>
    expect(puts()[0]).toMatchObject({
      ...orderCondition(4, 'STOCK_RESERVED'),
      Item: { ...orderKey(), status: 'STOCK_RESERVED', version: 5, payment: { status: 'PENDING', authorizationRequestedAt: NOW.toISOString() } },
    });

  it('approves the 4242 card: records the request first, then AUTHORIZED with the authorization id and PAYMENT_AUTHORIZED', async () => {
    serveAuthorizing(CARDS.approve);

    await expect(authorizePayment(input, context)).resolves.toEqual({ authorized: true });

    expect(writes()).toHaveLength(2);
    expectRequestRecorded();
    // The status moved: the order and its listing together (the request alone was one plain Put).
    const [authorized, listing] = transactItems();
    expect(listing!.Put!.Item).toMatchObject({ ...listingKey(), gsi1pk: 'ORDERS#PAYMENT_AUTHORIZED', status: 'PAYMENT_AUTHORIZED' });
    expect(authorized!.Put).toMatchObject({
      ...orderCondition(5, 'STOCK_RESERVED'),
      Item: {
        status: 'PAYMENT_AUTHORIZED',
        version: 6,
        payment: {
          status: 'AUTHORIZED',
          authorizationId: expect.stringMatching(/^auth_[0-9a-f]{24}$/),
          authorizedAt: NOW.toISOString(),
          authorizationRequestedAt: NOW.toISOString(),
          idempotencyKey: `payment-${ORDER_ID}`,
          amount: { amount: 27250, currency: 'EUR' },
        },
      },
    });
  });

  it('declines the 0002 card: DECLINED with CARD_DECLINED, the order left for the workflow to reject', async () => {
    serveAuthorizing(CARDS.decline);

    await expect(authorizePayment(input, context)).resolves.toEqual({ authorized: false, reason: 'CARD_DECLINED' });

    expect(writes()).toHaveLength(2);
    expectRequestRecorded();
    expect(puts()[1]).toMatchObject({
      ...orderCondition(5, 'STOCK_RESERVED'),
      Item: { status: 'STOCK_RESERVED', version: 6, payment: { status: 'DECLINED', declineReason: 'CARD_DECLINED' } },
    });
    expect(puts()[1]!.Item!.payment).not.toHaveProperty('authorizationId');
  });

  it('throws PaymentProviderUnavailable for the timeout card, after recording authorizationRequestedAt (so a void is owed)', async () => {
    serveAuthorizing(CARDS.timeout);

    await expect(authorizePayment(input, context)).rejects.toMatchObject({ name: 'PaymentProviderUnavailable', message: expect.stringContaining('TIMEOUT') });

    expect(writes()).toHaveLength(1);
    expectRequestRecorded();
  });

  it('answers from the order when the payment was decided already, asking nobody', async () => {
    serveRows(ddb, orderRow(withPayment(storedOrder('PAYMENT_AUTHORIZED'), { status: 'AUTHORIZED', authorizationId: 'auth_1' })));
    await expect(authorizePayment(input, context)).resolves.toEqual({ authorized: true });
    expect(writes()).toHaveLength(0);
  });
});
