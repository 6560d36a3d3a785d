/**
 * Every function's handler, plus the worker that hosts it, bundled to plain JS by ONE esbuild call and
 * cached between starts, so worker threads import JavaScript and no worker runs a transpiler of its own
 * (one esbuild service per worker cost ~64 processes and ~3 GiB).
 *
 * Cache: `<cacheDir>/<key>/`, key = hash of the entry list, esbuild's version, the lockfile and the
 * content of every project file the last build read (its metafile). An edited source changes the key;
 * a new import is only reachable through an edited file, so it changes the key too.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../../constructs/repo';
import { BUNDLE_ALIASES } from '../../constructs/bundle-aliases';
import { build, stop as stopEsbuild, version as esbuildVersion } from 'esbuild';

export interface BuildableFunction {
  readonly name: string;
  /** Absolute path of the TypeScript source. */
  readonly entry: string;
}

export interface BuiltFunctions {
  /** The bundled worker (runtime side of a sandbox). */
  readonly workerFile: string;
  /** Absolute path of each entry's bundle, by source entry path. */
  outputFor(entry: string): string;
  /** Whether this start reused the cache. */
  readonly cached: boolean;
  readonly buildMs: number;
}

/** `COMMERCE_OPS_LOCAL_CACHE` moves the local cloud's caches (the startup bench measures a cold start with an empty one). */
export const DEFAULT_BUILD_CACHE_DIR = join(process.env.COMMERCE_OPS_LOCAL_CACHE ?? join(REPO_ROOT, 'node_modules', '.cache', 'commerce-ops-local'), 'functions');
const WORKER_SOURCE = fileURLToPath(new URL('./worker.ts', import.meta.url));
const MANIFEST = 'manifest.json';
/** Builds used within this long stay (another running cloud, a test's fixtures may still load from them). */
const KEEP_BUILDS_MS = 24 * 3600_000;
/** ESM output needs `require` for the CommonJS parts of bundled dependencies (as the deployed bundle does). */
const CREATE_REQUIRE_BANNER =
  "import { createRequire as __opsCreateRequire } from 'node:module'; const require = __opsCreateRequire(import.meta.url);";

interface Manifest {
  readonly key: string;
  /** Project files the build read, relative to the repo root. */
  readonly inputs: readonly string[];
  /** Source entry (relative to the repo root) → output file (relative to the build dir). */
  readonly outputs: Readonly<Record<string, string>>;
  readonly worker: string;
}

const inFlight = new Map<string, Promise<BuiltFunctions>>();

/**
 * Builds (or reuses) the bundles for these functions. Concurrent calls for the same entries share one
 * build, so the cloud can start it early (while the JVM boots) and the runtime awaits the same promise.
 */
export function buildFunctions(functions: readonly BuildableFunction[], cacheDir = DEFAULT_BUILD_CACHE_DIR): Promise<BuiltFunctions> {
  const entries = [...new Set(functions.map((fn) => fn.entry))].sort();
  const id = `${cacheDir}\n${entries.join('\n')}`;
  let building = inFlight.get(id);
  if (!building) {
    building = buildOrReuse(entries, cacheDir);
    inFlight.set(id, building);
    // A failed build must not be remembered: the next start (after a fix) tries again.
    building.catch(() => inFlight.delete(id));
  }
  return building;
}

