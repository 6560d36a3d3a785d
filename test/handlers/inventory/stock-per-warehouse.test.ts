/**
 * Stock per warehouse against mocked DynamoDB: a manual adjustment at a warehouse with its audit row, the
 * audit trail read newest first by one key Query, and transfers between warehouses (out into transit, then
 * received), each refusal a 4xx that writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { context, httpEvent, parse, type Caller } from '../suppliers/support';
import { NOW, PLACED_AT, serveRows, SKU_M, stockRow } from '../orders/support';
import { handler as adjustStock } from '../../../functions/inventory/adjust-stock';
import { handler as listMovements } from '../../../functions/inventory/list-movements';
import { handler as startTransfer } from '../../../functions/inventory/start-transfer';
import { handler as receiveTransfer } from '../../../functions/inventory/receive-transfer';
import { mockedAws } from '../mocked-aws';
import { orderMovementItems } from '../../../shared/adapters/stock-ledger';
import { MAX_CART_LINES } from '../../../shared/domain/orders/pricing';

const { ddb } = mockedAws(NOW);
const picker: Caller = { sub: 'picker-pia', role: 'warehouse' };
const operator: Caller = { sub: 'op-1', role: 'operator' };
const TRANSFER_ID = '01J0TRANSFER00000000000000';

const writes = () => ddb.calls().filter((call) => [PutCommand, UpdateCommand, TransactWriteCommand].some((command) => call.args[0] instanceof command));
const transactItems = () => ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
const total = (onHand: number, reserved = 0, extra: object = {}) => ({ ...stockRow(SKU_M, undefined, { onHand, reserved, available: onHand - reserved }), placed: true, ...extra });
const atWarehouse = (warehouseId: string, onHand: number, reserved = 0, inTransitIn = 0) => ({
  pk: `SKU#${SKU_M}`, sk: `STOCK#${warehouseId}`, entity: 'WarehouseStock', sku: SKU_M, warehouseId, onHand, reserved, available: onHand - reserved, inTransitIn, updatedAt: PLACED_AT.toISOString(),
});
const transferRow = (status: 'IN_TRANSIT' | 'RECEIVED') => ({
  pk: `TRANSFER#${TRANSFER_ID}`, sk: 'TRANSFER', transferId: TRANSFER_ID, sku: SKU_M, from: 'wh-berlin', to: 'wh-lisbon', quantity: 4, reason: 'same-day stock', status, requestedBy: 'op-1', requestedAt: PLACED_AT.toISOString(),
});

const adjust = (body: object) => adjustStock(httpEvent(picker, { method: 'POST', path: `/inventory/${SKU_M}/adjustments`, pathParameters: { sku: SKU_M }, body }), context).then(parse);
const transfer = (caller: Caller, body: object) => startTransfer(httpEvent(caller, { method: 'POST', path: '/inventory/transfers', body }), context).then(parse);
const receive = (caller: Caller) => receiveTransfer(httpEvent(caller, { method: 'POST', path: `/inventory/transfers/${TRANSFER_ID}/receipt`, pathParameters: { id: TRANSFER_ID } }), context).then(parse);
const transferBody = { sku: SKU_M, from: 'wh-berlin', to: 'wh-lisbon', quantity: 4, reason: 'same-day stock' };

describe('POST /inventory/{sku}/adjustments at a warehouse', () => {
  it('writes off at the named warehouse: its record as read → after, the total, the audit row (who, why, before, after) and the event', async () => {
    serveRows(ddb, total(12, 2), atWarehouse('wh-berlin', 2), atWarehouse('wh-lisbon', 10, 2));
    ddb.on(TransactWriteCommand).resolves({});

    const { status } = await adjust({ quantity: -3, reason: 'DAMAGED', note: 'dropped pallet', warehouseId: 'wh-lisbon' });

    expect(status).toBe(200);
    const [stock, warehouse, audit, event] = transactItems();
    expect(stock!.Update).toMatchObject({ Key: { pk: `SKU#${SKU_M}`, sk: 'STOCK' }, ExpressionAttributeValues: { ':onHand': -3, ':available': -3, ':reserved': 0, ':floor': 3 } });
    expect(warehouse!.Put).toMatchObject({
      Item: { sk: 'STOCK#wh-lisbon', onHand: 7, reserved: 2, available: 5 },
      ConditionExpression: 'onHand = :onHand AND reserved = :reserved AND inTransitIn = :inTransitIn',
      ExpressionAttributeValues: { ':onHand': 10, ':reserved': 2, ':inTransitIn': 0 },
    });
    expect(audit!.Put!.Item).toMatchObject({
      sk: expect.stringMatching(new RegExp(`^AUDIT#${NOW.toISOString()}#wh-lisbon#ADJUST#`)),
      kind: 'ADJUST', actor: 'picker-pia', at: NOW.toISOString(), reason: 'DAMAGED: dropped pallet', before: { onHand: 10, reserved: 2 }, after: { onHand: 7, reserved: 2 }, delta: { onHand: -3, reserved: 0 },
    });
    expect(audit!.Put!.Item).not.toHaveProperty('gsi1pk');
    expect(event!.Put!.Item).toMatchObject({ detailType: 'StockAdjusted' });
  });

  it('receives at the default warehouse (the first in id order) when none is named; a return is a RETURN', async () => {
    serveRows(ddb, total(0));
    ddb.on(TransactWriteCommand).resolves({});
    expect((await adjust({ quantity: 5, reason: 'RETURNED_TO_STOCK' })).status).toBe(200);
    expect(transactItems()[2]!.Put!.Item).toMatchObject({ warehouseId: 'wh-berlin', kind: 'RETURN', before: { onHand: 0, reserved: 0 }, after: { onHand: 5, reserved: 0 } });
  });

  it('refuses a write-off of units reserved at that warehouse (409) and an unknown warehouse (400), writing nothing', async () => {
    serveRows(ddb, total(12, 2), atWarehouse('wh-lisbon', 10, 8));
    expect((await adjust({ quantity: -3, reason: 'DAMAGED', warehouseId: 'wh-lisbon' })).body).toMatchObject({ status: 409, code: 'InsufficientStock' });
    expect((await adjust({ quantity: -3, reason: 'DAMAGED', warehouseId: 'wh-paris' })).body).toMatchObject({ status: 400 });
    expect(writes()).toHaveLength(0);
  });
});

describe('GET /inventory/{sku}/movements', () => {
  it('reads the audit rows newest first with one key Query, paged', async () => {
    serveRows(ddb, total(10));
    const row = { pk: `SKU#${SKU_M}`, sk: `AUDIT#${NOW.toISOString()}#wh-berlin#SHIP#order-1`, entity: 'StockMovementAudit', sku: SKU_M, warehouseId: 'wh-berlin', kind: 'SHIP', actor: 'order-fulfilment', at: NOW.toISOString(), reason: 'order order-1', ref: 'order-1', delta: { onHand: -1, reserved: -1 }, before: { onHand: 11, reserved: 1 }, after: { onHand: 10, reserved: 0 } };
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `SKU#${SKU_M}`, ':from': 'AUDIT#', ':to': 'AUDIT#\uffff' } }).resolves({ Items: [row] });

    const { status, body } = await listMovements(httpEvent(operator, { method: 'GET', path: `/inventory/${SKU_M}/movements`, pathParameters: { sku: SKU_M }, query: { limit: '10' } }), context).then(parse);

    expect(status).toBe(200);
    expect(body.items).toEqual([{ sku: SKU_M, warehouseId: 'wh-berlin', kind: 'SHIP', actor: 'order-fulfilment', at: NOW.toISOString(), reason: 'order order-1', ref: 'order-1', delta: { onHand: -1, reserved: -1 }, before: { onHand: 11, reserved: 1 }, after: { onHand: 10, reserved: 0 } }]);
    const query = ddb.commandCalls(QueryCommand).find((call) => call.args[0].input.ExpressionAttributeValues?.[':from'] === 'AUDIT#')!.args[0].input;
    expect(query).toMatchObject({ KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to', ScanIndexForward: false, Limit: 10 });
  });

  it('answers 404 for a SKU without stock, and is not for customers', async () => {
    serveRows(ddb);
    expect((await listMovements(httpEvent(operator, { method: 'GET', path: '/inventory/NOPE/movements', pathParameters: { sku: 'NOPE' } }), context).then(parse)).status).toBe(404);
    expect((await listMovements(httpEvent({ sub: 'c-1', role: 'customer' }, { method: 'GET', path: `/inventory/${SKU_M}/movements`, pathParameters: { sku: SKU_M } }), context).then(parse)).status).toBe(403);
  });
});

describe('POST /inventory/transfers', () => {
  it("sends units out of `from` into `to`'s units in transit: the total keeps them on hand, not available; the transfer and the audit row in one transaction", async () => {
    serveRows(ddb, total(10), atWarehouse('wh-berlin', 10));
    ddb.on(TransactWriteCommand).resolves({});

    const { status, body } = await transfer(operator, transferBody);

    expect(status).toBe(201);
    expect(body).toMatchObject({ ...transferBody, status: 'IN_TRANSIT', requestedBy: 'op-1' });
    const [stock, from, to, audit, transferItem] = transactItems();
    expect(stock!.Update).toMatchObject({ ExpressionAttributeValues: { ':onHand': 0, ':available': -4, ':inTransit': 4, ':floor': 4 } });
    expect(from!.Put!.Item).toMatchObject({ sk: 'STOCK#wh-berlin', onHand: 6, available: 6, inTransitIn: 0 });
    expect(to!.Put).toMatchObject({ Item: { sk: 'STOCK#wh-lisbon', onHand: 0, available: 0, inTransitIn: 4 }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(audit!.Put!.Item).toMatchObject({ kind: 'TRANSFER_OUT', warehouseId: 'wh-berlin', actor: 'op-1', ref: body.transferId, before: { onHand: 10, reserved: 0 }, after: { onHand: 6, reserved: 0 } });
    expect(transferItem!.Put).toMatchObject({ Item: { pk: `TRANSFER#${body.transferId}`, status: 'IN_TRANSIT' }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(transactItems()[5]!.Put!.Item).toMatchObject({ detailType: 'StockTransferSent', detail: { transferId: body.transferId, sku: SKU_M, from: 'wh-berlin', to: 'wh-lisbon', quantity: 4 } });
  });

  it.each([
    ['an unknown warehouse', { ...transferBody, to: 'wh-paris' }, 400],
    ['the same warehouse twice', { ...transferBody, to: 'wh-berlin' }, 400],
    ['an unknown SKU', { ...transferBody, sku: 'NOPE' }, 404],
    ['more than is available at `from`', { ...transferBody, quantity: 9 }, 409],
    ['no quantity', { ...transferBody, quantity: 0 }, 400],
  ])('refuses %s (%i) and writes nothing', async (_, body, expected) => {
    serveRows(ddb, total(10, 2), atWarehouse('wh-berlin', 10, 2));
    const { status, body: problem } = await transfer(picker, body);
    expect(status).toBe(expected);
    expect(problem).toMatchObject({ status: expected });
    expect(writes()).toHaveLength(0);
  });

  it('is not for customers or suppliers', async () => {
    expect((await transfer({ sub: 'c-1', role: 'customer' }, transferBody)).status).toBe(403);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('POST /inventory/transfers/{id}/receipt', () => {
  it("puts the units in transit on hand at `to`, the total's available back, the transfer RECEIVED with its audit row, once", async () => {
    serveRows(ddb, total(10, 0, { available: 6, inTransit: 4 }), atWarehouse('wh-berlin', 6), atWarehouse('wh-lisbon', 1, 0, 4), transferRow('IN_TRANSIT'));
    ddb.on(TransactWriteCommand).resolves({});

    const { status, body } = await receive(picker);

    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'RECEIVED', receivedBy: 'picker-pia', receivedAt: NOW.toISOString() });
    const [stock, to, audit, transferItem] = transactItems();
    expect(stock!.Update).toMatchObject({ ExpressionAttributeValues: { ':onHand': 0, ':available': 4, ':inTransit': -4 } });
    expect(to!.Put!.Item).toMatchObject({ sk: 'STOCK#wh-lisbon', onHand: 5, available: 5, inTransitIn: 0 });
    expect(audit!.Put!.Item).toMatchObject({ kind: 'TRANSFER_IN', warehouseId: 'wh-lisbon', ref: TRANSFER_ID, before: { onHand: 1, reserved: 0 }, after: { onHand: 5, reserved: 0 } });
    expect(transferItem!.Update).toMatchObject({ Key: { pk: `TRANSFER#${TRANSFER_ID}` }, ConditionExpression: '#status = :inTransit' });
    expect(transactItems()[4]!.Put!.Item).toMatchObject({ detailType: 'StockTransferReceived', detail: { transferId: TRANSFER_ID, to: 'wh-lisbon', quantity: 4 } });
  });

  it('refuses a second receipt (409) and an unknown transfer (404), writing nothing', async () => {
    serveRows(ddb, total(10), transferRow('RECEIVED'));
    expect((await receive(picker)).body).toMatchObject({ status: 409, code: 'TransferAlreadyReceived' });
    serveRows(ddb, total(10));
    expect((await receive(picker)).body).toMatchObject({ status: 404 });
    expect(writes()).toHaveLength(0);
  });

  it('answers 409 when another receipt won the race (the transfer item refused), writing nothing more', async () => {
    serveRows(ddb, total(10, 0, { available: 6, inTransit: 4 }), atWarehouse('wh-lisbon', 0, 0, 4), transferRow('IN_TRANSIT'));
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }));
    expect((await receive(picker)).body).toMatchObject({ status: 409, code: 'TransferAlreadyReceived' });
  });

  it('is for the warehouse', async () => {
    expect((await receive(operator)).status).toBe(403);
  });
});

describe("an order's movement fits one transaction", () => {
  it('a full cart (MAX_CART_LINES lines) moves in 3 items a line, leaving room for the order, its event and the parcel-due entry in 100 actions', async () => {
    const lines = Array.from({ length: MAX_CART_LINES }, (_, index) => ({ sku: `SKU-${String(index).padStart(2, '0')}`, quantity: 1 }));
    serveRows(ddb, ...lines.flatMap(({ sku }) => [
      { ...stockRow(sku, undefined, { onHand: 5, reserved: 1, available: 4 }), placed: true },
      { pk: `SKU#${sku}`, sk: 'STOCK#wh-berlin', sku, warehouseId: 'wh-berlin', onHand: 5, reserved: 1, available: 4, inTransitIn: 0 },
    ]));
    const moved = await orderMovementItems({ movement: 'ship', warehouseId: 'wh-berlin', lines }, 'order-1', NOW);
    expect('items' in moved && moved.items).toHaveLength(3 * MAX_CART_LINES);
    expect(3 * MAX_CART_LINES + 1 + 2 + 1).toBeLessThanOrEqual(100);
  });
});
