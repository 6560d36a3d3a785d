import { describe, expect, it } from 'vitest';
import { mockedAws } from '../mocked-aws';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createTableAccess } from '../../../shared/adapters/table-access';

const { ddb } = mockedAws();
const access = createTableAccess(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } })), () => 'ops-table');
const validation = () => Object.assign(new Error('The provided starting key is invalid'), { name: 'ValidationException' });

describe('table access: start keys', () => {
  it('turns DynamoDB refusing a start key into 400 InvalidNextToken, never a 500', async () => {
    ddb.reset();
    ddb.on(QueryCommand).rejects(validation());
    await expect(access.query('GSI1', 'ORDERS#PENDING', { limit: 5, exclusiveStartKey: { gsi1pk: 'ORDERS#PENDING' } })).rejects.toMatchObject({
      code: 'InvalidNextToken',
      kind: 'validation',
    });
  });

  it('refuses a start key of another partition before querying', async () => {
    ddb.reset();
    await expect(access.query('GSI2', 'CUSTOMER_ORDERS#a', { limit: 5, exclusiveStartKey: { gsi2pk: 'CUSTOMER_ORDERS#b' } })).rejects.toMatchObject({ code: 'InvalidNextToken' });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('leaves our own query mistakes (no start key) as the failures they are', async () => {
    ddb.reset();
    ddb.on(QueryCommand).rejects(validation());
    await expect(access.query('GSI1', 'ORDERS#PENDING', { limit: 5 })).rejects.toThrow('The provided starting key is invalid');
  });
});

describe('table access: update under contention', () => {
  const key = { pk: 'THING#1', sk: 'THING' };
  const put = (version: number) => ({ Put: { TableName: 'ops-table', Item: { ...key, version: version + 1 }, ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': version } } });
  const other = { Put: { TableName: 'ops-table', Item: { pk: 'OTHER#1', sk: 'OTHER' }, ConditionExpression: 'attribute_not_exists(pk)' } };
  const cancelled = (...codes: string[]) =>
    Object.assign(new Error('Transaction cancelled'), { name: 'TransactionCanceledException', CancellationReasons: codes.map((Code) => ({ Code })) });
  const conditionFailed = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });

  it('reads, decides and writes once when nobody wrote the item meanwhile', async () => {
    ddb.reset();
    ddb.on(GetCommand).resolves({ Item: { ...key, version: 3 } });
    ddb.on(PutCommand).resolves({});
    await expect(access.update<{ version: number }, string>(key, (item) => ({ result: `v${item!.version}`, write: [put(item!.version)] }), { attempts: 3 })).resolves.toBe('v3');
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
  });

  it('reads and decides again when the item changed since it was read, then writes over the fresh one', async () => {
    ddb.reset();
    ddb.on(GetCommand).resolvesOnce({ Item: { ...key, version: 3 } }).resolves({ Item: { ...key, version: 4 } });
    ddb.on(PutCommand).rejectsOnce(conditionFailed()).resolves({});
    await expect(access.update<{ version: number }, number>(key, (item) => ({ result: item!.version, write: [put(item!.version)] }), { attempts: 3 })).resolves.toBe(4);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2);
    expect(ddb.commandCalls(PutCommand)[1]!.args[0].input.ExpressionAttributeValues).toEqual({ ':v': 4 });
  });

  it("answers 'contention' when the item keeps changing through every attempt", async () => {
    ddb.reset();
    ddb.on(GetCommand).resolves({ Item: { ...key, version: 3 } });
    ddb.on(PutCommand).rejects(conditionFailed());
    await expect(access.update<{ version: number }, number>(key, (item) => ({ result: item!.version, write: [put(item!.version)] }), { attempts: 3 })).resolves.toBe('contention');
    expect(ddb.commandCalls(PutCommand)).toHaveLength(3);
  });

  it("answers 'contention' at once when the transaction lost to another one (the caller decides when to retry)", async () => {
    ddb.reset();
    ddb.on(GetCommand).resolves({ Item: { ...key, version: 3 } });
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'TransactionConflict'));
    await expect(access.update<{ version: number }, number>(key, (item) => ({ result: item!.version, write: [put(item!.version), other] }), { attempts: 3 })).resolves.toBe('contention');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('answers what the decision says a refusal of its other items means, without retrying', async () => {
    ddb.reset();
    ddb.on(GetCommand).resolves({ Item: { ...key, version: 3 } });
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    const outcome = await access.update<{ version: number }, string>(
      key,
      (item) => ({ result: 'written', write: [put(item!.version), other], onRefused: (items) => `refused ${items.join(',')}` }),
      { attempts: 3 },
    );
    expect(outcome).toBe('refused 1');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('writes nothing when the decision has nothing to write, and lets a domain error through', async () => {
    ddb.reset();
    ddb.on(GetCommand).resolves({});
    await expect(access.update(key, (item) => ({ result: item === undefined }), { attempts: 3 })).resolves.toBe(true);
    await expect(access.update(key, () => { throw new Error('refused by the domain'); }, { attempts: 3 })).rejects.toThrow('refused by the domain');
    expect(ddb.calls().filter((call) => !(call.args[0] instanceof GetCommand))).toHaveLength(0);
  });
});

describe('table access: write', () => {
  const key = { pk: 'THING#1', sk: 'THING' };
  const conditionFailed = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });

  it('sends a lone Delete as a plain DeleteCommand (no transaction), with its condition', async () => {
    ddb.reset();
    ddb.on(DeleteCommand).resolves({});
    const remove = { TableName: 'ops-table', Key: key, ConditionExpression: 'attribute_exists(pk)' };
    await expect(access.write([{ Delete: remove }])).resolves.toBe('written');
    expect(ddb.commandCalls(DeleteCommand)[0]!.args[0].input).toEqual(remove);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers a refused lone Delete as refused, not as an error', async () => {
    ddb.reset();
    ddb.on(DeleteCommand).rejects(conditionFailed());
    await expect(access.write([{ Delete: { TableName: 'ops-table', Key: key, ConditionExpression: 'attribute_exists(pk)' } }])).resolves.toEqual({ refused: [0] });
  });

  it('writes a Delete beside another item in one transaction', async () => {
    ddb.reset();
    ddb.on(TransactWriteCommand).resolves({});
    await access.write([{ Delete: { TableName: 'ops-table', Key: key } }, { Put: { TableName: 'ops-table', Item: { pk: 'OTHER#1', sk: 'OTHER' } } }]);
    expect(ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems).toHaveLength(2);
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(0);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });
});
