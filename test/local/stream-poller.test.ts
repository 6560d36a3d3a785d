import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTables, startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb/server';
import { StreamPoller } from '../../infra/local/dynamodb/stream-poller';
import type { LambdaStreamRecord } from '../../infra/local/dynamodb/stream-record';
import { LambdaInvocationError, type LocalStreamMapping, type LocalModel } from '../../infra/local/model';
import { buildLocalModel } from '../../infra/local/template/model';
import { waitFor } from '../support/local-cloud';
import { fixtureTemplate, repoRoot } from './fixtures';

const base = buildLocalModel(fixtureTemplate(), { stackName: 'CommerceOps', region: 'us-east-1', accountId: '000000000000', repoRoot });
const mapping = base.eventSourceMappings.find((candidate): candidate is LocalStreamMapping => candidate.kind === 'stream')!;
let dynamo: DynamoDbLocal;
let tableCounter = 0;

beforeAll(async () => {
  dynamo = await startDynamoDbLocal({ dataDir: '', inMemory: true });
});
afterAll(() => dynamo?.stop());

/** A fresh table (own stream) per test, with the mapping adjusted. */
async function scenario(
  overrides: Partial<LocalStreamMapping>,
  handler: (records: LambdaStreamRecord[]) => unknown,
  onDispatch: () => void = () => undefined,
) {
  const table = base.tables[0]!;
  const name = `stream-test-${++tableCounter}`;
  const model: LocalModel = {
    ...base,
    tables: [{ ...table, name, createTableInput: { ...table.createTableInput, TableName: name } }],
    eventSourceMappings: [{ ...mapping, filterPatterns: [], ...overrides }],
  };
  await ensureTables(dynamo.client, model.tables);
  const batches: string[][] = [];
  const dispatched: { arn: string; payload: unknown }[] = [];
  const checkpointFile = join(mkdtempSync(join(tmpdir(), 'poller-')), 'streams.json');
  const makePoller = () =>
    new StreamPoller({
      model,
      dynamodb: dynamo.client,
      dynamodbEndpoint: dynamo.endpoint,
      checkpointFile,
      pollIntervalMs: 20,
      dispatch: async (arn, payload) => {
        onDispatch();
        dispatched.push({ arn, payload: JSON.parse(payload) });
      },
      lambda: {
        invoke: async (_arn, event) => {
          const records = (event as { Records: LambdaStreamRecord[] }).Records;
          batches.push(records.map((record) => record.dynamodb.Keys!.pk as unknown as { S: string }).map((key) => key.S));
          return handler(records);
        },
      },
    });
  const put = (...keys: string[]) =>
    Promise.all(keys.map((pk) => dynamo.client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: pk }, sk: { S: 'X' } } }))));
  return { batches, dispatched, makePoller, put };
}

describe('StreamPoller', () => {
  it('bisects a failing batch, retries up to the maximum and sends exhausted records to the on-failure destination', async () => {
    const { batches, dispatched, makePoller, put } = await scenario({ batchSize: 4, maximumRetryAttempts: 2, bisectBatchOnFunctionError: true }, (records) => {
      if (records.some((record) => (record.dynamodb.Keys!.pk as { S: string }).S === 'poison')) throw new LambdaInvocationError('Boom', 'bad record');
      return null;
    });
    await put('a');
    const poller = makePoller();
    poller.start();
    await waitFor(() => batches.length >= 1, { message: 'first batch' });
    await put('b', 'poison', 'c'); // written in parallel: one stream batch, order not fixed
    // The poison record may be parked before or after its healthy neighbours: wait for all of them.
    await waitFor(() => dispatched.length === 1 && ['b', 'c'].every((key) => batches.flat().includes(key)), {
      message: 'on-failure record and every healthy record',
    });
    await poller.stop();
    expect(dispatched[0]).toMatchObject({
      arn: mapping.onFailureArn,
      payload: { requestContext: { condition: 'RetryAttemptsExhausted' }, DDBStreamBatchInfo: { batchSize: 1 } },
    });
    // Every healthy record was delivered; the poison one ended up alone.
    expect(new Set(batches.flat())).toEqual(new Set(['a', 'b', 'poison', 'c']));
    expect(batches).toContainEqual(['poison']);
  });

  it('redelivers from the first reported batch item failure', async () => {
    let failedOnce = false;
    const { batches, makePoller, put } = await scenario({ batchSize: 10, reportBatchItemFailures: true }, (records) => {
      const second = records.find((record) => (record.dynamodb.Keys!.pk as { S: string }).S === 'k2');
      if (second && !failedOnce) {
        failedOnce = true;
        return { batchItemFailures: [{ itemIdentifier: second.dynamodb.SequenceNumber }] };
      }
      return { batchItemFailures: [] };
    });
    for (const key of ['k1', 'k2', 'k3']) await put(key);
    const poller = makePoller();
    poller.start();
    await waitFor(() => batches.length >= 2, { message: 'redelivery' });
    await poller.stop();
    expect(batches).toEqual([['k1', 'k2', 'k3'], ['k2', 'k3']]);
  });

  it('checkpoints per shard: a restarted poller neither replays nor loses records', async () => {
    const { batches, makePoller, put } = await scenario({ batchSize: 10 }, () => null);
    await put('one');
    const first = makePoller();
    first.start();
    await waitFor(() => batches.length === 1, { message: 'first record' });
    await first.stop();
    await put('two');
    const second = makePoller();
    second.start();
    await waitFor(() => batches.length === 2, { message: 'second record' });
    await second.stop();
    expect(batches).toEqual([['one'], ['two']]);
  });

  it('resumes from the checkpoint when delivery itself breaks: the page is neither lost nor skipped', async () => {
    let dispatchFailures = 1;
    const { batches, dispatched, makePoller, put } = await scenario(
      { batchSize: 1, maximumRetryAttempts: 0 },
      (records) => {
        if ((records[0]!.dynamodb.Keys!.pk as { S: string }).S === 'poison') throw new LambdaInvocationError('Boom', 'bad record');
        return null;
      },
      () => {
        if (dispatchFailures-- > 0) throw new Error('on-failure destination unavailable');
      },
    );
    for (const key of ['first', 'poison', 'after']) await put(key);
    const poller = makePoller();
    poller.start();
    await waitFor(() => dispatched.length === 1 && batches.flat().includes('after'), { message: 'poison parked, later record delivered' });
    await poller.stop();
    // `first` was checkpointed before the failure, so only the broken batch is tried again.
    expect(batches.flat()).toEqual(['first', 'poison', 'poison', 'after']);
  });
});
