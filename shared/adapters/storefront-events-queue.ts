/**
 * The queue between `POST /events` and the counting function (docs/analytics.md, "Ingestion"): a storefront's
 * checked batch goes on it as one message, and functions/analytics/count-storefront-events.ts counts the queued
 * batches of many storefronts together.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { queuedEventBatchSchema } from '../contracts/analytics';
import type * as z from '../contracts/z';

/** Built once per function instance; honours AWS_ENDPOINT_URL (the local cloud's :4566). */
const sqsClient = new SQSClient({});

/** What one message holds: the events, and the key that sent them (its schema: the counting function checks it). */
export type QueuedEventBatch = z.output<typeof queuedEventBatchSchema>;

const queueUrl = (): string => {
  const url = process.env.STOREFRONT_EVENTS_QUEUE_URL;
  if (!url) throw new Error('STOREFRONT_EVENTS_QUEUE_URL is not set');
  return url;
};

/** SQS takes 256 KB a message; a little under it leaves room for nothing to be cut. */
const MAX_MESSAGE_BYTES = 250 * 1024;

/**
 * JSON with every character outside printable ASCII escaped: SQS refuses some characters JSON leaves as they are
 * (U+FFFE, U+FFFF), and the escaped text parses back to the same events.
 */
const asciiJson = (value: unknown): string =>
  JSON.stringify(value).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * The batch on the queue, as one message almost always: a batch of plain text is far under 256 KB, but the schema
 * allows 100 events of long fields in any script, escaped up to 6 bytes a character, so a batch over the limit goes
 * in halves (each event whole; counting dedupes by session and id across messages).
 */
export async function queueEventBatch(batch: QueuedEventBatch): Promise<void> {
  const body = asciiJson(batch);
  if (Buffer.byteLength(body) > MAX_MESSAGE_BYTES && batch.events.length > 1) {
    const half = Math.ceil(batch.events.length / 2);
    await queueEventBatch({ keyId: batch.keyId, events: batch.events.slice(0, half) });
    await queueEventBatch({ keyId: batch.keyId, events: batch.events.slice(half) });
    return;
  }
  await sqsClient.send(new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: body }));
}
