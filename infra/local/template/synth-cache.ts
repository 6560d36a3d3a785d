/**
 * The synthesized template, cached between starts: loading aws-cdk-lib and synthesizing cost seconds
 * (and ~150 MB held for the cloud's lifetime) while the inputs rarely change. The key hashes every
 * file the CDK app can read (infra/ but the local cloud, workflows/, shared/), the function files'
 * names, the lockfile, cdk.json, tsconfig.json and the extra context: any edit there synthesizes again.
 * aws-cdk-lib is only loaded on a miss.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SynthesizedTemplate } from './synth';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');
/** `COMMERCE_OPS_LOCAL_CACHE` moves the local cloud's caches (the startup bench measures cold starts with an empty one). */
export const LOCAL_CACHE_ROOT = process.env.COMMERCE_OPS_LOCAL_CACHE ?? join(REPO_ROOT, 'node_modules', '.cache', 'commerce-ops-local');
const TEMPLATES_DIR = join(LOCAL_CACHE_ROOT, 'templates');
/** Whose content decides the template. */
const SOURCE_DIRS = ['infra', 'workflows', 'shared'];
/** Only their names matter to the template (entries are paths). */
const NAME_ONLY_DIRS = ['functions'];
const CONFIG_FILES = ['package-lock.json', 'cdk.json', 'tsconfig.json'];
const KEEP_MS = 7 * 24 * 3600_000;

export async function synthTemplateCached(context: Record<string, unknown> = {}): Promise<SynthesizedTemplate & { readonly cached: boolean }> {
  const key = templateKey(context);
  const file = join(TEMPLATES_DIR, `${key}.json`);
  try {
    return { ...(JSON.parse(readFileSync(file, 'utf8')) as SynthesizedTemplate), cached: true };
  } catch {
    // not cached yet (or unreadable): synthesize
  }
  const { synthTemplate, loadedSourcesAreCurrent } = await import('./synth');
  const synthesized = synthTemplate(context);
  // Made from sources edited since they were loaded: right for this process, wrong under today's key.
  if (!loadedSourcesAreCurrent() || templateKey(context) !== key) return { ...synthesized, cached: false };
  mkdirSync(TEMPLATES_DIR, { recursive: true });
  // Write then rename: a cloud starting at the same moment never reads half a file.
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(synthesized));
  renameSync(partial, file);
  prune();
  return { ...synthesized, cached: false };
}

export function templateKey(context: Record<string, unknown>): string {
  const digest = createHash('sha256').update(JSON.stringify(context));
  for (const file of CONFIG_FILES) digest.update(`\n${file}\n`).update(readOrEmpty(join(REPO_ROOT, file)));
  for (const dir of SOURCE_DIRS) {
    for (const file of filesUnder(join(REPO_ROOT, dir))) digest.update(`\n${relative(REPO_ROOT, file)}\n`).update(readOrEmpty(file));
  }
  for (const dir of NAME_ONLY_DIRS) for (const file of filesUnder(join(REPO_ROOT, dir))) digest.update(`\n${relative(REPO_ROOT, file)}`);
  return digest.digest('hex').slice(0, 24);
}

/** Source files, sorted; the local cloud's own code (but the synth itself) does not shape the template. */
function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.') && path !== join(REPO_ROOT, 'infra', 'local')) walk(path);
      } else if (/\.(ts|json)$/.test(entry.name)) found.push(path);
    }
  };
  walk(dir);
  if (dir === join(REPO_ROOT, 'infra')) found.push(fileURLToPath(new URL('./synth.ts', import.meta.url)));
  return found.sort();
}

function readOrEmpty(file: string): Buffer | string {
  try {
    return readFileSync(file);
  } catch {
    return '';
  }
}

function prune(): void {
  const cutoff = Date.now() - KEEP_MS;
  for (const name of readdirSync(TEMPLATES_DIR)) {
    try {
      if (statSync(join(TEMPLATES_DIR, name)).mtimeMs < cutoff) rmSync(join(TEMPLATES_DIR, name), { force: true });
    } catch {
      // removed by another cloud meanwhile
    }
  }
}
