/**
 * One SQS standard queue, locally, at least once like SQS: a received message is hidden for the visibility
 * timeout and comes back unless deleted by its receipt handle; each receive counts, and past the redrive
 * policy's maxReceiveCount the next receive moves it to the dead-letter target instead. Kept in a QueueFile
 * (queue-file.ts) so an accepted message outlives a restart. Messages received when the cloud stopped are
 * receivable again at once after it starts: their consumers (the poller, a function) stopped with it.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AwsServiceError, type LocalQueue } from '../model';
import { QueueFile, type MessageAttributeValue, type StoredMessage } from './queue-file';

export type { MessageAttributeValue } from './queue-file';

export interface QueueOptions {
  /** Where the messages are kept; none: in memory only (the cloud's in-memory mode). */
  readonly file?: string;
  /** Moves a message past maxReceiveCount to the dead-letter target (the cloud's dispatcher). */
  readonly deadLetter: (targetArn: string, body: string) => Promise<void>;
  readonly now?: () => number;
}

export interface SendInput {
  readonly body: string;
  readonly messageAttributes?: Readonly<Record<string, MessageAttributeValue>>;
  readonly delaySeconds?: number;
  readonly senderId: string;
}

export interface ReceivedMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly messageAttributes: Readonly<Record<string, MessageAttributeValue>>;
  readonly attributes: {
    readonly ApproximateReceiveCount: string;
    readonly SentTimestamp: string;
    readonly SenderId: string;
    readonly ApproximateFirstReceiveTimestamp: string;
  };
}

export interface QueueCounts {
  /** Receivable now (ApproximateNumberOfMessages). */
  readonly visible: number;
  /** Received and not yet deleted nor back (ApproximateNumberOfMessagesNotVisible). */
  readonly inFlight: number;
  /** Sent with a delay not yet over (ApproximateNumberOfMessagesDelayed). */
  readonly delayed: number;
}

interface LiveMessage extends StoredMessage {
  /** Epoch ms from which it can be received (again). */
  visibleAt: number;
  receiptHandle?: string;
}

export class LocalSqsQueue {
  private readonly messages = new Map<string, LiveMessage>();
  private readonly file?: QueueFile;
  private readonly waiters = new Set<() => void>();
  private closed = false;

  constructor(
    readonly definition: LocalQueue,
    private readonly options: QueueOptions,
  ) {
    if (!options.file) return;
    const { file, messages } = QueueFile.open(options.file);
    this.file = file;
    for (const message of messages) this.messages.set(message.id, { ...message, visibleAt: message.delayedUntil ?? 0 });
  }

  send(inputs: readonly SendInput[]): StoredMessage[] {
    const now = this.now();
    const sent = inputs.map((input): LiveMessage => {
      const delayedUntil = input.delaySeconds ? now + input.delaySeconds * 1000 : undefined;
      return {
        id: randomUUID(),
        body: input.body,
        md5OfBody: createHash('md5').update(input.body, 'utf8').digest('hex'),
        ...(input.messageAttributes && Object.keys(input.messageAttributes).length ? { attributes: input.messageAttributes } : {}),
        sentAt: now,
        senderId: input.senderId,
        ...(delayedUntil ? { delayedUntil } : {}),
        receiveCount: 0,
        visibleAt: delayedUntil ?? 0,
      };
    });
    this.file?.sent(sent.map(stored));
    for (const message of sent) this.messages.set(message.id, message);
    this.wake();
    return sent;
  }

  /**
   * Up to `max` receivable messages, hidden for the visibility timeout. Messages past their retention are
   * dropped and those past maxReceiveCount moved to the dead-letter target on the way, as SQS does.
   */
  async receive(max: number, visibilityTimeoutSeconds = this.definition.visibilityTimeoutSeconds): Promise<ReceivedMessage[]> {
    const now = this.now();
    const received: LiveMessage[] = [];
    const expired: string[] = [];
    const toDeadLetter: LiveMessage[] = [];
    const redrive = this.definition.redrivePolicy;
    for (const message of this.messages.values()) {
      if (received.length >= max) break;
      if (message.visibleAt > now) continue;
      if (now - message.sentAt > this.definition.messageRetentionSeconds * 1000) expired.push(message.id);
      else if (redrive && message.receiveCount >= redrive.maxReceiveCount) toDeadLetter.push(message);
      else received.push(message);
    }
    for (const message of received) {
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      message.visibleAt = now + visibilityTimeoutSeconds * 1000;
      message.receiptHandle = receiptHandle(this.definition.name, message.id);
    }
    this.file?.received(received);
    this.forget(expired);
    if (redrive && toDeadLetter.length > 0) await this.moveToDeadLetter(redrive.deadLetterTargetArn, toDeadLetter);
    return received.map(toReceived);
  }

