/**
 * The template's queues, locally: one LocalSqsQueue each, kept under `<dataDir>/sqs/`, found by name, ARN or
 * URL. Queues a function consumes (an SQS event source mapping) are working queues; the others are the
 * dead-letter queues the dispatcher writes to `<dataDir>/dlq/<queue>.jsonl` (dispatch.ts), as before queues
 * had a stand-in of their own.
 */
import { join } from 'node:path';
import type { LocalModel } from '../model';
import { LocalSqsQueue, type QueueCounts } from './queue';

export interface LocalQueuesOptions {
  readonly model: LocalModel;
  /** Where messages are kept; none: in memory (the cloud's in-memory mode forgets the data they are about). */
  readonly dataDir?: string;
  /** Delivers a message past maxReceiveCount to its dead-letter target (the cloud's dispatcher). */
  readonly deadLetter: (targetArn: string, body: string) => Promise<void>;
}

export class LocalQueues {
  private readonly byName = new Map<string, LocalSqsQueue>();
  private readonly consumed: ReadonlySet<string>;

  constructor(options: LocalQueuesOptions) {
    for (const definition of options.model.queues) {
      const file = options.dataDir ? join(options.dataDir, 'sqs', `${definition.name}.jsonl`) : undefined;
      this.byName.set(definition.name, new LocalSqsQueue(definition, { file, deadLetter: options.deadLetter }));
    }
    const consumedIds = new Set(options.model.eventSourceMappings.flatMap((mapping) => (mapping.kind === 'queue' && mapping.enabled ? [mapping.queueLogicalId] : [])));
    this.consumed = new Set(options.model.queues.filter((queue) => consumedIds.has(queue.logicalId)).map((queue) => queue.arn));
  }

  named(name: string): LocalSqsQueue | undefined {
    return this.byName.get(name);
  }

  withArn(arn: string): LocalSqsQueue | undefined {
    return this.all().find((queue) => queue.definition.arn === arn);
  }

  /** By QueueUrl: `<origin>/<account>/<name>`; the host is not checked (the CLI and the SDK may spell it differently). */
  withUrl(url: string, accountId: string): LocalSqsQueue | undefined {
    const [account, name, ...rest] = pathOf(url).split('/').filter(Boolean);
    if (account !== accountId || !name || rest.length > 0) return undefined;
    return this.named(decodeURIComponent(name));
  }

  all(): LocalSqsQueue[] {
    return [...this.byName.values()];
  }

  /** A dispatched payload for a queue a function consumes becomes a message on it (true); any other queue is a dead-letter file (false). */
  sendIfConsumed(queueArn: string, body: string, senderId: string): boolean {
    const queue = this.consumed.has(queueArn) ? this.withArn(queueArn) : undefined;
    queue?.send([{ body, senderId }]);
    return queue !== undefined;
  }

  /** Per queue: receivable, in flight and delayed messages. */
  counts(): Record<string, QueueCounts> {
    return Object.fromEntries(this.all().map((queue) => [queue.definition.name, queue.counts()]));
  }

  /** No message anywhere is waiting, in flight or delayed: every queue is drained. */
  idle(): boolean {
    return this.all().every((queue) => {
      const { visible, inFlight, delayed } = queue.counts();
      return visible + inFlight + delayed === 0;
    });
  }

  close(): void {
    for (const queue of this.all()) queue.close();
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
