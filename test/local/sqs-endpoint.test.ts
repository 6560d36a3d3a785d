/**
 * SQS on the :4566 endpoint through the real SDK client (JSON protocol), and a queue between two functions:
 * the producer sends with nothing but AWS_ENDPOINT_URL and the QueueUrl from the template, the poller feeds
 * the consumer, and what it keeps failing ends in the dead-letter file.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDeadLetters } from '../../infra/local/dispatch';
import { startTestCloud, waitFor, type TestCloud } from '../support/local-cloud';
import { fixtureTemplate } from './fixtures';

const recordFile = join(mkdtempSync(join(tmpdir(), 'sqs-consumer-')), 'batches.jsonl');
let cloud: TestCloud;
let sqs: SQSClient;
const config = (region = 'us-east-1') => ({ endpoint: cloud.awsUrl, region, credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ name: 'no error' }),
    (error: Error & { Code?: string; $metadata?: { httpStatusCode?: number } }) => ({ name: error.name, code: error.Code, status: error.$metadata?.httpStatusCode }),
  );

beforeAll(async () => {
  cloud = await startTestCloud({
    template: { template: fixtureTemplate(), stackName: 'CommerceOps' },
    environmentOverrides: { consume: { RECORD_FILE: recordFile } },
  });
  sqs = new SQSClient(config());
});

afterAll(async () => {
  sqs?.destroy();
  await cloud?.stop();
});

const workUrl = async () => (await sqs.send(new GetQueueUrlCommand({ QueueName: 'work' }))).QueueUrl!;

describe('SQS on the endpoint', () => {
  it('gives queue URLs on the endpoint the functions are given', async () => {
    const url = await workUrl();
    expect(url).toBe(`${cloud.awsUrl.replace('localhost', '127.0.0.1')}/000000000000/work`);
    expect(cloud.model.functions.find((fn) => fn.name === 'produce')?.environment.QUEUE_URL).toBe(url.replace('/work', '/ingest'));
  });

  it('sends, receives with attributes, counts in-flight messages and deletes by receipt handle', async () => {
    const QueueUrl = await workUrl();
    const sent = await sqs.send(
      new SendMessageCommand({ QueueUrl, MessageBody: '{"hello":"world"}', MessageAttributes: { kind: { DataType: 'String', StringValue: 'greeting' } } }),
    );
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }),
    );
    expect(Messages).toEqual([
      {
        MessageId: sent.MessageId,
        ReceiptHandle: expect.any(String),
        MD5OfBody: sent.MD5OfMessageBody,
        Body: '{"hello":"world"}',
        Attributes: { ApproximateReceiveCount: '1', SentTimestamp: expect.any(String), SenderId: '000000000000', ApproximateFirstReceiveTimestamp: expect.any(String) },
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'greeting' } },
      },
    ]);
    const counts = async () =>
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }))).Attributes;
    expect(await counts()).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '1' });
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages[0]!.ReceiptHandle }));
    expect(await counts()).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
  });

  it('sends and deletes in batches, failing only the entries that are refused', async () => {
    const QueueUrl = await workUrl();
    const batch = await sqs.send(
      new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'a', MessageBody: 'one' }, { Id: 'b', MessageBody: 'bad \u0000 byte' }, { Id: 'c', MessageBody: 'two' }] }),
    );
    expect(batch.Successful?.map((entry) => entry.Id)).toEqual(['a', 'c']);
    expect(batch.Failed).toEqual([{ Id: 'b', SenderFault: true, Code: 'InvalidMessageContents', Message: expect.any(String) }]);
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(Messages.map((message) => message.Body)).toEqual(['one', 'two']);
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl,
        Entries: [...Messages.map((message, index) => ({ Id: `m${index}`, ReceiptHandle: message.ReceiptHandle })), { Id: 'bogus', ReceiptHandle: 'bogus' }],
      }),
    );
    expect(deleted.Successful?.map((entry) => entry.Id)).toEqual(['m0', 'm1']);
    expect(deleted.Failed).toEqual([{ Id: 'bogus', SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: expect.any(String) }]);
  });

  it('hides a message for the visibility timeout asked for, and shows it again when told to', async () => {
    const QueueUrl = await workUrl();
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'peek' }));
    const receive = async (VisibilityTimeout?: number) =>
      (await sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }))).Messages ?? [];
    const [peeked] = await receive(0);
    const [taken] = await receive();
    expect([peeked?.Attributes?.ApproximateReceiveCount, taken?.Attributes?.ApproximateReceiveCount]).toEqual(['1', '2']);
    expect(await receive()).toEqual([]);
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: taken!.ReceiptHandle, VisibilityTimeout: 0 }));
    const [shown] = await receive();
    expect(shown?.Body).toBe('peek');
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: shown!.ReceiptHandle }));
    expect(await failure(sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 43_201 })))).toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('answers a long poll as soon as a message arrives', async () => {
    const QueueUrl = await workUrl();
    const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'worth the wait' }));
    const { Messages = [] } = await polling;
    expect(Messages.map((message) => message.Body)).toEqual(['worth the wait']);
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages[0]!.ReceiptHandle }));
  });

  it('names errors as SQS does', async () => {
    const QueueUrl = await workUrl();
    const missing = `${QueueUrl}-nope`;
    expect(await failure(sqs.send(new SendMessageCommand({ QueueUrl: missing, MessageBody: 'x' })))).toEqual({
      name: 'QueueDoesNotExist',
      code: 'AWS.SimpleQueueService.NonExistentQueue',
      status: 400,
    });
    expect(await failure(sqs.send(new GetQueueUrlCommand({ QueueName: 'nope' })))).toMatchObject({ name: 'QueueDoesNotExist' });
    expect(await failure(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x'.repeat(262_145) })))).toMatchObject({
      name: 'InvalidParameterValue',
      status: 400,
    });
    expect(await failure(sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: 'not-ours' })))).toMatchObject({ name: 'ReceiptHandleIsInvalid' });
    expect(await failure(sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [] })))).toMatchObject({ name: 'EmptyBatchRequest' });
    // Another region has no such queue.
    const elsewhere = new SQSClient(config('eu-west-1'));
    expect(await failure(elsewhere.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' })))).toMatchObject({ name: 'QueueDoesNotExist' });
    elsewhere.destroy();
  });
});

describe('a queue between two functions', () => {
  it('carries what the producer sends to the consumer, and the failures it keeps reporting to the dead-letter queue', async () => {
    await cloud.invoke('produce', { body: 'ok-1' });
    await cloud.invoke('produce', { body: 'fail-1' });
    await waitFor(() => readDeadLetters(cloud.dataDir, 'ingest-dlq').length > 0 && cloud.queuesIdle(), { message: 'the queue to drain' });
    expect(readDeadLetters(cloud.dataDir, 'ingest-dlq').map((letter) => letter.body)).toEqual(['fail-1']);
    const delivered = readFileSync(recordFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .flatMap((line) => (JSON.parse(line) as { Records: { body: string; eventSource: string }[] }).Records);
    expect(delivered.filter((record) => record.body === 'ok-1')).toHaveLength(1);
    // maxReceiveCount 2: the consumer saw the failing message twice before it was moved.
    expect(delivered.filter((record) => record.body === 'fail-1')).toHaveLength(2);
    expect(new Set(delivered.map((record) => record.eventSource))).toEqual(new Set(['aws:sqs']));
  });
});