  /** Deletes by receipt handle. A handle from an earlier receive of a message received again since deletes nothing (SQS's rule). */
  delete(handle: string): void {
    const messageId = messageIdOf(handle, this.definition.name);
    if (this.messages.get(messageId)?.receiptHandle === handle) this.forget([messageId]);
  }

  /** ChangeMessageVisibility: hides an in-flight message for `seconds` more from now (0: receivable at once). */
  changeVisibility(handle: string, seconds: number): void {
    const message = this.messages.get(messageIdOf(handle, this.definition.name));
    if (!message || message.receiptHandle !== handle || message.visibleAt <= this.now()) {
      throw new AwsServiceError('MessageNotInflight', 'The message referred to is not in flight.');
    }
    message.visibleAt = this.now() + seconds * 1000;
    this.wake();
  }

  counts(): QueueCounts {
    const now = this.now();
    let visible = 0;
    let inFlight = 0;
    let delayed = 0;
    for (const message of this.messages.values()) {
      if (message.visibleAt <= now) visible += 1;
      else if (message.receiptHandle) inFlight += 1;
      else delayed += 1;
    }
    return { visible, inFlight, delayed };
  }

  /**
   * Resolves once at least `count` messages are receivable, at `deadline` (epoch ms) if that comes first, or
   * when the queue closes or `signal` aborts. Woken by sends and by hidden messages coming back, never by polling.
   */
  async waitForVisible(count: number, deadline = Number.POSITIVE_INFINITY, signal?: AbortSignal): Promise<void> {
    while (!this.closed && !signal?.aborted && this.counts().visible < count && this.now() < deadline) {
      const wakeAt = Math.min(deadline, this.nextVisibleAt());
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = Number.isFinite(wakeAt) ? setTimeout(done, Math.max(0, wakeAt - this.now())) : undefined;
        this.waiters.add(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    }
  }

  /** Wakes every waiter for good (the cloud stops). */
  close(): void {
    this.closed = true;
    this.wake();
  }

  /** When the next hidden message becomes receivable (epoch ms; infinite when none will by itself). */
  private nextVisibleAt(): number {
    const now = this.now();
    let next = Number.POSITIVE_INFINITY;
    for (const { visibleAt } of this.messages.values()) if (visibleAt > now && visibleAt < next) next = visibleAt;
    return next;
  }

  private async moveToDeadLetter(targetArn: string, messages: readonly LiveMessage[]): Promise<void> {
    // Hidden while moving, so no other receive takes them; deleted only once the dead-letter target has them.
    for (const message of messages) message.visibleAt = Number.POSITIVE_INFINITY;
    const moved: string[] = [];
    for (const message of messages) {
      try {
        await this.options.deadLetter(targetArn, message.body);
        moved.push(message.id);
      } catch {
        // Stays on this queue, hidden for a visibility timeout like any receive: the next one tries again.
        message.visibleAt = this.now() + this.definition.visibilityTimeoutSeconds * 1000;
      }
    }
    this.forget(moved);
  }

  private forget(ids: readonly string[]): void {
    if (ids.length === 0) return;
    for (const id of ids) this.messages.delete(id);
    this.file?.deleted(ids, { count: this.messages.size, messages: () => [...this.messages.values()].map(stored) });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}

function stored({ visibleAt: _visibleAt, receiptHandle: _receiptHandle, ...message }: LiveMessage): StoredMessage {
  return message;
}

function toReceived(message: LiveMessage): ReceivedMessage {
  return {
    messageId: message.id,
    receiptHandle: message.receiptHandle!,
    body: message.body,
    md5OfBody: message.md5OfBody,
    messageAttributes: message.attributes ?? {},
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      SenderId: message.senderId,
      ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
    },
  };
}

/** Opaque to callers, like SQS's: names the queue and the message, and differs on every receive. */
function receiptHandle(queueName: string, messageId: string): string {
  return Buffer.from(JSON.stringify([queueName, messageId, randomBytes(6).toString('hex')])).toString('base64');
}

function messageIdOf(handle: string, queueName: string): string {
  try {
    const [queue, messageId] = JSON.parse(Buffer.from(handle, 'base64').toString('utf8')) as unknown[];
    if (queue === queueName && typeof messageId === 'string') return messageId;
  } catch {
    // not one of ours
  }
  throw new AwsServiceError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`);
}
