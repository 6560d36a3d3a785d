/**
 * Lambda's SQS event source, locally: for each enabled mapping, waits for messages (woken by a send, never a
 * polling delay), gathers up to BatchSize for at most MaximumBatchingWindowInSeconds, and invokes the function
 * with the event Lambda builds. A batch that succeeds is deleted, less the `batchItemFailures` it reports when
 * ReportBatchItemFailures is on; a batch that throws stays and comes back after the visibility timeout, where
 * the queue's redrive policy counts its receives. Up to the mapping's maximum concurrency (at most
 * LOCAL_QUEUE_CONCURRENCY) batches at once, as Lambda runs several: deliveries race for the same items locally too.
 */
import type { LambdaInvoker, LocalQueueMapping, LocalModel } from '../model';
import type { MessageAttributeValue, ReceivedMessage, LocalSqsQueue } from './queue';
import type { LocalQueues } from './queues';

export interface QueuePollerOptions {
  readonly model: LocalModel;
  readonly queues: LocalQueues;
  readonly lambda: LambdaInvoker;
  readonly logger?: { warn(message: string, data?: object): void };
}

/** One record of Lambda's SQS event. */
export interface LambdaSqsRecord {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly attributes: ReceivedMessage['attributes'];
  readonly messageAttributes: Record<string, LambdaMessageAttribute>;
  readonly md5OfBody: string;
  readonly eventSource: 'aws:sqs';
  readonly eventSourceARN: string;
  readonly awsRegion: string;
}

export interface LambdaMessageAttribute {
  readonly dataType: string;
  readonly stringValue?: string;
  readonly binaryValue?: string;
  readonly stringListValues: string[];
  readonly binaryListValues: string[];
}

const RETRY_AFTER_ERROR_MS = 1_000;
/** Batches delivered at once per mapping when it sets no lower maximum: Lambda runs far more, a laptop need not. */
export const LOCAL_QUEUE_CONCURRENCY = 3;

export class QueuePoller {
  private readonly loops: Promise<void>[] = [];
  private readonly stopping = new AbortController();

  constructor(private readonly options: QueuePollerOptions) {}

  start(): void {
    for (const mapping of this.options.model.eventSourceMappings) {
      if (mapping.kind !== 'queue' || !mapping.enabled) continue;
      const definition = this.options.model.queues.find((queue) => queue.logicalId === mapping.queueLogicalId)!;
      const queue = this.options.queues.named(definition.name)!;
      const pollers = Math.min(mapping.maximumConcurrency ?? LOCAL_QUEUE_CONCURRENCY, LOCAL_QUEUE_CONCURRENCY);
      for (let poller = 0; poller < pollers; poller++) this.loops.push(this.pollMapping(mapping, queue));
    }
  }

  /** Stops taking batches and waits for the ones being delivered. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled(this.loops);
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async pollMapping(mapping: LocalQueueMapping, queue: LocalSqsQueue): Promise<void> {
    const signal = this.stopping.signal;
    while (!this.stopped) {
      try {
        await queue.waitForVisible(1, undefined, signal);
        // The batching window opens with the first message and closes early on a full batch.
        if (mapping.maximumBatchingWindowSeconds > 0) {
          const closesAt = Date.now() + mapping.maximumBatchingWindowSeconds * 1000;
          // Another poller may take the full batch that woke this one: then wait on, until the window closes.
          do await queue.waitForVisible(mapping.batchSize, closesAt, signal);
          while (!this.stopped && Date.now() < closesAt && queue.counts().visible < mapping.batchSize);
        }
        if (this.stopped) return;
        const messages = await queue.receive(mapping.batchSize);
        if (messages.length > 0) await this.deliver(mapping, queue, messages);
      } catch (error) {
        this.options.logger?.warn(`queue poll for ${mapping.logicalId} failed`, { error: String(error) });
        await pause(RETRY_AFTER_ERROR_MS, signal);
      }
    }
  }

  private async deliver(mapping: LocalQueueMapping, queue: LocalSqsQueue, messages: readonly ReceivedMessage[]): Promise<void> {
    const { arn } = queue.definition;
    const event = { Records: messages.map((message) => toLambdaRecord(message, arn, this.options.model.region)) };
    let failed: ReadonlySet<string>;
    try {
      const result = await this.options.lambda.invoke(mapping.functionArn, event);
      failed = mapping.reportBatchItemFailures ? reportedFailures(messages, result) : new Set();
    } catch (error) {
      // Left in flight: the messages come back after the visibility timeout (or at the next start).
      if (!this.stopped) {
        this.options.logger?.warn(`batch from ${queue.definition.name} failed in ${mapping.functionArn}; it returns after the visibility timeout`, {
          messages: messages.length,
          error: String(error),
        });
      }
      return;
    }
    for (const message of messages) {
      if (!failed.has(message.messageId)) queue.delete(message.receiptHandle);
    }
  }
}

/**
 * The messages a partial batch response keeps on the queue. No `batchItemFailures` (or an empty list) is a full
 * success; an identifier that is empty or names no message of the batch fails the whole batch, as Lambda does.
 */
function reportedFailures(messages: readonly ReceivedMessage[], result: unknown): ReadonlySet<string> {
  const failures = (result as { batchItemFailures?: unknown } | null | undefined)?.batchItemFailures;
  if (!Array.isArray(failures) || failures.length === 0) return new Set();
  const ids = new Set(messages.map((message) => message.messageId));
  const reported = failures.map((failure) => (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier);
  if (reported.some((id) => typeof id !== 'string' || !ids.has(id))) return ids;
  return new Set(reported as string[]);
}

export function toLambdaRecord(message: ReceivedMessage, queueArn: string, region: string): LambdaSqsRecord {
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: message.attributes,
    messageAttributes: Object.fromEntries(Object.entries(message.messageAttributes).map(([name, value]) => [name, toLambdaAttribute(value)])),
    md5OfBody: message.md5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/** Lambda spells message attributes in camel case and always lists the (unused) list values. */
function toLambdaAttribute(value: MessageAttributeValue): LambdaMessageAttribute {
  return {
    ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
    ...(value.BinaryValue !== undefined ? { binaryValue: value.BinaryValue } : {}),
    stringListValues: [],
    binaryListValues: [],
    dataType: value.DataType,
  };
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