async function buildOrReuse(entries: readonly string[], cacheDir: string): Promise<BuiltFunctions> {
  const startedAt = performance.now();
  const base = baseKey(entries);
  const manifestFile = join(cacheDir, `${base.slice(0, 16)}-${MANIFEST}`);
  const previous = readManifest(manifestFile);
  if (previous) {
    const key = fullKey(base, previous.inputs);
    if (key === previous.key && existsSync(join(cacheDir, key, previous.worker))) {
      const now = new Date();
      utimesSync(join(cacheDir, key), now, now); // marks it in use for pruning
      return built(join(cacheDir, key), previous, true, performance.now() - startedAt);
    }
  }
  mkdirSync(cacheDir, { recursive: true });
  const staging = join(cacheDir, `.staging-${process.pid}-${Date.now()}`);
  const entryPoints = Object.fromEntries([['__worker', WORKER_SOURCE], ...entries.map((entry, index) => [`fn${index}`, entry])]);
  try {
    const result = await build({
      entryPoints,
      outdir: staging,
      bundle: true,
      splitting: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      outExtension: { '.js': '.mjs' },
      mainFields: ['module', 'main'],
      banner: { js: CREATE_REQUIRE_BANNER },
      // As deployed: env-only credentials (the runtime sets AWS_ACCESS_KEY_ID etc.) and the lean SDK core.
      alias: { ...BUNDLE_ALIASES },
      absWorkingDir: REPO_ROOT,
      tsconfig: join(REPO_ROOT, 'tsconfig.json'),
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs)
      .filter((input) => !input.includes('node_modules/') && !input.includes(':'))
      .sort();
    const outputs: Record<string, string> = {};
    let worker = '';
    for (const [output, meta] of Object.entries(result.metafile.outputs)) {
      if (!meta.entryPoint) continue;
      const file = relative(staging, resolve(REPO_ROOT, output));
      const source = resolve(REPO_ROOT, meta.entryPoint);
      if (source === WORKER_SOURCE) worker = file;
      else outputs[relative(REPO_ROOT, source)] = file;
    }
    const manifest: Manifest = { key: fullKey(base, inputs), inputs, outputs, worker };
    const target = join(cacheDir, manifest.key);
    // Another cloud may have built the same key meanwhile (even between the check and the rename):
    // either copy is the same, keep the first.
    try {
      if (existsSync(target)) rmSync(staging, { recursive: true, force: true });
      else renameSync(staging, target);
    } catch (error) {
      if (!existsSync(target)) throw error;
      rmSync(staging, { recursive: true, force: true });
    }
    writeFileSync(manifestFile, JSON.stringify(manifest));
    pruneOldBuilds(cacheDir);
    return built(target, manifest, false, performance.now() - startedAt);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    // The esbuild service is only needed for the build: do not keep its process for the cloud's lifetime.
    await stopEsbuild();
  }
}

function built(dir: string, manifest: Manifest, cached: boolean, buildMs: number): BuiltFunctions {
  return {
    workerFile: join(dir, manifest.worker),
    outputFor(entry) {
      const output = manifest.outputs[relative(REPO_ROOT, entry)];
      if (!output) throw new Error(`${entry} is not among the built functions`);
      return join(dir, output);
    },
    cached,
    buildMs,
  };
}

const hash = () => createHash('sha256');

/** What decides the build besides the sources: the entries, the bundler, the dependencies, the compiler settings, the aliases. */
function baseKey(entries: readonly string[]): string {
  const digest = hash().update(`esbuild ${esbuildVersion}\n${entries.map((entry) => relative(REPO_ROOT, entry)).join('\n')}\n`);
  for (const file of ['package-lock.json', 'tsconfig.json']) digest.update(readOrEmpty(join(REPO_ROOT, file)));
  // The aliases' targets are project files (hashed as inputs); which modules they replace is configuration.
  digest.update(JSON.stringify(Object.entries(BUNDLE_ALIASES).map(([from, to]) => [from, relative(REPO_ROOT, to)])));
  return digest.digest('hex');
}

function fullKey(base: string, inputs: readonly string[]): string {
  const digest = hash().update(base);
  for (const input of inputs) digest.update(`\n${input}\n`).update(readOrEmpty(join(REPO_ROOT, input)));
  return digest.digest('hex').slice(0, 24);
}

function readOrEmpty(file: string): Buffer | string {
  try {
    return readFileSync(file);
  } catch {
    return ''; // a deleted input changes the key, which is what we want
  }
}

function readManifest(file: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

function pruneOldBuilds(cacheDir: string): void {
  const cutoff = Date.now() - KEEP_BUILDS_MS;
  for (const name of readdirSync(cacheDir)) {
    const path = join(cacheDir, name);
    try {
      const stale = statSync(path).mtimeMs < cutoff;
      if (stale && (/^[0-9a-f]{24}$/.test(name) || name.startsWith('.staging-'))) rmSync(path, { recursive: true, force: true });
    } catch {
      // pruned by another cloud meanwhile
    }
  }
}
