import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher, readDeadLetters } from '../../infra/local/dispatch';
import { LambdaInvocationError, type LocalModel, type LocalQueueMapping } from '../../infra/local/model';
import { QueuePoller, type LambdaSqsRecord } from '../../infra/local/sqs/poller';
import { LocalQueues } from '../../infra/local/sqs/queues';
import { buildLocalModel } from '../../infra/local/template/model';
import { waitFor } from '../support/local-cloud';
import { fixtureTemplate, repoRoot } from './fixtures';

const base = buildLocalModel(fixtureTemplate(), { stackName: 'CommerceOps', region: 'us-east-1', accountId: '000000000000', repoRoot });
const ingestMapping = base.eventSourceMappings.find((mapping): mapping is LocalQueueMapping => mapping.kind === 'queue')!;
const running: QueuePoller[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((poller) => poller.stop()));
});

/** The fixture's ingest queue (visibility 1 s, two receives then its dead-letter queue) under a poller with a stand-in function. */
function scenario(overrides: Partial<LocalQueueMapping>, handler: (records: LambdaSqsRecord[]) => unknown) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sqs-poller-'));
  const model: LocalModel = { ...base, eventSourceMappings: [{ ...ingestMapping, ...overrides }] };
  const dispatch = createDispatcher({ dataDir, invokeLambdaAsync: () => undefined, publish: async () => undefined, startExecution: async () => undefined });
  const queues = new LocalQueues({ model, dataDir, deadLetter: dispatch });
  const batches: LambdaSqsRecord[][] = [];
  const poller = new QueuePoller({
    model,
    queues,
    lambda: {
      invoke: async (_arn, event) => {
        const records = (event as { Records: LambdaSqsRecord[] }).Records;
        batches.push(records);
        return handler(records);
      },
    },
  });
  poller.start();
  running.push(poller);
  const queue = queues.named('ingest')!;
  const send = (...bodies: string[]) => queue.send(bodies.map((body) => ({ body, senderId: '000000000000' })));
  const bodies = () => batches.map((batch) => batch.map((record) => record.body));
  return { queues, queue, send, batches, bodies, deadLetters: () => readDeadLetters(dataDir, 'ingest-dlq').map((letter) => letter.body) };
}

describe('SQS event source poller', () => {
  it("invokes with Lambda's SQS event at once and deletes the batch when the function succeeds", async () => {
    const { queue, queues, batches } = scenario({}, () => undefined);
    const [sent] = queue.send([{ body: '{"n":1}', senderId: '000000000000', messageAttributes: { source: { DataType: 'String', StringValue: 'storefront' } } }]);
    await waitFor(() => batches.length > 0, { message: 'a batch' });
    expect(batches[0]).toEqual([
      {
        messageId: sent!.id,
        receiptHandle: expect.any(String),
        body: '{"n":1}',
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(sent!.sentAt),
          SenderId: '000000000000',
          ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/),
        },
        messageAttributes: { source: { stringValue: 'storefront', stringListValues: [], binaryListValues: [], dataType: 'String' } },
        md5OfBody: sent!.md5OfBody,
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:ingest',
        awsRegion: 'us-east-1',
      },
    ]);
    await waitFor(() => queues.idle(), { message: 'the queue to drain' });
  });

  it('gathers messages during the batching window until the batch is full', async () => {
    const { send, bodies, queues } = scenario({ batchSize: 3, maximumBatchingWindowSeconds: 300 }, () => undefined);
    send('1');
    // Time enough for a poller without a window to have invoked with the first message alone.
    await sleep(200);
    expect(bodies()).toEqual([]);
    send('2', '3', '4');
    await waitFor(() => bodies().length === 1, { message: 'the full batch' });
    expect(bodies()).toEqual([['1', '2', '3']]);
    expect(queues.counts().ingest?.visible).toBe(1);
  });

  it.each([
    [undefined, 3],
    [2, 2],
  ])('delivers batches side by side, as Lambda does: maximum concurrency %s → %i at once', async (maximumConcurrency, expected) => {
    let inFlight = 0;
    let most = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { send, bodies, queues } = scenario({ batchSize: 1, maximumBatchingWindowSeconds: 0, ...(maximumConcurrency ? { maximumConcurrency } : {}) }, async () => {
      most = Math.max(most, ++inFlight);
      await gate;
      inFlight--;
    });
    send('1', '2', '3', '4', '5');
    await waitFor(() => most === expected, { message: `${expected} batches in flight` });
    await sleep(100);
    expect(most).toBe(expected);
    release();
    await waitFor(() => queues.idle(), { message: 'the queue to drain' });
    expect(bodies().flat().sort()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('invokes with a partial batch once the batching window closes', async () => {
    const { send, bodies } = scenario({ batchSize: 10, maximumBatchingWindowSeconds: 1 }, () => undefined);
    send('alone');
    await waitFor(() => bodies().length === 1, { message: 'the window to close' });
    expect(bodies()).toEqual([['alone']]);
  });

  it('keeps only the reported batch item failures, which come back and end in the dead-letter queue', async () => {
    const { send, bodies, queues, deadLetters } = scenario({}, (records) => ({
      batchItemFailures: records.filter((record) => record.body.startsWith('fail')).map((record) => ({ itemIdentifier: record.messageId })),
    }));
    send('ok-1', 'fail-1', 'ok-2');
    await waitFor(() => deadLetters().length === 1, { message: 'the failed message in the dead-letter queue' });
    expect(deadLetters()).toEqual(['fail-1']);
    // Received twice (maxReceiveCount 2), the successes once.
    expect(bodies()).toEqual([['ok-1', 'fail-1', 'ok-2'], ['fail-1']]);
    expect(queues.idle()).toBe(true);
  });

  it('redelivers the whole batch after the visibility timeout when the function throws', async () => {
    let calls = 0;
    const { send, batches, queues } = scenario({}, () => {
      calls += 1;
      if (calls === 1) throw new LambdaInvocationError('Error', 'counters table unavailable');
      return undefined;
    });
    send('a', 'b');
    await waitFor(() => batches.length === 2 && queues.idle(), { message: 'the redelivered batch to succeed' });
    expect(batches.map((batch) => batch.map((record) => [record.body, record.attributes.ApproximateReceiveCount]))).toEqual([
      [['a', '1'], ['b', '1']],
      [['a', '2'], ['b', '2']],
    ]);
  });

  it('fails the whole batch when a reported identifier names no message of it', async () => {
    let calls = 0;
    const { send, bodies, queues } = scenario({}, () => (++calls === 1 ? { batchItemFailures: [{ itemIdentifier: 'nonsense' }] } : undefined));
    send('x', 'y');
    await waitFor(() => bodies().length === 2 && queues.idle(), { message: 'the batch to come back and succeed' });
    expect(bodies()).toEqual([['x', 'y'], ['x', 'y']]);
  });

  it('ignores batchItemFailures when the mapping does not report them', async () => {
    const { send, bodies, queues } = scenario({ reportBatchItemFailures: false }, (records) => ({
      batchItemFailures: records.map((record) => ({ itemIdentifier: record.messageId })),
    }));
    send('x');
    await waitFor(() => bodies().length === 1 && queues.idle(), { message: 'the batch to be deleted' });
  });

  it('leaves a disabled mapping alone', async () => {
    const { send, bodies, queues } = scenario({ enabled: false }, () => undefined);
    send('x');
    await sleep(200);
    expect(bodies()).toEqual([]);
    expect(queues.counts().ingest?.visible).toBe(1);
  });
});
