import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mockedAws } from '../mocked-aws';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { context, httpEvent, parse } from '../suppliers/support';
import { BERLIN, cancelledWith, CARDS, customer, expectLineItems, rememberOrders, HAMBURG, NOW, ORDER_ID, ORDER_LINES, orderRow, productRow, serveRows, SKU_L, SKU_M, stockRow, stockRows, storedOrder, UNIT_PRICE } from './support';
import { requestHash } from '../../../shared/http/idempotency';
import { handler as placeOrder } from '../../../functions/orders/place-order';
import { liveProduct } from '../../unit/catalog/fixtures';

const { ddb } = mockedAws(NOW);

const orderBody = (overrides: Record<string, unknown> = {}) => ({
  lines: ORDER_LINES,
  shippingAddress: BERLIN,
  serviceLevel: 'STANDARD',
  paymentMethod: CARDS.approve,
  ...overrides,
});

/** `null`: no Idempotency-Key header at all. */
const place = (body: unknown, idempotencyKey: string | null = 'order-key-1') => {
  const event = httpEvent(customer, { method: 'POST', path: '/orders', body });
  if (idempotencyKey !== null) event.headers = { ...event.headers, 'idempotency-key': idempotencyKey };
  return placeOrder(event, context).then(parse);
};

/** The idempotency middleware's own records (claim and stored response) are not the order's writes. */
const isIdempotencyRecord = (input: unknown) => String((input as { Item?: { pk?: unknown } }).Item?.pk ?? '').startsWith('IDEMPOTENCY#');
const orderWrites = () =>
  ddb.calls().filter((call) => {
    const command = call.args[0];
    if (command instanceof GetCommand || command instanceof QueryCommand) return false;
    if (command instanceof DeleteCommand && String(command.input.Key?.pk).startsWith('IDEMPOTENCY#')) return false;
    return !(command instanceof PutCommand && isIdempotencyRecord(command.input));
  });

const serveCatalogue = () => serveRows(ddb, ...stockRows(), productRow());

type Levels = Parameters<typeof stockRows>[0];
/** Stock that holds this cart's reservation already (2 M, 1 L). */
const HELD: Levels = { [SKU_M]: { onHand: 20, reserved: 2 }, [SKU_L]: { onHand: 20, reserved: 1 } };
/** The catalogue with each SKU's warehouse records, and a table that answers the orders the checkout writes. */
function serveTable(levels?: Levels) {
  serveRows(ddb, ...stockRows(levels), productRow());
  ddb.on(PutCommand).resolves({});
  const table = rememberOrders(ddb, ...stockRows(levels), productRow());
  // Each SKU's warehouse records, as the quote reads them (a range of its partition).
  for (const row of stockRows(levels).filter((candidate) => candidate.sk.startsWith('STOCK#'))) {
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': row.pk, ':from': 'STOCK#', ':to': 'STOCK#\uffff' } }).resolves({ Items: [row] });
  }
  return table;
}

