/**
 * Cycle counts against mocked DynamoDB: the planner reads suppliers and their stock by key queries and writes
 * the day's list; GET /inventory/counts is one Query on the day's partition; POST /inventory/counts adjusts
 * within tolerance (stock, audit and event in one transaction, conditional on the stock as evaluated), asks
 * for a recount beyond it, and writes nothing for a batch with an unknown SKU or a negative count.
 */
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { context, httpEvent, parse, type Caller } from '../suppliers/support';
import { mockedAws } from '../mocked-aws';
import { clock } from '../../../shared/adapters/clock';

const NOW = new Date('2030-07-02T08:00:00.000Z');
const TODAY = '2030-07-02';
const { ddb } = mockedAws(NOW);
const { handler: plan } = await import('../../../functions/inventory/plan-cycle-counts');
const { handler: list } = await import('../../../functions/inventory/list-counts');
const { handler: record } = await import('../../../functions/inventory/record-counts');

const picker: Caller = { sub: 'picker-pia', role: 'warehouse' };
const operator: Caller = { sub: 'op-1', role: 'operator' };
const SUPPLIER = '01J0SUPPLIER000000000000000';

const stock = (sku: string, onHand: number, reserved = 0) => ({
  pk: `SKU#${sku}`, sk: 'STOCK', sku, productId: '01J0PRODUCT0000000000000000', supplierId: SUPPLIER,
  onHand, reserved, available: onHand - reserved, safetyStock: 5, reorderPoint: 5, updatedAt: NOW.toISOString(),
});
const entry = (sku: string, abcClass: 'A' | 'B' | 'C', extra: object = {}) => ({ pk: `COUNTS#${TODAY}`, sk: `SKU#${sku}`, gsi1pk: `COUNTS#${TODAY}`, gsi1sk: sku, sku, date: TODAY, abcClass, ...extra });
const writes = () => ddb.calls().filter((call) => [PutCommand, UpdateCommand, TransactWriteCommand].some((command) => call.args[0] instanceof command));

const listAs = (caller: Caller, query: Record<string, string> = {}) => list(httpEvent(caller, { method: 'GET', path: '/inventory/counts', query }), context).then(parse);
const countAs = (caller: Caller, body: unknown) => record(httpEvent(caller, { method: 'POST', path: '/inventory/counts', body }), context).then(parse);

describe('the cycle-count planner', () => {
  it("reads approved and probation suppliers, then each one's stock by GSI2 (key queries only), and writes the day's list without overwriting", async () => {
    ddb.on(QueryCommand, { IndexName: 'GSI1' }).resolves({ Items: [] });
    ddb.on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':partition': 'SUPPLIERS#APPROVED' } }).resolves({ Items: [{ supplierId: SUPPLIER, status: 'APPROVED' }] });
    ddb.on(QueryCommand, { IndexName: 'GSI2' }).resolves({ Items: Array.from({ length: 365 }, (_, index) => stock(`SKU-${String(index).padStart(3, '0')}`, 10)) });
    ddb.on(QueryCommand, { IndexName: undefined }).resolves({ Items: [] });
    ddb.on(PutCommand).resolves({});

    const report = await plan();

    expect(report).toEqual({ date: TODAY, skus: 365, listed: 1, added: 1 });
    const queries = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    // Supplier by supplier: the approved ones and each one's stock, then those on probation.
    expect(queries.slice(0, 3).map((query) => [query.IndexName, query.ExpressionAttributeValues?.[':partition']])).toEqual([
      ['GSI1', 'SUPPLIERS#APPROVED'],
      ['GSI2', `SUPPLIER_STOCK#${SUPPLIER}`],
      ['GSI1', 'SUPPLIERS#PROBATION'],
    ]);
    expect(queries[3]).toMatchObject({ KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to', ExpressionAttributeValues: { ':pk': 'SKU#SKU-000', ':from': 'SALES#2029-07-03', ':to': `SALES#${TODAY}` } });
    const [put, run] = ddb.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(put).toMatchObject({ Item: { pk: `COUNTS#${TODAY}`, gsi1pk: `COUNTS#${TODAY}`, abcClass: 'C' }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(run).toMatchObject({ Item: { pk: `COUNTS#${TODAY}`, sk: 'PLAN', skus: 365, listed: 1, plannedAt: NOW.toISOString() } });
    expect(run!.Item).not.toHaveProperty('gsi1pk');
  });

  it("classes a SKU with a year's sales A, and lists it on its class's day (2030-07-15: day 22110, slot 0 of A's 30 days)", async () => {
    clock.now = () => new Date('2030-07-15T03:00:00.000Z');
    ddb.on(QueryCommand, { IndexName: 'GSI1' }).resolves({ Items: [] });
    ddb.on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':partition': 'SUPPLIERS#APPROVED' } }).resolves({ Items: [{ supplierId: SUPPLIER, status: 'APPROVED' }] });
    ddb.on(QueryCommand, { IndexName: 'GSI2' }).resolves({ Items: [stock('BOWL', 10), stock('MUG', 10)] });
    ddb.on(QueryCommand, { IndexName: undefined }).resolves({ Items: [] });
    ddb.on(QueryCommand, { IndexName: undefined, ExpressionAttributeValues: { ':pk': 'SKU#MUG', ':from': 'SALES#2029-07-16', ':to': 'SALES#2030-07-15' } }).resolves({ Items: [{ valueMinor: 1200 }, { valueMinor: 800 }] });
    ddb.on(PutCommand).resolves({});
    expect(await plan()).toEqual({ date: '2030-07-15', skus: 2, listed: 1, added: 1 });
    // BOWL sold nothing: class C, alone, due on day 22110 modulo 365 = 0 only.
    expect(ddb.commandCalls(PutCommand).map((call) => call.args[0].input.Item)).toEqual([
      expect.objectContaining({ pk: 'COUNTS#2030-07-15', sk: 'SKU#MUG', abcClass: 'A' }),
      expect.objectContaining({ pk: 'COUNTS#2030-07-15', sk: 'PLAN', skus: 2, listed: 1 }),
    ]);
  });
});

