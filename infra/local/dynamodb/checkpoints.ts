/** Per-shard stream positions on disk, so a restart of the local cloud neither loses nor replays records. */
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

export class StreamCheckpoints {
  private readonly state: Record<string, MappingCheckpoint>;

  constructor(private readonly file: string) {
    this.state = readState(file);
  }

  /** Positions for a mapping on this stream; forgets positions recorded for an older stream (table recreated). */
  shardsFor(mappingId: string, streamArn: string): Record<string, ShardPosition> {
    const current = this.state[mappingId];
    if (!current || current.streamArn !== streamArn) this.state[mappingId] = { streamArn, shards: {} };
    return this.state[mappingId]!.shards;
  }

  record(mappingId: string, shardId: string, position: ShardPosition): void {
    const mapping = this.state[mappingId];
    if (!mapping) return;
    mapping.shards[shardId] = { ...mapping.shards[shardId], ...position };
    this.save();
  }

  private save(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.state, null, 2));
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
