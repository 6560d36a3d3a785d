/**
 * `npm start -- --fresh` without creating the table and seeding every time. On a JVM that has just
 * started, CreateTable (with its indexes) and the demo seed cost about 2 s; their result depends only on
 * the template and the seed. So the first fresh start copies DynamoDB Local's files once the seed is
 * written (nothing else has touched the table yet: the stream poller, scheduler and API start after it),
 * and later fresh starts with the same inputs copy them back before the JVM opens the data dir. The key
 * is the template's key (every file the CDK app reads, the lockfile and so DynamoDB Local's version) plus
 * the seed's own files: any edit there seeds anew.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_CACHE_ROOT, templateKey } from './template/synth-cache';

const SNAPSHOTS_DIR = join(LOCAL_CACHE_ROOT, 'fresh-data');
/** What the seed writes besides what the template key already covers (shared/). */
const SEED_FILES = ['./seed.ts', './seed-shipping.ts'].map((file) => fileURLToPath(new URL(file, import.meta.url)));
/** DynamoDB Local's files in a data dir (server.ts opens `<dataDir>/dynamodb`). */
const DYNAMODB_DIR = 'dynamodb';
const KEEP = 3;

export function freshSnapshotKey(context: Record<string, unknown> = {}): string {
  const digest = createHash('sha256').update(templateKey(context));
  for (const file of SEED_FILES) digest.update(`\n${file}\n`).update(readFileSync(file));
  return digest.digest('hex').slice(0, 24);
}

/** Copies a kept snapshot into an empty data dir; false when there is none for this key. */
export function restoreFreshSnapshot(dataDir: string, key: string): boolean {
  const snapshot = join(SNAPSHOTS_DIR, key);
  if (!existsSync(snapshot)) return false;
  mkdirSync(dataDir, { recursive: true });
  cpSync(snapshot, join(dataDir, DYNAMODB_DIR), { recursive: true });
  return true;
}

/**
 * Keeps the data dir's DynamoDB files as the snapshot for `key`. Called when the seed has just been
 * written and nothing else writes: the files are consistent. Copied then renamed, so a concurrent start
 * never restores half a snapshot; a failure only costs the next start its shortcut.
 */
export function saveFreshSnapshot(dataDir: string, key: string): void {
  const snapshot = join(SNAPSHOTS_DIR, key);
  if (existsSync(snapshot)) return;
  const partial = `${snapshot}.${process.pid}.tmp`;
  try {
    mkdirSync(SNAPSHOTS_DIR, { recursive: true });
    cpSync(join(dataDir, DYNAMODB_DIR), partial, { recursive: true });
    renameSync(partial, snapshot);
  } catch {
    rmSync(partial, { recursive: true, force: true });
    return;
  }
  prune();
}

/** Only the newest few: each is a whole table file, and old keys are never asked for again. */
function prune(): void {
  const entries = readdirSync(SNAPSHOTS_DIR)
    .filter((name) => !name.endsWith('.tmp'))
    .map((name) => ({ name, modified: statSync(join(SNAPSHOTS_DIR, name)).mtimeMs }))
    .sort((a, b) => b.modified - a.modified);
  for (const { name } of entries.slice(KEEP)) rmSync(join(SNAPSHOTS_DIR, name), { recursive: true, force: true });
}
