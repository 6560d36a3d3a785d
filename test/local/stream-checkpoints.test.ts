import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StreamCheckpoints } from '../../infra/local/dynamodb/checkpoints';

const fresh = () => {
  const file = join(mkdtempSync(join(tmpdir(), 'checkpoints-')), 'streams.json');
  const checkpoints = new StreamCheckpoints(file);
  checkpoints.shardsFor('Mapping', 'stream-1');
  const onDisk = () => (JSON.parse(readFileSync(file, 'utf8')) as Record<string, { shards: Record<string, unknown> }>).Mapping?.shards;
  return { file, checkpoints, onDisk };
};

describe('StreamCheckpoints', () => {
  it('writes a position past a delivered batch at once, and a restart reads it back', () => {
    const { file, checkpoints, onDisk } = fresh();
    checkpoints.record('Mapping', 'shard-1', { sequenceNumber: '100' });
    expect(onDisk()).toEqual({ 'shard-1': { sequenceNumber: '100' } });
    expect(new StreamCheckpoints(file).shardsFor('Mapping', 'stream-1')).toEqual({ 'shard-1': { sequenceNumber: '100' } });
  });

  it('keeps a position past filtered-out records in memory until the next write or close', () => {
    const { checkpoints, onDisk } = fresh();
    checkpoints.record('Mapping', 'shard-1', { sequenceNumber: '100' });
    checkpoints.record('Mapping', 'shard-1', { sequenceNumber: '150' }, { lazily: true });
    expect(onDisk()).toEqual({ 'shard-1': { sequenceNumber: '100' } });
    checkpoints.close();
    expect(onDisk()).toEqual({ 'shard-1': { sequenceNumber: '150' } });
  });

  it('does not rewrite the file for a position it already holds', () => {
    const { file, checkpoints } = fresh();
    checkpoints.record('Mapping', 'shard-1', { sequenceNumber: '100' });
    const written = statSync(file).mtimeMs;
    checkpoints.record('Mapping', 'shard-1', { sequenceNumber: '100' });
    expect(statSync(file).mtimeMs).toBe(written);
    checkpoints.record('Mapping', 'shard-1', { finished: true });
    expect(JSON.parse(readFileSync(file, 'utf8')).Mapping.shards['shard-1']).toEqual({ sequenceNumber: '100', finished: true });
  });
});
