/**
 * Per-shard stream positions on disk, so a restart of the local cloud neither loses nor replays records.
 * A position past a delivered batch is written at once (write, then rename); one past records the filter
 * only skipped is written lazily (within LAZY_FLUSH_MS, or at close): after a crash those are read and
 * skipped again, nothing is delivered twice. Most records of the table are not outbox items, so this
 * keeps the file off the path of nearly every record.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ShardPosition {
  /** Last sequence number handed to the function (or filtered out). */
  readonly sequenceNumber?: string;
  /** The shard is closed and fully processed. */
  readonly finished?: boolean;
}

interface MappingCheckpoint {
  streamArn: string;
  shards: Record<string, ShardPosition>;
}

const LAZY_FLUSH_MS = 1_000;

export class StreamCheckpoints {
  private readonly state: Record<string, MappingCheckpoint>;
  private lazyFlush?: NodeJS.Timeout;

  constructor(private readonly file: string) {
    this.state = readState(file);
  }

  /** Positions for a mapping on this stream; forgets positions recorded for an older stream (table recreated). */
  shardsFor(mappingId: string, streamArn: string): Record<string, ShardPosition> {
    const current = this.state[mappingId];
    if (!current || current.streamArn !== streamArn) this.state[mappingId] = { streamArn, shards: {} };
    return this.state[mappingId]!.shards;
  }

  /** @param lazily the position only passes records that were filtered out (see above). */
  record(mappingId: string, shardId: string, position: ShardPosition, { lazily = false } = {}): void {
    const mapping = this.state[mappingId];
    if (!mapping) return;
    const current = mapping.shards[shardId];
    const next = { ...current, ...position };
    if (current && current.sequenceNumber === next.sequenceNumber && current.finished === next.finished) return;
    mapping.shards[shardId] = next;
    if (!lazily) return this.save();
    this.lazyFlush ??= setTimeout(() => this.save(), LAZY_FLUSH_MS).unref();
  }

  /** Writes what is only recorded lazily (on a clean stop). */
  close(): void {
    if (this.lazyFlush) this.save();
  }

  private save(): void {
    clearTimeout(this.lazyFlush);
    this.lazyFlush = undefined;
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.state));
    renameSync(temporary, this.file);
  }
}

function readState(file: string): Record<string, MappingCheckpoint> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, MappingCheckpoint>;
  } catch {
    return {};
  }
}
