/**
 * `npm start -- --fresh` (launchLocalCloud with `fresh`): the data dir is emptied every time, and the
 * table the first fresh start created and seeded is kept as a snapshot, so the next one copies it back
 * instead of creating and seeding again. What a fresh start gives must not change: the seed's data, its
 * summary in the banner, and nothing of what the run before wrote.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { freshSnapshotKey } from '../../infra/local/fresh-snapshot';
import { launchLocalCloud } from '../../infra/local/launch';
import type { LocalCloud } from '../../infra/local/cloud';
import { LOCAL_CACHE_ROOT } from '../../infra/local/template/synth-cache';
import { apiClient } from '../support/local-cloud';

const dataDir = mkdtempSync(join(tmpdir(), 'commerce-ops-fresh-'));
const snapshot = join(LOCAL_CACHE_ROOT, 'fresh-data', freshSnapshotKey({}));
const TABLE_PROBE = { pk: { S: 'TEST#fresh-start' }, sk: { S: 'PROBE' } };
let running: LocalCloud | undefined;

afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

const startFresh = async () => {
  running = await launchLocalCloud({ dataDir, fresh: true, apiPort: 0, awsPort: 0, quiet: true, prewarm: false });
  const cloud = running;
  const dynamodb = new DynamoDBClient({ endpoint: cloud.dynamodb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const tableName = cloud.model.tables[0]!.name;
  const get = async (key: Record<string, { S: string }>) => (await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
  const seededAt = async () => (await get({ pk: { S: 'SEED#demo' }, sk: { S: 'SEED' } }))?.seededAt?.S;
  const stop = async () => {
    dynamodb.destroy();
    await cloud.stop();
    running = undefined;
  };
  return { cloud, dynamodb, tableName, get, seededAt, stop };
};

describe('npm start -- --fresh', () => {
  it('creates and seeds once, keeps that as a snapshot, and restores it on the next fresh start without what the run wrote', { timeout: 180_000 }, async () => {
    rmSync(snapshot, { recursive: true, force: true });

    const first = await startFresh();
    expect(existsSync(snapshot)).toBe(true);
    const seededAt = await first.seededAt();
    expect(seededAt).toBeDefined();
    await first.dynamodb.send(new PutItemCommand({ TableName: first.tableName, Item: { ...TABLE_PROBE, entity: { S: 'Probe' } } }));
    const firstSummary = first.cloud.seedSummary;
    expect(firstSummary.some((line) => line.startsWith('Supplier '))).toBe(true);
    await first.stop();

    const second = await startFresh();
    // The very seed the snapshot holds (a new seed would carry a new time), and nothing written after it.
    expect(await second.seededAt()).toBe(seededAt);
    expect(await second.get(TABLE_PROBE)).toBeUndefined();
    expect(second.cloud.seedSummary).toEqual(firstSummary);
    // The restored table serves the API: the demo suppliers are there, through their index.
    const token = await second.cloud.issuer.issueToken({ role: 'operator' });
    const suppliers = await apiClient(second.cloud.apiUrl)('GET', '/suppliers?status=APPROVED', { token });
    expect(suppliers.status).toBe(200);
    expect((suppliers.body as { items: { name: string }[] }).items.map(({ name }) => name).sort()).toEqual(['Costa Cerâmica', 'Nordwind Textil']);
    await second.stop();
  });
});