describe('POST /orders', () => {
  it('answers 400 IdempotencyKeyRequired without the header, before touching DynamoDB', async () => {
    serveCatalogue();
    const { status, body } = await place(orderBody(), null);
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'IdempotencyKeyRequired', errors: [{ field: 'header.idempotency-key' }] });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('cannot be sent a price: a unitPrice on a line is refused by the strict schema (400) before any DynamoDB call', async () => {
    serveCatalogue();
    const lines = [{ sku: SKU_M, quantity: 2, unitPrice: { amount: 1, currency: 'EUR' } }];
    const { status, body } = await place(orderBody({ lines }));
    expect(status).toBe(400);
    expect(body.code).toBe('ValidationFailed');
    expect(body.errors).toEqual([expect.objectContaining({ field: 'lines.0', message: expect.stringContaining('unitPrice') })]);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('refuses a client-sent total too (400), writing nothing', async () => {
    serveCatalogue();
    const { status, body } = await place(orderBody({ total: { amount: 1, currency: 'EUR' } }));
    expect(status).toBe(400);
    expect(body.code).toBe('ValidationFailed');
    expect(ddb.calls()).toHaveLength(0);
  });

  describe('with the live catalogue', () => {
    beforeEach(serveCatalogue);

    it('checks out in two writes — the order with every line reserved and its key\'s guard, then AWAITING_PACKING with OrderPlaced — and answers 201 with the card masked', async () => {
      const table = serveTable();

      const { status, body } = await place(orderBody());

      // 2 × 8900 + 1 × 8900 = 26700; standard to Berlin, 960 g → 1 kg: RheinPost 490 + 60 = 550.
      // Tue 10:00 Berlin + 6 h handling → dispatched Tuesday, + 2 business days → Thursday.
      expect(status).toBe(201);
      const orderId = body.orderId as string;
      expect(orderId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(body).toMatchObject({
        customerId: customer.sub,
        status: 'AWAITING_PACKING',
        serviceLevel: 'STANDARD',
        promisedBy: '2030-07-04',
        price: {
          currency: 'EUR',
          lines: [
            { lineIndex: 0, sku: SKU_M, quantity: 2, unitPrice: { amount: UNIT_PRICE, currency: 'EUR' }, lineTotal: { amount: 17800, currency: 'EUR' } },
            { lineIndex: 1, sku: SKU_L, quantity: 1, unitPrice: { amount: UNIT_PRICE, currency: 'EUR' }, lineTotal: { amount: 8900, currency: 'EUR' } },
          ],
          subtotal: { amount: 26700, currency: 'EUR' },
          shipping: { amount: 550, currency: 'EUR' },
          total: { amount: 27250, currency: 'EUR' },
        },
        payment: { status: 'AUTHORIZED', method: '•••• 4242', amount: { amount: 27250, currency: 'EUR' } },
        shipments: [],
        createdAt: NOW.toISOString(),
      });
      expect((body.timeline as { status: string }[]).map((entry) => entry.status)).toEqual(['PENDING', 'STOCK_RESERVED', 'PAYMENT_AUTHORIZED', 'CARRIER_ALLOCATED', 'AWAITING_PACKING']);
      expect(body).not.toHaveProperty('paymentToken');
      expect(body).not.toHaveProperty('version');
      expect(JSON.stringify(body)).not.toContain('4242 4242 4242 4242');
      expect(JSON.stringify(body)).not.toContain('4242424242424242');

      // Read by key and by index, never scanned.
      expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).toEqual(
        expect.arrayContaining([
          { pk: `SKU#${SKU_M}`, sk: 'STOCK' },
          { pk: `SKU#${SKU_L}`, sk: 'STOCK' },
          { pk: `SKU#${SKU_M}`, sk: 'STOCK#wh-berlin' },
          { pk: 'PRODUCT#prod-1', sk: 'PRODUCT' },
        ]),
      );
      expect(ddb.commandCalls(QueryCommand).map((call) => [call.args[0].input.IndexName, call.args[0].input.ExpressionAttributeValues?.[':partition']])).toEqual(
        expect.arrayContaining([
          ['GSI1', 'CARRIERS'],
          ['GSI1', 'WAREHOUSES'],
        ]),
      );

      expect(orderWrites()).toHaveLength(2);
      const [opened] = table.transactions();
      // The first write: the order holding its stock, per line the total, the warehouse's record and an audit row, and the key's guard.
      expect(opened).toHaveLength(8);
      const [order, ...rest] = opened!;
      const creationGuard = rest.pop();
      expect(order!.Put).toMatchObject({
        TableName: 'operations',
        ConditionExpression: 'attribute_not_exists(pk)',
        Item: {
          pk: `ORDER#${orderId}`,
          sk: 'ORDER',
          entity: 'Order',
          orderId,
          customerId: customer.sub,
          status: 'STOCK_RESERVED',
          version: 1,
          stockHold: 'RESERVED',
          carrierId: 'rheinpost',
          warehouseId: 'wh-berlin',
          estimatedWeightGrams: 960,
          promisedBy: '2030-07-04',
          price: { subtotal: { amount: 26700 }, shipping: { amount: 550 }, total: { amount: 27250 } },
          payment: { status: 'PENDING', method: '•••• 4242', amount: { amount: 27250, currency: 'EUR' }, idempotencyKey: `payment-${orderId}`, authorizationRequestedAt: NOW.toISOString() },
          paymentToken: CARDS.approve,
        },
      });
      // The order carries no index keys and no listing rides along: the listing follows it from the table stream.
      expect(order!.Put!.Item).not.toHaveProperty('gsi1pk');
      expect(order!.Put!.Item).not.toHaveProperty('outbox');
      expectLineItems(rest.slice(0, 3), SKU_M, { onHand: 20, reserved: 0 }, { onHand: 20, reserved: 2 }, 'RESERVE', orderId);
      expectLineItems(rest.slice(3), SKU_L, { onHand: 20, reserved: 0 }, { onHand: 20, reserved: 1 }, 'RESERVE', orderId);
      // The key's creation guard rides in the order's first write: one key, one order.
      expect(creationGuard!.Put).toMatchObject({
        Item: { pk: `CREATED#placeOrder#${customer.sub}#order-key-1`, sk: 'CREATED', resourceId: orderId },
        ConditionExpression: expect.stringContaining('attribute_not_exists(pk)'),
      });

      // The second: one conditional Put of the order, authorized and AWAITING_PACKING, carrying OrderPlaced.
      expect(table.transactions()).toHaveLength(1);
      const [accepted] = table.puts();
      const acceptedPut = ddb.commandCalls(PutCommand).find((call) => call.args[0].input.Item?.sk === 'ORDER')!.args[0].input;
      expect(acceptedPut).toMatchObject({
        ConditionExpression: '#version = :version AND #status = :status',
        ExpressionAttributeValues: { ':version': 1, ':status': 'STOCK_RESERVED' },
      });
      // Stored with what the conditions and the stream's filter read in plain, the rest (its events too) compressed.
      expect(Object.keys(acceptedPut.Item!).sort()).toEqual(['body', 'entity', 'orderId', 'pk', 'sk', 'status', 'version']);
      expect(acceptedPut.Item!.body).toBeInstanceOf(Uint8Array);
      expect(accepted).toMatchObject({ status: 'AWAITING_PACKING', version: 2, payment: { status: 'AUTHORIZED', authorizationId: expect.stringMatching(/^auth_[0-9a-f]{24}$/), authorizedAt: NOW.toISOString() } });
      const outbox = accepted!.outbox;
      expect(outbox).toMatchObject([{
        source: 'commerce.orders',
        detailType: 'OrderPlaced',
        detail: {
          orderId,
          customerId: customer.sub,
          status: 'AWAITING_PACKING',
          total: { amount: 27250, currency: 'EUR' },
          lines: [
            { sku: SKU_M, quantity: 2 },
            { sku: SKU_L, quantity: 1 },
          ],
          promisedBy: '2030-07-04',
          correlationId: 'corr-1',
          occurredAt: NOW.toISOString(),
          eventId: expect.any(String),
        },
      }]);
      // The raw card is in the order's paymentToken and nowhere else: not the event, not the stored response.
      expect(JSON.stringify(outbox)).not.toContain('4242 4242');
      const others = ddb.calls().filter((call) => !(call.args[0] instanceof TransactWriteCommand) && (call.args[0].input as { Item?: unknown }).Item !== accepted);
      expect(JSON.stringify(others.map((call) => call.args[0].input))).not.toContain('4242 4242');
    });

    it('answers 402 PaymentDeclined for a declined card: the order REJECTED with every line released in the same write, and OrderRejected', async () => {
      // The mock table does not apply writes: the records already show this order's reservation when it is released.
      const table = serveTable(HELD);
      const { status, body } = await place(orderBody({ paymentMethod: CARDS.decline }));
      expect(status).toBe(402);
      expect(body).toMatchObject({ code: 'PaymentDeclined', declineReason: 'CARD_DECLINED', orderId: expect.any(String) });
      const [, rejected] = table.transactions();
      const [order, ...rest] = rejected!;
      expect(order!.Put!.Item).toMatchObject({ status: 'REJECTED', stockHold: 'RELEASED', payment: { status: 'DECLINED', declineReason: 'CARD_DECLINED' } });
      expect(order!.Put!.Item!.outbox).toMatchObject([{ detailType: 'OrderRejected', detail: { reason: 'CARD_DECLINED' } }]);
      expectLineItems(rest.slice(0, 3), SKU_M, { onHand: 20, reserved: 2 }, { onHand: 20, reserved: 0 }, 'RELEASE', String(body.orderId));
    });

    it('asks a provider that does not answer once more, then voids by the key and answers 503 PaymentUnavailable, the stock given back', async () => {
      const table = serveTable(HELD);
      const { status, body } = await place(orderBody({ paymentMethod: CARDS.timeout }));
      expect(status).toBe(503);
      expect(body).toMatchObject({ code: 'PaymentUnavailable', orderId: expect.any(String) });
      const [, rejected] = table.transactions();
      expect(rejected![0]!.Put!.Item).toMatchObject({ status: 'REJECTED', stockHold: 'RELEASED', payment: { status: 'VOIDED', voidedAt: NOW.toISOString() } });
    });

    it('answers 409 OutOfStock naming the SKU its warehouse has too few of, and writes nothing', async () => {
      serveTable({ [SKU_L]: { onHand: 3, reserved: 3 } });
      const { status, body } = await place(orderBody());
      expect(status).toBe(409);
      expect(body).toMatchObject({ code: 'OutOfStock', shortSkus: [SKU_L] });
      expect(orderWrites()).toHaveLength(0);
    });

    it('reads the stock again and decides again when a record changed since read (its condition refused)', async () => {
      const table = serveTable();
      table.refuseNext(cancelledWith('None', 'None', 'ConditionalCheckFailed', 'None', 'None', 'None', 'None', 'None', 'None'));
      const { status } = await place(orderBody());
      expect(status).toBe(201);
      // Refused, read and decided again, written; then the acceptance, a lone Put.
      expect(table.transactions()).toHaveLength(2);
      expect(table.puts()).toHaveLength(1);
    });

    it('offers same-day to Berlin on a Tuesday morning: RheinPost 1290 + 100, delivered today', async () => {
      ddb.on(PutCommand).resolves({});
      serveTable();
      const { status, body } = await place(orderBody({ serviceLevel: 'SAME_DAY' }));
      expect(status).toBe(201);
      expect(body).toMatchObject({ serviceLevel: 'SAME_DAY', promisedBy: '2030-07-02', price: { shipping: { amount: 1390 }, total: { amount: 28090 } } });
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    });

    it('answers 422 ServiceLevelUnavailable for same-day to a city without a warehouse, naming the reason, and writes nothing', async () => {
      ddb.on(PutCommand).resolves({});
      const { status, body } = await place(orderBody({ serviceLevel: 'SAME_DAY', shippingAddress: HAMBURG }));
      expect(status).toBe(422);
      expect(body).toMatchObject({
        code: 'ServiceLevelUnavailable',
        detail: expect.stringContaining('NO_WAREHOUSE_IN_CITY'),
        errors: [{ field: 'serviceLevel', message: 'NO_WAREHOUSE_IN_CITY' }],
      });
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
      expect(orderWrites()).toHaveLength(0);
    });

    it('answers 400 with field lines.0.sku for a SKU nobody sells, and writes nothing', async () => {
      ddb.on(PutCommand).resolves({});
      const { status, body } = await place(orderBody({ lines: [{ sku: 'NW-GHOST-1', quantity: 1 }] }));
      expect(status).toBe(400);
      expect(body).toMatchObject({ code: 'ValidationFailed', errors: [{ field: 'lines.0.sku', message: expect.stringContaining('NW-GHOST-1') }] });
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
      expect(orderWrites()).toHaveLength(0);
    });
  });

  it('does not sell a SKU whose product is no longer ACTIVE (400 lines.0.sku, no write)', async () => {
    serveRows(ddb, stockRow(SKU_M), productRow({ ...liveProduct(), status: 'ARCHIVED' }));
    ddb.on(PutCommand).resolves({});
    const { status, body } = await place(orderBody({ lines: [{ sku: SKU_M, quantity: 1 }] }));
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'ValidationFailed', errors: [{ field: 'lines.0.sku' }] });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(orderWrites()).toHaveLength(0);
  });
});

