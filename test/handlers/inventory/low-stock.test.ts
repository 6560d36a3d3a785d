/**
 * The stock watcher and the low-stock alert job against mocked DynamoDB: what they write (conditions
 * included), that a write refused by its conditions is not a failure (the stock moved on, or another run
 * got there), and that a lost write is reported for redelivery.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import { GetCommand, QueryCommand, ScanCommand, TransactWriteCommand, UpdateCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../../shared/adapters/dynamo';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';

const NOW = new Date('2030-07-03T10:00:00.000Z');
const { ddb } = mockedAws(NOW);
const { handler: watchStock } = await import('../../../functions/inventory/watch-stock');
const { handler: alertLowStock } = await import('../../../functions/inventory/alert-low-stock');

const stock = (available: number, extra: object = {}) => ({
  pk: 'SKU#MUG',
  sk: 'STOCK',
  sku: 'MUG',
  productId: '01J0PRODUCT0000000000000000',
  supplierId: '01J0SUPPLIER000000000000000',
  onHand: available,
  reserved: 0,
  available,
  safetyStock: 10,
  reorderPoint: 10,
  createdAt: '2030-07-01T10:00:00.000Z',
  updatedAt: NOW.toISOString(),
  ...extra,
});
const modify = (sequence: string, before: object, after: object): DynamoDBStreamEvent['Records'][number] => ({
  eventID: `event-${sequence}`,
  eventName: 'MODIFY',
  dynamodb: {
    SequenceNumber: sequence,
    OldImage: marshall(before) as never,
    NewImage: marshall(after) as never,
  },
});
const refused = () => Object.assign(new Error('Transaction cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] });

describe('the stock watcher', () => {
  it('opens an episode at the write that takes a SKU to its reorder point: lowSince, the sparse mark and StockLow together, conditionally', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const response = await watchStock({ Records: [modify('1', stock(12), stock(10))] });
    expect(response.batchItemFailures).toEqual([]);
    const [call] = ddb.commandCalls(TransactWriteCommand);
    const [update, mark, outbox] = call!.args[0].input.TransactItems!;
    expect(update?.Update).toMatchObject({ Key: { pk: 'SKU#MUG', sk: 'STOCK' }, UpdateExpression: 'SET lowSince = :since', ConditionExpression: expect.stringContaining('attribute_not_exists(lowSince) AND available <= :reorderPoint') });
    expect(mark?.Put?.Item).toMatchObject({ pk: 'SKU#MUG', sk: 'LOW_STOCK', gsi3pk: 'STOCK_LOW', gsi3sk: `${NOW.toISOString()}#MUG`, openedAt: NOW.toISOString(), availableAtOpening: 10 });
    expect(outbox?.Put?.Item).toMatchObject({ detailType: 'StockLow', detail: expect.objectContaining({ sku: 'MUG', available: 10, correlationId: 'event-1' }) });
  });

  it('closes it when the SKU is above again; a record the stock has moved past is refused and skipped, not failed', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(refused()).resolves({});
    const since = '2030-07-02T08:00:00.000Z';
    const response = await watchStock({ Records: [modify('2', stock(10, { lowSince: since }), stock(50, { lowSince: since })), modify('3', stock(50, { lowSince: since }), stock(60, { lowSince: since }))] });
    expect(response.batchItemFailures).toEqual([]);
    const calls = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
    expect(calls).toHaveLength(2);
    expect(calls[1]![0]?.Update).toMatchObject({ UpdateExpression: 'REMOVE lowSince', ConditionExpression: 'lowSince = :since AND available > :reorderPoint' });
    expect(calls[1]![1]?.Delete?.Key).toEqual({ pk: 'SKU#MUG', sk: 'LOW_STOCK' });
    expect(calls[1]![2]?.Put?.Item).toMatchObject({ detailType: 'StockRestored', detail: expect.objectContaining({ lowSince: since }) });
  });

  it('writes nothing for a record that crosses nothing, and reports a record whose write failed for redelivery', async () => {
    ddb.on(TransactWriteCommand).rejects(new Error('network down'));
    const response = await watchStock({ Records: [modify('4', stock(41), stock(40)), modify('5', stock(11), stock(9))] });
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '5' }]);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });
});

describe('the low-stock alert job', () => {
  const mark = (sku: string, extra: object = {}) => ({ pk: `SKU#${sku}`, sk: 'LOW_STOCK', gsi3pk: 'STOCK_LOW', sku, openedAt: '2030-07-03T09:00:00.000Z', availableAtOpening: 4, reorderPoint: 10, ...extra });

  it('reads every page of marks, writes one LowStockAlert first, then marks each alerted with its RestockRequested', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [mark('MUG'), mark('CUP', { alertedAt: '2030-07-03T09:15:00.000Z' })], LastEvaluatedKey: { pk: 'SKU#CUP', sk: 'LOW_STOCK', gsi3pk: 'STOCK_LOW', gsi3sk: '2030-07-03T09:00:00.000Z#CUP' } })
      .resolvesOnce({ Items: [mark('BOWL')] });
    ddb.on(GetCommand, { Key: { pk: 'SKU#MUG', sk: 'STOCK' } }).resolves({ Item: stock(4) });
    ddb.on(GetCommand, { Key: { pk: 'SKU#BOWL', sk: 'STOCK' } }).resolves({ Item: stock(2, { pk: 'SKU#BOWL', sku: 'BOWL', openPurchaseOrderId: '01J0PO' }) });
    ddb.on(PutCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});

    expect(await alertLowStock({ id: 'run-1' })).toEqual({ low: 2, alerted: 2, restocks: 1 });
    expect(ddb.commandCalls(QueryCommand).map((call) => call.args[0].input.ExclusiveStartKey)).toEqual([undefined, { pk: 'SKU#CUP', sk: 'LOW_STOCK', gsi3pk: 'STOCK_LOW', gsi3sk: '2030-07-03T09:00:00.000Z#CUP' }]);
    const [alert] = ddb.commandCalls(PutCommand);
    expect(alert!.args[0].input.Item).toMatchObject({ detailType: 'LowStockAlert', detail: expect.objectContaining({ skus: [expect.objectContaining({ sku: 'BOWL' }), expect.objectContaining({ sku: 'MUG' })] }) });
    // MUG: alerted with its restock in one transaction; BOWL has a purchase order open: alerted only.
    const [withRestock] = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems!);
    expect(withRestock![0]?.Update).toMatchObject({ Key: { pk: 'SKU#MUG', sk: 'LOW_STOCK' }, UpdateExpression: 'SET alertedAt = :at, restockRequestedAt = :at', ConditionExpression: 'openedAt = :openedAt AND attribute_not_exists(alertedAt)' });
    expect(withRestock![1]?.Put?.Item).toMatchObject({ detailType: 'RestockRequested', detail: expect.objectContaining({ sku: 'MUG' }) });
    const [alertedOnly] = ddb.commandCalls(UpdateCommand);
    expect(alertedOnly!.args[0].input).toMatchObject({ Key: { pk: 'SKU#BOWL', sk: 'LOW_STOCK' }, UpdateExpression: 'SET alertedAt = :at' });
  });

  it('sends nothing when every low SKU was alerted already', async () => {
    ddb.on(QueryCommand).resolves({ Items: [mark('MUG', { alertedAt: '2030-07-03T09:15:00.000Z' })] });
    expect(await alertLowStock()).toEqual({ low: 0, alerted: 0, restocks: 0 });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('the Scan spy every handler test runs under (test/handlers/mocked-aws.ts)', () => {
  it('fails a Scan, so a handler that reads the whole table fails its tests', async () => {
    await expect(documentClient.send(new ScanCommand({ TableName: 'operations' }))).rejects.toThrow(/Scan of operations attempted/);
  });
});
