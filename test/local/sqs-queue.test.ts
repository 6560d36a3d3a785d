import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDispatcher, readDeadLetters } from '../../infra/local/dispatch';
import type { LocalQueue } from '../../infra/local/model';
import { LocalSqsQueue } from '../../infra/local/sqs/queue';
import { LocalQueues } from '../../infra/local/sqs/queues';
import { buildLocalModel } from '../../infra/local/template/model';
import { fixtureTemplate, repoRoot } from './fixtures';

const ARN = 'arn:aws:sqs:us-east-1:000000000000';
const definition = (overrides: Partial<LocalQueue> = {}): LocalQueue => ({
  logicalId: 'Ingest',
  name: 'ingest',
  arn: `${ARN}:ingest`,
  url: 'http://127.0.0.1:4566/000000000000/ingest',
  visibilityTimeoutSeconds: 30,
  messageRetentionSeconds: 345_600,
  ...overrides,
});

/** A queue on a clock the test moves, with the cloud's dispatcher as its dead-letter target. */
function scenario(overrides: Partial<LocalQueue> = {}, dataDir = mkdtempSync(join(tmpdir(), 'sqs-queue-'))) {
  const clock = { now: 1_700_000_000_000 };
  const dispatch = createDispatcher({
    dataDir,
    invokeLambdaAsync: () => undefined,
    publish: async () => undefined,
    startExecution: async () => undefined,
  });
  const open = () => new LocalSqsQueue(definition(overrides), { file: join(dataDir, 'sqs', 'ingest.jsonl'), deadLetter: dispatch, now: () => clock.now });
  return { clock, dataDir, open, queue: open() };
}

const send = (queue: LocalSqsQueue, ...bodies: string[]) => queue.send(bodies.map((body) => ({ body, senderId: '000000000000' })));

