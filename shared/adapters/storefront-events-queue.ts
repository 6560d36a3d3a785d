/**
 * The queue between `POST /events` and the counting function (docs/analytics.md, "Ingestion"): a storefront's
 * checked batch goes on it as one message, and functions/analytics/count-storefront-events.ts counts the queued
 * batches of many storefronts together.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { StorefrontEvent } from '../domain/analytics/storefront-events';

/** Built once per function instance; honours AWS_ENDPOINT_URL (the local cloud's :4566). */
const sqsClient = new SQSClient({});

/** What one message holds: the events, and the key that sent them (for the counting function's logs). */
export interface QueuedEventBatch {
  readonly keyId: string;
  readonly events: readonly StorefrontEvent[];
}

const queueUrl = (): string => {
  const url = process.env.STOREFRONT_EVENTS_QUEUE_URL;
  if (!url) throw new Error('STOREFRONT_EVENTS_QUEUE_URL is not set');
  return url;
};

/**
 * The batch on the queue as one message. It always fits SQS's 256 KB: at most 100 events, each under 1 KB by the
 * event schema (shared/contracts/analytics.ts).
 */
export async function queueEventBatch(batch: QueuedEventBatch): Promise<void> {
  await sqsClient.send(new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: JSON.stringify(batch) }));
}
