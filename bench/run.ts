/**
 * `npm run bench`: bundle size and cold import time of every Lambda in the synthesized template.
 *
 * Bundles each function entry (from the template's `CommerceOps::Entry` metadata) with exactly the
 * esbuild options OpsFunction deploys with, into bench/.bundles/, then imports each bundle in a
 * fresh `node` process (median of 5). Prints a table, checks the targets and merges a `bundles`
 * section into bench/results.json. A missed target is reported, never a failed process.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { FAST_SYNTH_CONTEXT, buildCommerceOpsApp } from '../infra/commerce-ops-app';
import { FUNCTION_METADATA, OPS_FUNCTION_ESBUILD_OPTIONS } from '../infra/constructs/ops-function';
import { NAME_METADATA, REPO_ROOT } from '../infra/constructs/repo';

const BUNDLES_DIR = path.join(REPO_ROOT, 'bench', '.bundles');
const RESULTS_FILE = path.join(REPO_ROOT, 'bench', 'results.json');
const IMPORT_RUNS = 5;
const TARGETS = { medianBundleKb: 150, largestBundleKb: 300 } as const;

interface FunctionUnderTest {
  readonly name: string;
  readonly entry: string;
  readonly environment: Record<string, string>;
}

interface BundleResult {
  readonly name: string;
  readonly entry: string;
  readonly bytes: number;
  readonly kb: number;
  readonly importMsMedian: number;
  readonly importMsRuns: readonly number[];
  /** Largest contributors to the output, by package (or `(project)` for our own code). */
  readonly topPackages: readonly { readonly name: string; readonly kb: number }[];
}

const functionsInTemplate = (): FunctionUnderTest[] => {
  const { app, stack } = buildCommerceOpsApp({ context: { ...FAST_SYNTH_CONTEXT } });
  const template = app.synth().getStackByName(stack.stackName).template as {
    Resources: Record<string, { Type: string; Metadata?: Record<string, unknown>; Properties?: Record<string, unknown> }>;
  };
  const byEntry = new Map<string, FunctionUnderTest>();
  for (const resource of Object.values(template.Resources)) {
    const entry = resource.Metadata?.[FUNCTION_METADATA.entry];
    if (resource.Type !== 'AWS::Lambda::Function' || typeof entry !== 'string' || byEntry.has(entry)) continue;
    const variables = ((resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
      ?.Variables ?? {}) as Record<string, unknown>;
    // Intrinsics (table name, bus name…) become placeholders: importing must not need AWS.
    const environment = Object.fromEntries(
      Object.entries(variables).map(([key, value]) => [key, typeof value === 'string' ? value : `bench-${key.toLowerCase()}`]),
    );
    byEntry.set(entry, { name: String(resource.Metadata?.[NAME_METADATA] ?? entry), entry, environment });
  }
  return [...byEntry.values()].sort((a, b) => a.name.localeCompare(b.name));
};

const bundle = async (fn: FunctionUnderTest): Promise<{ outfile: string; metafile: Metafile }> => {
  const outfile = path.join(BUNDLES_DIR, fn.name, 'index.mjs');
  const { banner, external, ...options } = OPS_FUNCTION_ESBUILD_OPTIONS;
  const result = await build({
    ...options,
    mainFields: [...options.mainFields],
    banner: { ...banner },
    external: [...external],
    entryPoints: [path.join(REPO_ROOT, fn.entry)],
    outfile,
    metafile: true,
    logLevel: 'silent',
  });
  writeFileSync(path.join(BUNDLES_DIR, fn.name, 'meta.json'), JSON.stringify(result.metafile));
  return { outfile, metafile: result.metafile };
};

const packageOf = (input: string): string => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match?.[1] ?? '(project)';
};

const topPackages = (metafile: Metafile, outfile: string) => {
  const output = Object.entries(metafile.outputs).find(([file]) => path.resolve(REPO_ROOT, file) === outfile)?.[1];
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    totals.set(packageOf(input), (totals.get(packageOf(input)) ?? 0) + bytesInOutput);
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([name, bytes]) => ({ name, kb: round(bytes / 1024) }));
};

/** Time to import the bundle in a fresh process, measured inside that process. */
const importMs = (outfile: string, environment: Record<string, string>): number => {
  const script = `const t0 = performance.now(); await import(${JSON.stringify(pathToFileURL(outfile).href)}); process.stdout.write(String(performance.now() - t0));`;
  const stdout = execFileSync(process.execPath, ['--no-warnings', '--enable-source-maps', '--input-type=module', '-e', script], {
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      ...environment,
    },
    encoding: 'utf8',
  });
  return Number(stdout);
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

const round = (value: number): number => Math.round(value * 10) / 10;

const measure = async (fn: FunctionUnderTest): Promise<BundleResult> => {
  const { outfile, metafile } = await bundle(fn);
  const bytes = statSync(outfile).size;
  const runs: number[] = [];
  for (let i = 0; i < IMPORT_RUNS; i++) runs.push(round(importMs(outfile, fn.environment)));
  return {
    name: fn.name,
    entry: fn.entry,
    bytes,
    kb: round(bytes / 1024),
    importMsMedian: round(median(runs)),
    importMsRuns: runs,
    topPackages: topPackages(metafile, outfile),
  };
};

const printTable = (results: readonly BundleResult[]): void => {
  const rows = results.map((r) => [r.name, `${r.kb}`, `${r.importMsMedian}`, r.topPackages.slice(0, 3).map((p) => `${p.name} ${p.kb}`).join(', ')]);
  const header = ['function', 'bundle KB', 'import ms (median)', 'largest parts (KB)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
};

const readPreviousSections = (): Record<string, unknown> => {
  if (!existsSync(RESULTS_FILE)) return {};
  try {
    const previous = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as { sections?: Record<string, unknown> };
    return previous.sections ?? {};
  } catch {
    return {};
  }
};

const main = async (): Promise<void> => {
  const functions = functionsInTemplate();
  rmSync(BUNDLES_DIR, { recursive: true, force: true });
  mkdirSync(BUNDLES_DIR, { recursive: true });
  console.log(`Bundling ${functions.length} functions with the OpsFunction esbuild options…\n`);

  const results: BundleResult[] = [];
  for (const fn of functions) results.push(await measure(fn)); // one at a time: the machine is shared

  printTable(results);
  const sizes = results.map((r) => r.kb);
  const medianKb = round(median(sizes));
  const largest = results.reduce<BundleResult | undefined>((max, r) => (!max || r.kb > max.kb ? r : max), undefined);
  const checks = [
    { target: `median bundle ≤ ${TARGETS.medianBundleKb} KB`, actual: `${medianKb} KB`, met: medianKb <= TARGETS.medianBundleKb },
    {
      target: `largest bundle ≤ ${TARGETS.largestBundleKb} KB`,
      actual: `${largest?.kb ?? 0} KB (${largest?.name ?? '-'})`,
      met: (largest?.kb ?? 0) <= TARGETS.largestBundleKb,
    },
  ];
  console.log('');
  for (const check of checks) console.log(`${check.met ? 'MET   ' : 'MISSED'}  ${check.target}: ${check.actual}`);
  console.log(`median import time: ${round(median(results.map((r) => r.importMsMedian)))} ms`);

  writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        sections: {
          ...readPreviousSections(),
          bundles: {
            node: process.version,
            importRuns: IMPORT_RUNS,
            targets: TARGETS,
            medianKb,
            largest: largest ? { name: largest.name, kb: largest.kb } : null,
            checks,
            functions: results,
          },
        },
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nwrote ${path.relative(REPO_ROOT, RESULTS_FILE)}`);
};

await main();
