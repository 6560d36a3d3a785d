/**
 * A queue's messages on disk: one append-only JSON-lines file per queue, `<dataDir>/sqs/<queue>.jsonl`. A send,
 * a receive (its count) and a delete are each written synchronously before the call answers, so a message the
 * queue accepted survives Ctrl-C and `kill -9`. A line cut short by a crash is ignored on reading. Reading
 * rewrites the file with only the messages still there (write, then rename), and so does a long-running queue
 * once most lines are about deleted messages. No fsync, like the Step Functions journal: the process may die
 * at any moment, the machine is assumed not to. A queue that holds nothing has no file (most are dead-letter
 * queues nothing ever sends to).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface MessageAttributeValue {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}

/** What a queue keeps of a message across restarts. */
export interface StoredMessage {
  readonly id: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly attributes?: Readonly<Record<string, MessageAttributeValue>>;
  readonly sentAt: number;
  readonly senderId: string;
  /** Not receivable before (DelaySeconds), epoch ms. */
  readonly delayedUntil?: number;
  receiveCount: number;
  firstReceivedAt?: number;
}

type Line =
  | { readonly k: 'sent'; readonly m: StoredMessage }
  | { readonly k: 'recv'; readonly id: string; readonly n: number; readonly first: number }
  | { readonly k: 'del'; readonly id: string };

/** Rewrite once the file holds this many lines and four times as many as there are messages. */
const COMPACT_AFTER_LINES = 1_000;

export class QueueFile {
  private lines = 0;

  private constructor(private readonly file: string) {}

  /** Opens the file and answers the messages it holds, oldest first. */
  static open(file: string): { file: QueueFile; messages: StoredMessage[] } {
    const queueFile = new QueueFile(file);
    const messages = [...replay(file).values()];
    if (messages.length > 0) queueFile.rewrite(messages);
    else rmSync(file, { force: true });
    return { file: queueFile, messages };
  }

  sent(messages: readonly StoredMessage[]): void {
    this.append(messages.map((m): Line => ({ k: 'sent', m })));
  }

  received(messages: readonly StoredMessage[]): void {
    this.append(messages.map((m): Line => ({ k: 'recv', id: m.id, n: m.receiveCount, first: m.firstReceivedAt ?? Date.now() })));
  }

  /** @param remaining how many messages the queue holds after the deletion, and what they are (a compaction writes them). */
  deleted(ids: readonly string[], remaining: { readonly count: number; readonly messages: () => readonly StoredMessage[] }): void {
    this.append(ids.map((id): Line => ({ k: 'del', id })));
    if (this.lines >= COMPACT_AFTER_LINES && this.lines >= 4 * remaining.count) this.rewrite(remaining.messages());
  }

  private append(lines: readonly Line[]): void {
    if (lines.length === 0) return;
    if (this.lines === 0 && !existsSync(this.file)) mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
    this.lines += lines.length;
  }

  private rewrite(messages: readonly StoredMessage[]): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, messages.map((m) => `${JSON.stringify({ k: 'sent', m } satisfies Line)}\n`).join(''));
    renameSync(temporary, this.file);
    this.lines = messages.length;
  }
}

function replay(file: string): Map<string, StoredMessage> {
  const messages = new Map<string, StoredMessage>();
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return messages;
  }
  for (const raw of text.split('\n')) {
    const line = parseLine(raw);
    if (line?.k === 'sent') messages.set(line.m.id, line.m);
    if (line?.k === 'del') messages.delete(line.id);
    if (line?.k === 'recv') {
      const message = messages.get(line.id);
      if (message) Object.assign(message, { receiveCount: line.n, firstReceivedAt: message.firstReceivedAt ?? line.first });
    }
  }
  return messages;
}

function parseLine(raw: string): Line | undefined {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as Line;
  } catch {
    return undefined; // cut short by a crash
  }
}
