/**
 * The local cloud survives a crash with its queues: a message accepted stays, one received (by a client, or by
 * the poller for a function still running) is delivered again after the next start, with its receive count.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processCloud, type ProcessCloud } from '../support/process-cloud';
import { waitFor } from '../support/local-cloud';
import { fixtureTemplate } from './fixtures';

const dataDir = mkdtempSync(join(tmpdir(), 'sqs-restart-'));
const recordFile = join(dataDir, 'consumed.jsonl');
let local: ProcessCloud;
const sqs = () => new SQSClient({ endpoint: local.cloud.awsUrl, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
const queueUrl = (name: string) => `${local.cloud.awsUrl}/000000000000/${name}`;
const consumed = () =>
  readFileSync(recordFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => (JSON.parse(line) as { Records: { body: string; attributes: { ApproximateReceiveCount: string } }[] }).Records)
    .map((record) => [record.body, record.attributes.ApproximateReceiveCount]);

beforeAll(async () => {
  local = await processCloud(dataDir, {}, {
    template: { template: fixtureTemplate(), stackName: 'CommerceOps' },
    environmentOverrides: { consume: { RECORD_FILE: recordFile } },
  });
  await local.start();
});

afterAll(async () => {
  await local?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('queues across a crash of the local cloud', () => {
  it('keeps accepted messages and delivers again those that were in flight', async () => {
    const client = sqs();
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl('work'), MessageBody: 'received before the crash' }));
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl('work'), MessageBody: 'waiting' }));
    const { Messages: before = [] } = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl('work') }));
    expect(before.map((message) => message.Body)).toEqual(['received before the crash']);
    // The consumer is in the middle of this batch when the cloud dies.
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl('ingest'), MessageBody: 'slow but sure' }));
    await waitFor(() => consumed().length === 1, { message: 'the consumer to start on the batch' });
    client.destroy();

    await local.crash();
    await local.start();

    const again = sqs();
    const { Messages: after = [] } = await again.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl('work'), MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
    );
    expect(after.map((message) => [message.Body, message.Attributes?.ApproximateReceiveCount])).toEqual([
      ['received before the crash', '2'],
      ['waiting', '1'],
    ]);
    await waitFor(() => consumed().length === 2, { timeoutMs: 20_000, message: 'the interrupted batch to be delivered again' });
    expect(consumed()).toEqual([
      ['slow but sure', '1'],
      ['slow but sure', '2'],
    ]);
    again.destroy();
  });
});