describe('local SQS queue', () => {
  it('hides a received message for the visibility timeout, then gives it again with a new handle and a higher receive count', async () => {
    const { queue, clock } = scenario({ visibilityTimeoutSeconds: 10 });
    send(queue, 'hello');
    const [first] = await queue.receive(10);
    expect(first).toMatchObject({
      body: 'hello',
      md5OfBody: '5d41402abc4b2a76b9719d911017c592',
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(clock.now), ApproximateFirstReceiveTimestamp: String(clock.now), SenderId: '000000000000' },
    });
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 1, delayed: 0 });
    clock.now += 9_999;
    expect(await queue.receive(10)).toEqual([]);
    clock.now += 1;
    const [second] = await queue.receive(10);
    expect(second).toMatchObject({ messageId: first!.messageId, attributes: { ApproximateReceiveCount: '2', ApproximateFirstReceiveTimestamp: first!.attributes.SentTimestamp } });
    expect(second!.receiptHandle).not.toBe(first!.receiptHandle);
  });

  it('deletes by the latest receipt handle only; an older one deletes nothing and a foreign one is refused', async () => {
    const { queue, clock } = scenario({ visibilityTimeoutSeconds: 1 });
    send(queue, 'a');
    const [first] = await queue.receive(1);
    clock.now += 1_000;
    const [again] = await queue.receive(1);
    queue.delete(first!.receiptHandle);
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 1, delayed: 0 });
    expect(() => queue.delete('not-a-handle')).toThrow(expect.objectContaining({ code: 'ReceiptHandleIsInvalid' }));
    queue.delete(again!.receiptHandle);
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('receives at most the number asked for, oldest first', async () => {
    const { queue } = scenario();
    send(queue, '1', '2', '3');
    expect((await queue.receive(2)).map((message) => message.body)).toEqual(['1', '2']);
    expect((await queue.receive(10)).map((message) => message.body)).toEqual(['3']);
  });

  it('moves a message received maxReceiveCount times to the dead-letter file on the next receive', async () => {
    const { queue, clock, dataDir } = scenario({ visibilityTimeoutSeconds: 1, redrivePolicy: { maxReceiveCount: 2, deadLetterTargetArn: `${ARN}:ingest-dlq` } });
    send(queue, 'poison');
    for (let receive = 1; receive <= 2; receive++) {
      expect(await queue.receive(1)).toHaveLength(1);
      clock.now += 1_000;
    }
    expect(await queue.receive(1)).toEqual([]);
    expect(readDeadLetters(dataDir, 'ingest-dlq').map((letter) => letter.body)).toEqual(['poison']);
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('keeps a message for its delay and drops one past its retention period', async () => {
    const { queue, clock } = scenario({ messageRetentionSeconds: 60 });
    queue.send([{ body: 'later', delaySeconds: 5, senderId: 'x' }]);
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 0, delayed: 1 });
    clock.now += 5_000;
    expect(queue.counts().visible).toBe(1);
    clock.now += 60_000;
    expect(await queue.receive(1)).toEqual([]);
    expect(queue.counts().visible).toBe(0);
  });

  it('keeps accepted messages across a restart: deleted ones stay gone, in-flight ones come back at once with their receive count', async () => {
    const { queue, open } = scenario();
    send(queue, 'done', 'in-flight', 'waiting');
    const [done, inFlight] = await queue.receive(2);
    queue.delete(done!.receiptHandle);
    expect(inFlight!.body).toBe('in-flight');

    const reopened = open();
    expect(reopened.counts()).toEqual({ visible: 2, inFlight: 0, delayed: 0 });
    const received = await reopened.receive(10);
    expect(received.map((message) => [message.body, message.attributes.ApproximateReceiveCount])).toEqual([
      ['in-flight', '2'],
      ['waiting', '1'],
    ]);
    expect(received[0]!.messageId).toBe(inFlight!.messageId);
  });

  it('ignores a line cut short by a crash', async () => {
    const { queue, open, dataDir } = scenario();
    send(queue, 'kept');
    appendFileSync(join(dataDir, 'sqs', 'ingest.jsonl'), '{"k":"sent","m":{"id":"half');
    expect((await open().receive(10)).map((message) => message.body)).toEqual(['kept']);
  });

  it('rewrites its file once most lines are about deleted messages', async () => {
    const { queue, open, dataDir } = scenario();
    const lines = () => readFileSync(join(dataDir, 'sqs', 'ingest.jsonl'), 'utf8').split('\n').filter(Boolean).length;
    send(queue, ...Array.from({ length: 600 }, (_, index) => `m${index}`));
    for (const message of await queue.receive(600)) queue.delete(message.receiptHandle);
    // 600 sends, receives and deletes are 1,800 lines without a rewrite.
    expect(lines()).toBeLessThan(1_000);
    expect(open().counts()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    // Empty on reopening: no file at all, as for a queue never sent to (most dead-letter queues).
    expect(existsSync(join(dataDir, 'sqs', 'ingest.jsonl'))).toBe(false);
    send(open(), 'again');
    expect(lines()).toBe(1);
  });

  it('wakes a waiter when a message is sent', async () => {
    const queue = new LocalSqsQueue(definition(), { deadLetter: async () => undefined });
    const waiting = queue.waitForVisible(1);
    send(queue, 'wake up');
    await waiting;
    expect(queue.counts().visible).toBe(1);
  });
});

describe('the template queues and the dispatcher', () => {
  it('makes a payload for a queue a function consumes a message on it, and one for any other queue a dead letter', async () => {
    const model = buildLocalModel(fixtureTemplate(), { stackName: 'CommerceOps', region: 'us-east-1', accountId: '000000000000', repoRoot });
    const dataDir = mkdtempSync(join(tmpdir(), 'sqs-queues-'));
    const dispatch = createDispatcher({
      dataDir,
      invokeLambdaAsync: () => undefined,
      publish: async () => undefined,
      startExecution: async () => undefined,
      sendToConsumedQueue: (arn, body) => queues.sendIfConsumed(arn, body, '000000000000'),
    });
    const queues = new LocalQueues({ model, dataDir, deadLetter: dispatch });
    await dispatch(`${ARN}:ingest`, '{"to":"the consumer"}');
    await dispatch(`${ARN}:stream-dlq`, '{"to":"the dead letters"}');
    expect(queues.counts().ingest).toEqual({ visible: 1, inFlight: 0, delayed: 0 });
    expect(queues.counts()['stream-dlq']).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    expect(readDeadLetters(dataDir, 'stream-dlq').map((letter) => letter.body)).toEqual(['{"to":"the dead letters"}']);
    expect(queues.idle()).toBe(false);
    const [message] = await queues.named('ingest')!.receive(1);
    queues.named('ingest')!.delete(message!.receiptHandle);
    expect(queues.idle()).toBe(true);
  });
});