describe('GET /inventory/counts', () => {
  it("lists the day's entries with their class and whether they were counted, from one Query on the day's partition", async () => {
    ddb.on(QueryCommand).resolves({ Items: [entry('BOWL', 'C'), entry('MUG', 'A', { outcome: 'RECOUNT', countedBy: 'picker-pia', countedAt: NOW.toISOString() })] });
    const { status, body } = await listAs(operator, { date: TODAY });
    expect(status).toBe(200);
    expect(body.items).toEqual([
      { sku: 'BOWL', date: TODAY, abcClass: 'C', counted: false },
      { sku: 'MUG', date: TODAY, abcClass: 'A', counted: true, outcome: 'RECOUNT', countedBy: 'picker-pia', countedAt: NOW.toISOString() },
    ]);
    expect(ddb.commandCalls(QueryCommand).map((call) => call.args[0].input)).toEqual([expect.objectContaining({ IndexName: 'GSI1', ExpressionAttributeValues: { ':partition': `COUNTS#${TODAY}` } })]);
  });

  it('refuses a date that is not YYYY-MM-DD', async () => {
    expect((await listAs(picker, { date: '2.7.2030' })).status).toBe(400);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });
});

describe('POST /inventory/counts', () => {
  const serve = (items: Record<string, object>) => {
    ddb.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => ({ Item: items[`${input.Key.pk}|${input.Key.sk}`] }));
    // No warehouse defined: a count's variance is booked at the `default` warehouse.
    ddb.on(QueryCommand).resolves({ Items: [] });
  };

  it("adjusts on hand and available within tolerance at the default warehouse, in one transaction with the audit row, the event and the list entry, conditional on the stock as evaluated", async () => {
    serve({ 'SKU#MUG|STOCK': stock('MUG', 100, 10), [`COUNTS#${TODAY}|SKU#MUG`]: entry('MUG', 'C') });
    ddb.on(TransactWriteCommand).resolves({});

    const { status, body } = await countAs(picker, { lines: [{ sku: 'MUG', counted: 97 }], note: 'aisle 4' });

    expect(status).toBe(200);
    expect(body.lines).toEqual([{ sku: 'MUG', abcClass: 'C', outcome: 'ADJUSTED', variance: -3, reason: 'cycle count variance -3 within tolerance', before: { onHand: 100, reserved: 10, available: 90 }, after: { onHand: 97, reserved: 10, available: 87 } }]);
    const [update, warehouse, audit, event, mark] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(update!.Update).toMatchObject({ Key: { pk: 'SKU#MUG', sk: 'STOCK' }, ExpressionAttributeValues: { ':onHand': -3, ':available': -3, ':countedOnHand': 100, ':countedReserved': 10 } });
    expect(update!.Update!.ConditionExpression).toContain('onHand = :countedOnHand AND reserved = :countedReserved AND (attribute_not_exists(inTransit) OR inTransit = :countedInTransit)');
    // The record had no warehouse breakdown yet: the count places it at the default warehouse.
    expect(warehouse!.Put).toMatchObject({ Item: { pk: 'SKU#MUG', sk: 'STOCK#default', onHand: 97, reserved: 10, available: 87 }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(audit!.Put!.Item).toMatchObject({ pk: 'SKU#MUG', sk: `AUDIT#${NOW.toISOString()}#default#COUNT#count ${TODAY}`, actor: 'picker-pia', kind: 'COUNT', reason: 'cycle count variance -3 within tolerance: aisle 4', before: { onHand: 100, reserved: 10 }, after: { onHand: 97, reserved: 10 } });
    expect(event!.Put!.Item).toMatchObject({ detailType: 'CountVarianceAdjusted' });
    expect(mark!.Update).toMatchObject({ Key: { pk: `COUNTS#${TODAY}`, sk: 'SKU#MUG' }, ExpressionAttributeValues: { ':outcome': 'ADJUSTED', ':by': 'picker-pia' } });
  });

  it('asks for a recount beyond tolerance: no adjustment, RecountRequested, the entry marked RECOUNT', async () => {
    serve({ 'SKU#MUG|STOCK': stock('MUG', 100), [`COUNTS#${TODAY}|SKU#MUG`]: entry('MUG', 'A') });
    ddb.on(TransactWriteCommand).resolves({});
    const { status, body } = await countAs(picker, { lines: [{ sku: 'MUG', counted: 60 }] });
    expect(status).toBe(200);
    expect(body.lines).toMatchObject([{ outcome: 'RECOUNT', before: { onHand: 100 }, after: { onHand: 100 } }]);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    // A transfer received during the count moves units from transit onto the shelves: the count reads and decides again.
    expect(items[0]!.ConditionCheck).toMatchObject({
      ConditionExpression: 'onHand = :countedOnHand AND reserved = :countedReserved AND (attribute_not_exists(inTransit) OR inTransit = :countedInTransit)',
      ExpressionAttributeValues: { ':countedOnHand': 100, ':countedReserved': 0, ':countedInTransit': 0 },
    });
    expect(items.some((item) => item.Update?.Key?.sk === 'STOCK')).toBe(false);
    expect(items[1]!.Put!.Item).toMatchObject({ detailType: 'RecountRequested' });
    expect(items[2]!.Update).toMatchObject({ ExpressionAttributeValues: { ':outcome': 'RECOUNT' } });
  });

  it('reads again and decides again when the stock changed under the count', async () => {
    let reads = 0;
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(GetCommand).callsFake((input: { Key: { sk: string } }) => (input.Key.sk === 'STOCK' ? { Item: stock('MUG', ++reads >= 3 ? 100 : 99) } : {}));
    const refused = Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] });
    ddb.on(TransactWriteCommand).rejectsOnce(refused).resolves({});
    const { status, body } = await countAs(picker, { lines: [{ sku: 'MUG', counted: 100 }] });
    expect(status).toBe(200);
    expect(body.lines).toMatchObject([{ outcome: 'MATCHED', variance: 0 }]);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('answers 409 StockChanged when the stock keeps changing', async () => {
    serve({ 'SKU#MUG|STOCK': stock('MUG', 100) });
    const refused = Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] });
    ddb.on(TransactWriteCommand).rejects(refused);
    const { status, body } = await countAs(picker, { lines: [{ sku: 'MUG', counted: 99 }] });
    expect(status).toBe(409);
    expect(body).toMatchObject({ code: 'StockChanged' });
  });

  it.each([
    ['a negative count', [{ sku: 'MUG', counted: 100 }, { sku: 'BOWL', counted: -1 }]],
    ['an unknown SKU', [{ sku: 'MUG', counted: 100 }, { sku: 'NOPE', counted: 3 }]],
    ['a SKU twice', [{ sku: 'MUG', counted: 100 }, { sku: 'MUG', counted: 3 }]],
  ])('refuses a batch with %s (400) and writes nothing', async (_, lines) => {
    serve({ 'SKU#MUG|STOCK': stock('MUG', 100), 'SKU#BOWL|STOCK': stock('BOWL', 10) });
    const { status, body } = await countAs(picker, { lines });
    expect(status).toBe(400);
    expect(body).toMatchObject({ status: 400 });
    expect(writes()).toHaveLength(0);
  });

  it('is for the warehouse only', async () => {
    expect((await countAs(operator, { lines: [{ sku: 'MUG', counted: 1 }] })).status).toBe(403);
  });

  describe("a warehouse's shelves", () => {
    // 100 on hand: 70 in Berlin (10 of them reserved), 30 in Lisbon.
    const records = {
      'SKU#MUG|STOCK': { ...stock('MUG', 100, 10), placed: true },
      'SKU#MUG|STOCK#wh-berlin': { pk: 'SKU#MUG', sk: 'STOCK#wh-berlin', sku: 'MUG', warehouseId: 'wh-berlin', onHand: 70, reserved: 10, available: 60, inTransitIn: 0 },
      'SKU#MUG|STOCK#wh-lisbon': { pk: 'SKU#MUG', sk: 'STOCK#wh-lisbon', sku: 'MUG', warehouseId: 'wh-lisbon', onHand: 30, reserved: 0, available: 30, inTransitIn: 0 },
      [`COUNTS#${TODAY}|SKU#MUG`]: entry('MUG', 'C'),
    };
    const serveWarehouses = () => {
      serve(records);
      ddb.on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':partition': 'WAREHOUSES' } }).resolves({
        Items: ['wh-berlin', 'wh-lisbon'].map((id) => ({ pk: `WAREHOUSE#${id}`, sk: 'WAREHOUSE', id, city: id, cityAliases: [], country: 'DE', timeZone: 'Europe/Berlin', handlingHours: 6, sameDayCutoff: '14:00' })),
      });
      ddb.on(TransactWriteCommand).resolves({});
    };

    it('are judged against that warehouse and adjusted there: Lisbon counted 28 of its 30', async () => {
      serveWarehouses();
      const { status, body } = await countAs(picker, { lines: [{ sku: 'MUG', counted: 28, warehouseId: 'wh-lisbon' }] });
      expect(status).toBe(200);
      expect(body.lines).toEqual([
        { sku: 'MUG', warehouseId: 'wh-lisbon', abcClass: 'C', outcome: 'ADJUSTED', variance: -2, reason: 'cycle count variance -2 within tolerance', before: { onHand: 30, reserved: 0, available: 30 }, after: { onHand: 28, reserved: 0, available: 28 } },
      ]);
      const [total, warehouse, audit] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
      expect(total!.Update).toMatchObject({ Key: { pk: 'SKU#MUG', sk: 'STOCK' }, ExpressionAttributeValues: { ':onHand': -2, ':available': -2 } });
      expect(warehouse!.Put).toMatchObject({ Item: { sk: 'STOCK#wh-lisbon', onHand: 28, available: 28 }, ExpressionAttributeValues: { ':onHand': 30, ':reserved': 0 } });
      expect(audit!.Put!.Item).toMatchObject({ kind: 'COUNT', warehouseId: 'wh-lisbon', before: { onHand: 30 }, after: { onHand: 28 } });
    });

    it('a match leaves the records as they are, on condition that neither the total nor that warehouse moved meanwhile', async () => {
      serveWarehouses();
      const { body } = await countAs(picker, { lines: [{ sku: 'MUG', counted: 30, warehouseId: 'wh-lisbon' }] });
      expect(body.lines).toMatchObject([{ outcome: 'MATCHED', variance: 0 }]);
      const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
      expect(items.map((item) => item.ConditionCheck?.Key)).toEqual(expect.arrayContaining([{ pk: 'SKU#MUG', sk: 'STOCK' }, { pk: 'SKU#MUG', sk: 'STOCK#wh-lisbon' }]));
      expect(items.some((item) => item.Update?.Key?.sk === 'STOCK' || item.Put?.Item?.sk === 'STOCK#wh-lisbon')).toBe(false);
    });

    it('refuses a warehouse that does not exist (400) and writes nothing', async () => {
      serveWarehouses();
      const { status, body } = await countAs(picker, { lines: [{ sku: 'MUG', counted: 28, warehouseId: 'wh-atlantis' }] });
      expect(status).toBe(400);
      expect(body.errors).toEqual([{ field: 'lines.warehouseId', message: 'unknown warehouse wh-atlantis' }]);
      expect(writes()).toHaveLength(0);
    });
  });
});