describe('POST /orders exactly once per Idempotency-Key', () => {
  const guardKey = { pk: `CREATED#placeOrder#${customer.sub}#order-key-1`, sk: 'CREATED' };
  const guardRow = (resourceId: string, body = orderBody()) => ({
    ...guardKey,
    entity: 'CreationGuard',
    resourceId,
    requestHash: requestHash({ path: undefined, body }),
    expiresAt: NOW.getTime() / 1000 + 3600,
  });

  it('answers 201 with Location: /orders/{id}', async () => {
    serveTable();
    const response = await placeOrder(
      Object.assign(httpEvent(customer, { method: 'POST', path: '/orders', body: orderBody() }), { headers: { 'content-type': 'application/json', 'idempotency-key': 'order-key-1' } }),
      context,
    );
    expect(response.statusCode).toBe(201);
    expect(response.headers?.location).toBe(`/orders/${JSON.parse(response.body!).orderId}`);
  });

  it('a retry whose first request wrote and then died finds that order: no second order, not even re-priced', async () => {
    // The first request's claim was released (it failed after writing) or taken over: the handler runs again.
    serveRows(ddb, orderRow(storedOrder('AWAITING_PACKING')), { ...guardRow(ORDER_ID) });
    ddb.on(PutCommand).resolves({});
    const { status, body } = await place(orderBody());
    expect(status).toBe(201);
    expect(body).toMatchObject({ orderId: ORDER_ID, status: 'AWAITING_PACKING' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).not.toContainEqual({ pk: `SKU#${SKU_M}`, sk: 'STOCK' });
  });

  it('a run that loses the race to another run of the same key answers the winner\'s order', async () => {
    serveCatalogue();
    ddb.on(PutCommand).resolves({});
    ddb.on(GetCommand, { Key: { pk: `ORDER#${ORDER_ID}`, sk: 'ORDER' } }).resolves({ Item: orderRow(storedOrder('AWAITING_PACKING')) });
    // No guard when this run looked; the winner's guard is there once its transaction is refused.
    ddb.on(GetCommand, { Key: guardKey }).resolvesOnce({}).resolves({ Item: guardRow(ORDER_ID) });
    ddb.on(TransactWriteCommand).rejects(cancelledWith('None', 'None', 'ConditionalCheckFailed'));
    const { status, body } = await place(orderBody());
    expect(status).toBe(201);
    expect(body.orderId).toBe(ORDER_ID);
  });

  it('a retry whose first request died between its two writes finishes that checkout: authorized by the same key, accepted once', async () => {
    const opened = storedOrder('STOCK_RESERVED', { stockHold: 'RESERVED', carrierId: 'rheinpost', payment: { ...storedOrder().payment, authorizationRequestedAt: NOW.toISOString() } });
    serveRows(ddb, orderRow(opened), { ...guardRow(ORDER_ID) });
    ddb.on(PutCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    const { status, body } = await place(orderBody());
    expect(status).toBe(201);
    expect(body).toMatchObject({ orderId: ORDER_ID, status: 'AWAITING_PACKING', payment: { status: 'AUTHORIZED' } });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    const accepted = ddb.commandCalls(PutCommand).map((call) => call.args[0].input).find((input) => input.Item?.sk === 'ORDER');
    expect(accepted).toMatchObject({ ExpressionAttributeValues: { ':version': opened.version, ':status': 'STOCK_RESERVED' }, Item: { status: 'AWAITING_PACKING' } });
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).not.toContainEqual({ pk: `SKU#${SKU_M}`, sk: 'STOCK' });
  });

  it('a write that failed ambiguously but landed answers the order it wrote (found by its own guard)', async () => {
    serveCatalogue();
    ddb.on(PutCommand).resolves({});
    let written: Record<string, unknown> | undefined;
    ddb.on(TransactWriteCommand).callsFake((input) => {
      const first = written === undefined;
      written = input.TransactItems[0].Put.Item;
      if (first) throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
      return {};
    });
    const rows = new Map([stockRow(SKU_M), stockRow(SKU_L), productRow()].map((row) => [`${row.pk}|${row.sk}`, row]));
    ddb.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => {
      if (input.Key.pk === guardKey.pk) return written ? { Item: guardRow(String(written.orderId)) } : {};
      if (written && input.Key.pk === written.pk) return { Item: written };
      return { Item: rows.get(`${input.Key.pk}|${input.Key.sk}`) };
    });
    const { status, body } = await place(orderBody());
    expect(status).toBe(201);
    expect(body.orderId).toBe(written?.orderId);
    // The first write landed (found by its guard), the checkout then finished it: no second order.
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('the same key with another cart is 422 IdempotencyKeyReused, even after its response was forgotten', async () => {
    serveRows(ddb, orderRow(storedOrder('PENDING')), { ...guardRow(ORDER_ID) });
    ddb.on(PutCommand).resolves({});
    ddb.on(DeleteCommand).resolves({});
    const { status, body } = await place(orderBody({ serviceLevel: 'EXPRESS' }));
    expect(status).toBe(422);
    expect(body.code).toBe('IdempotencyKeyReused');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('a refusal (400 unknown SKU) releases the key instead of remembering it, so the corrected cart can use it', async () => {
    serveCatalogue();
    ddb.on(PutCommand).resolves({});
    ddb.on(DeleteCommand).resolves({});
    const { status } = await place(orderBody({ lines: [{ sku: 'NW-GHOST-1', quantity: 1 }] }));
    expect(status).toBe(400);
    const puts = ddb.commandCalls(PutCommand).map((call) => call.args[0].input.Item);
    expect(puts.filter((item) => item?.status === 'COMPLETED')).toHaveLength(0);
    expect(ddb.commandCalls(DeleteCommand).map((call) => call.args[0].input.Key)).toEqual([
      { pk: `IDEMPOTENCY#placeOrder#${customer.sub}#order-key-1`, sk: 'IDEMPOTENCY' },
    ]);
  });
});

describe('POST /orders payment method: opaque provider tokens only', () => {
  it.each(['4242 4242 4242 4242', '4242424242424242', '4000-0000-0000-0002'])('refuses the raw card number %s with 400, storing, echoing and logging none of it', async (card) => {
    const { logger } = await import('../../../shared/adapters/logger');
    const logged: unknown[] = [];
    for (const level of ['debug', 'info', 'warn', 'error'] as const) vi.spyOn(logger, level).mockImplementation((...args: unknown[]) => void logged.push(args));
    serveCatalogue();
    const { status, body } = await place(orderBody({ paymentMethod: card }));
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'ValidationFailed', errors: [{ field: 'paymentMethod', message: expect.stringContaining('card number is not accepted') }] });
    const digits = card.replace(/\D/g, '');
    for (const text of [JSON.stringify(body), JSON.stringify(logged), JSON.stringify(ddb.calls().map((call) => call.args[0].input))]) {
      expect(text.replace(/\D/g, '')).not.toContain(digits);
    }
    expect(ddb.calls()).toHaveLength(0);
    vi.restoreAllMocks();
  });

  it('refuses anything that is not a tok_ token (400)', async () => {
    serveCatalogue();
    const { status, body } = await place(orderBody({ paymentMethod: 'visa ending 4242' }));
    expect(status).toBe(400);
    expect(body.errors).toEqual([expect.objectContaining({ field: 'paymentMethod' })]);
  });
});
