/**
 * Bundles section: size and cold import time of EVERY Lambda in the synthesized template.
 *
 * Bundles each function entry (from the template's `CommerceOps::Entry` metadata) with exactly the
 * esbuild options OpsFunction deploys with (AWS SDK bundled; the credential chain, the event-stream serde
 * and the checksum package aliased to our small modules: infra/constructs/bundle-aliases.ts) and, in the same run, two comparisons: the same entries as they were before issue 10
 * (`BASELINE_COMMIT`'s functions/ and shared/, bundled without the alias: "today's" bundles) and the current
 * sources with the SDK left to the Lambda runtime (sizes only: its import here reads node_modules, not the
 * runtime's copy). Each bundle is imported in a fresh `node` process, with and without `--enable-source-maps`
 * (which the functions' NODE_OPTIONS sets), variants interleaved so load drift hits them alike; medians are reported. Targets (issue 10) are reported met or missed, never asserted.
 */
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { OPS_FUNCTION_ESBUILD_OPTIONS } from '../infra/constructs/ops-function';
import { METADATA, REPO_ROOT } from '../infra/constructs/repo';
import { synthTemplate } from '../infra/local/template/synth';
import { median, printChecks, printTable, round, type TargetCheck } from './format';
import { mergeSection } from './results';

const BUNDLES_DIR = path.join(REPO_ROOT, 'bench', '.bundles');
/** Inside the repository, so the baseline's imports resolve to the same node_modules. */
const BASELINE_SOURCES = path.join(BUNDLES_DIR, 'baseline-src');
/** Imports per function and variant (interleaved); BENCH_IMPORT_RUNS overrides (61 functions × 3 variants add up on a shared machine). */
const IMPORT_RUNS = Math.max(1, Number(process.env.BENCH_IMPORT_RUNS) || 3);
/** The tree before issue 10's bundle work: "today's" bundles, rebuilt in every run for the import-time ratio. */
export const BASELINE_COMMIT = '7152f1ee36564c7d3bdbef70a71ac6ccb934d47e';
export const TARGETS = { healthKb: 70, medianBundleKb: 280, largestBundleKb: 330, importRatioToBaseline: 0.8 } as const;
/** What the Lambda Node.js runtime already ships. */
const RUNTIME_SDK_EXTERNALS = ['@aws-sdk/*', '@smithy/*'];
const HEALTH = 'platform-health';

type Variant = 'deployed' | 'runtimeSdk' | 'baseline';

interface FunctionUnderTest {
  readonly name: string;
  readonly entry: string;
  readonly environment: Record<string, string>;
}

interface PackageShare {
  readonly name: string;
  readonly kb: number;
}

interface BundleResult {
  readonly name: string;
  readonly entry: string;
  readonly bytes: number;
  readonly kb: number;
  /** Everything but `@aws-sdk/*` and `@smithy/*` (project code, zod, middy, Powertools…). */
  readonly nonSdkKb: number;
  /** Import with `--enable-source-maps`, as deployed (NODE_OPTIONS). */
  readonly importMsMedian: number;
  readonly importMsRuns: readonly number[];
  readonly importMsMedianNoSourceMaps: number;
  /** Largest contributors to the deployed output, by package (or `(project)` for our own code). */
  readonly topPackages: readonly PackageShare[];
  /** The same entry before issue 10, in this run (null when the entry did not exist then). */
  readonly baseline: { readonly kb: number; readonly importMsMedian: number } | null;
  /** Same function with `@aws-sdk/*` and `@smithy/*` left to the Lambda runtime. */
  readonly kbWithRuntimeSdk: number;
}

interface BuiltVariant {
  readonly outfileOf: (fn: FunctionUnderTest) => string;
  readonly metafile: Metafile;
}

const functionsInTemplate = (): FunctionUnderTest[] => {
  // The parent and its nested stacks (one per context) as one template, as the local cloud reads them.
  const { template } = synthTemplate() as {
    template: { Resources: Record<string, { Type: string; Metadata?: Record<string, unknown>; Properties?: Record<string, unknown> }> };
  };
  const byEntry = new Map<string, FunctionUnderTest>();
  for (const resource of Object.values(template.Resources)) {
    const entry = resource.Metadata?.[METADATA.entry];
    if (resource.Type !== 'AWS::Lambda::Function' || typeof entry !== 'string' || byEntry.has(entry)) continue;
    const variables = ((resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
      ?.Variables ?? {}) as Record<string, unknown>;
    // Intrinsics (table name, bus name…) become placeholders: importing must not need AWS.
    const environment = Object.fromEntries(
      Object.entries(variables).map(([key, value]) => [key, typeof value === 'string' ? value : `bench-${key.toLowerCase()}`]),
    );
    byEntry.set(entry, { name: String(resource.Metadata?.[METADATA.name] ?? entry), entry, environment });
  }
  return [...byEntry.values()].sort((a, b) => a.name.localeCompare(b.name));
};

/** functions/ and shared/ as they were at BASELINE_COMMIT, under bench/.bundles (node_modules resolve from the repo). */
const extractBaselineSources = (): void => {
  mkdirSync(BASELINE_SOURCES, { recursive: true });
  execSync(`git archive --format=tar ${BASELINE_COMMIT} functions shared | tar -x -C ${JSON.stringify(BASELINE_SOURCES)}`, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
};

/** One esbuild call per variant (each entry still gets its own self-contained bundle: no splitting). */
const bundleAll = async (functions: readonly FunctionUnderTest[], variant: Variant): Promise<BuiltVariant> => {
  const outputName = (fn: FunctionUnderTest) => path.join(fn.name, variant === 'deployed' ? '' : variant, 'index');
  const sourceRoot = variant === 'baseline' ? BASELINE_SOURCES : REPO_ROOT;
  const { banner, external, alias, ...options } = OPS_FUNCTION_ESBUILD_OPTIONS;
  const result = await build({
    ...options,
    mainFields: [...options.mainFields],
    banner: { ...banner },
    // The baseline is bundled as it was deployed then: the SDK's full credential chain and SDK core, classic zod.
    alias: variant === 'baseline' ? {} : { ...alias },
    external: variant === 'runtimeSdk' ? [...external, ...RUNTIME_SDK_EXTERNALS] : [...external],
    entryPoints: Object.fromEntries(functions.map((fn) => [outputName(fn), path.join(sourceRoot, fn.entry)])),
    outdir: BUNDLES_DIR,
    outExtension: { '.js': '.mjs' },
    absWorkingDir: REPO_ROOT,
    metafile: true,
    logLevel: 'silent',
  });
  writeFileSync(path.join(BUNDLES_DIR, `meta-${variant}.json`), JSON.stringify(result.metafile));
  return { outfileOf: (fn) => path.join(BUNDLES_DIR, `${outputName(fn)}.mjs`), metafile: result.metafile };
};

export const packageOf = (input: string): string => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match?.[1] ?? '(project)';
};

export const isSdkPackage = (name: string): boolean => name.startsWith('@aws-sdk/') || name.startsWith('@smithy/');

/** Bytes in one output file, by package, largest first. */
const packageShares = (metafile: Metafile, outfile: string): PackageShare[] => {
  const output = Object.entries(metafile.outputs).find(([file]) => path.resolve(REPO_ROOT, file) === outfile)?.[1];
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    totals.set(packageOf(input), (totals.get(packageOf(input)) ?? 0) + bytesInOutput);
  }
  return [...totals].sort((a, b) => b[1] - a[1]).map(([name, bytes]) => ({ name, kb: round(bytes / 1024) }));
};

/** Time to import the bundle in a fresh process, measured inside that process. */
const importMs = (outfile: string, environment: Record<string, string>, sourceMaps: boolean): number => {
  const script = `const t0 = performance.now(); await import(${JSON.stringify(pathToFileURL(outfile).href)}); process.stdout.write(String(performance.now() - t0));`;
  const flags = ['--no-warnings', ...(sourceMaps ? ['--enable-source-maps'] : []), '--input-type=module', '-e', script];
  const stdout = execFileSync(process.execPath, flags, {
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_SESSION_TOKEN: 'bench',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...environment,
    },
    encoding: 'utf8',
  });
  return round(Number(stdout));
};

const kbOf = (file: string): number => round(statSync(file).size / 1024);

const measure = (fn: FunctionUnderTest, deployed: BuiltVariant, runtimeSdk: BuiltVariant, baseline: BuiltVariant): BundleResult => {
  const outfile = deployed.outfileOf(fn);
  const baselineOutfile = baseline.outfileOf(fn);
  const hasBaseline = existsSync(baselineOutfile);
  const runs = { deployed: [] as number[], noMaps: [] as number[], baseline: [] as number[] };
  // Interleaved: a burst of load on the shared machine falls on every variant alike.
  for (let run = 0; run < IMPORT_RUNS; run += 1) {
    runs.deployed.push(importMs(outfile, fn.environment, true));
    runs.noMaps.push(importMs(outfile, fn.environment, false));
    if (hasBaseline) runs.baseline.push(importMs(baselineOutfile, fn.environment, true));
  }
  const parts = packageShares(deployed.metafile, outfile);
  const bytes = statSync(outfile).size;
  return {
    name: fn.name,
    entry: fn.entry,
    bytes,
    kb: round(bytes / 1024),
    nonSdkKb: round(parts.filter((part) => !isSdkPackage(part.name)).reduce((sum, part) => sum + part.kb, 0)),
    importMsMedian: round(median(runs.deployed)),
    importMsRuns: runs.deployed,
    importMsMedianNoSourceMaps: round(median(runs.noMaps)),
    topPackages: parts.slice(0, 5),
    baseline: hasBaseline ? { kb: kbOf(baselineOutfile), importMsMedian: round(median(runs.baseline)) } : null,
    kbWithRuntimeSdk: kbOf(runtimeSdk.outfileOf(fn)),
  };
};

interface SizeSummary {
  readonly medianKb: number;
  readonly largest: { readonly name: string; readonly kb: number } | null;
  readonly healthKb: number | null;
  readonly checks: readonly TargetCheck[];
}

export const summarizeSizes = (sizes: readonly { readonly name: string; readonly kb: number }[]): SizeSummary => {
  const medianKb = round(median(sizes.map((size) => size.kb)));
  const largest = sizes.reduce<{ name: string; kb: number } | null>((max, { name, kb }) => (!max || kb > max.kb ? { name, kb } : max), null);
  const healthKb = sizes.find((size) => size.name === HEALTH)?.kb ?? null;
  return {
    medianKb,
    largest,
    healthKb,
    checks: [
      { target: `health ≤ ${TARGETS.healthKb} KB`, actual: `${healthKb ?? '-'} KB`, met: healthKb !== null && healthKb <= TARGETS.healthKb },
      { target: `median bundle ≤ ${TARGETS.medianBundleKb} KB`, actual: `${medianKb} KB`, met: medianKb <= TARGETS.medianBundleKb },
      {
        target: `largest bundle ≤ ${TARGETS.largestBundleKb} KB`,
        actual: `${largest?.kb ?? 0} KB (${largest?.name ?? '-'})`,
        met: (largest?.kb ?? 0) <= TARGETS.largestBundleKb,
      },
    ],
  };
};

/**
 * Median cold import against the baseline's in the same run (functions that existed then). On a shared machine
 * the load swings more between functions than between a function's interleaved variants, so the ratio judged is
 * the median of each function's own ratio (paired); the ratio of the two medians is printed beside it.
 */
export const importCheck = (results: readonly Pick<BundleResult, 'importMsMedian' | 'baseline'>[]) => {
  const compared = results.filter((r) => r.baseline !== null && r.baseline.importMsMedian > 0);
  const nowMs = round(median(compared.map((r) => r.importMsMedian)));
  const baselineMs = round(median(compared.map((r) => r.baseline?.importMsMedian ?? 0)));
  const ratioOfMedians = baselineMs > 0 ? Math.round((nowMs / baselineMs) * 100) / 100 : 0;
  const ratio = Math.round(median(compared.map((r) => r.importMsMedian / (r.baseline?.importMsMedian ?? 1))) * 100) / 100;
  const check: TargetCheck = {
    target: `median cold import ≤ ${TARGETS.importRatioToBaseline}× before issue 10 (same run, ${compared.length} functions, paired)`,
    actual: `${ratio}× (medians ${nowMs} ms vs ${baselineMs} ms = ${ratioOfMedians}×)`,
    met: compared.length > 0 && ratio <= TARGETS.importRatioToBaseline,
  };
  return { nowMs, baselineMs, ratio, ratioOfMedians, check };
};

/** The function whose deployed size is the median (the upper one for an even count). */
const medianFunction = (results: readonly BundleResult[]): BundleResult | undefined =>
  [...results].sort((a, b) => a.kb - b.kb)[Math.floor(results.length / 2)];

const partsOf = (result: BundleResult): string =>
  result.topPackages
    .slice(0, 5)
    .map((part) => `${part.name} ${part.kb}`)
    .join(', ');

/** What dominates the health, median and largest bundles. */
const explain = (results: readonly BundleResult[], sizes: SizeSummary): string[] => {
  const picks = [results.find((r) => r.name === HEALTH), medianFunction(results), results.find((r) => r.name === sizes.largest?.name)];
  const labels = ['health', 'median', 'largest'];
  return picks.flatMap((result, index) => {
    if (!result) return [];
    return [`${labels[index]} (${result.name}, ${result.kb} KB, ${result.nonSdkKb} KB non-SDK): ${partsOf(result)}`];
  });
};

export async function runBundlesSection(): Promise<void> {
  const functions = functionsInTemplate();
  rmSync(BUNDLES_DIR, { recursive: true, force: true });
  mkdirSync(BUNDLES_DIR, { recursive: true });
  extractBaselineSources();
  console.log(`load average ${loadavg().map(round).join(' ')} on ${availableParallelism()} cores; ${IMPORT_RUNS} imports per function and variant`);
  console.log(
    `Bundling ${functions.length} functions with the OpsFunction esbuild options (also as of ${BASELINE_COMMIT.slice(0, 7)}, and with the runtime's SDK)…\n`,
  );
  const deployed = await bundleAll(functions, 'deployed');
  const runtimeSdk = await bundleAll(functions, 'runtimeSdk');
  // Only the functions that existed then have a baseline (the contexts built since have none: their row shows '-').
  const baseline = await bundleAll(functions.filter((fn) => existsSync(path.join(BASELINE_SOURCES, fn.entry))), 'baseline');

  const results: BundleResult[] = [];
  for (const fn of functions) results.push(measure(fn, deployed, runtimeSdk, baseline)); // one at a time: the machine is shared

  printTable(
    ['function', 'KB', 'non-SDK KB', 'import ms', 'no maps ms', 'before KB', 'before ms', "runtime SDK KB", 'largest parts (KB)'],
    results.map((r) => [
      r.name,
      `${r.kb}`,
      `${r.nonSdkKb}`,
      `${r.importMsMedian}`,
      `${r.importMsMedianNoSourceMaps}`,
      `${r.baseline?.kb ?? '-'}`,
      `${r.baseline?.importMsMedian ?? '-'}`,
      `${r.kbWithRuntimeSdk}`,
      partsOf(r),
    ]),
  );
  const sizes = summarizeSizes(results);
  const before = summarizeSizes(results.flatMap((r) => (r.baseline ? [{ name: r.name, kb: r.baseline.kb }] : [])));
  const sizesWithRuntimeSdk = summarizeSizes(results.map((r) => ({ name: r.name, kb: r.kbWithRuntimeSdk })));
  const imports = importCheck(results);
  const withMaps = round(median(results.map((r) => r.importMsMedian)));
  const withoutMaps = round(median(results.map((r) => r.importMsMedianNoSourceMaps)));
  // Paired per function, like the baseline ratio: each function's with/without runs are interleaved.
  const sourceMaps = {
    medianImportMsWith: withMaps,
    medianImportMsWithout: withoutMaps,
    costMs: round(median(results.map((r) => r.importMsMedian - r.importMsMedianNoSourceMaps))),
    costPercent: Math.round((median(results.map((r) => r.importMsMedian / r.importMsMedianNoSourceMaps)) - 1) * 100),
  };
  const medianNonSdkKb = round(median(results.map((r) => r.nonSdkKb)));

  console.log('');
  console.log(
    `${results.length} functions: median ${sizes.medianKb} KB (non-SDK ${medianNonSdkKb} KB), largest ${sizes.largest?.kb} KB (${sizes.largest?.name}), ` +
      `health ${sizes.healthKb} KB; before issue 10: median ${before.medianKb} KB, largest ${before.largest?.kb} KB, health ${before.healthKb} KB`,
  );
  printChecks([...sizes.checks, imports.check]);
  const explanation = explain(results, sizes);
  for (const line of explanation) console.log(line);
  console.log(
    `--enable-source-maps at import: median ${withMaps} ms with, ${withoutMaps} ms without; per function (paired) +${sourceMaps.costMs} ms, +${sourceMaps.costPercent}%`,
  );
  console.log(
    `with the runtime's SDK instead: median ${sizesWithRuntimeSdk.medianKb} KB, largest ${sizesWithRuntimeSdk.largest?.kb} KB (an unpinned SDK version)`,
  );

  mergeSection('bundles', {
    node: process.version,
    functionCount: results.length,
    importRuns: IMPORT_RUNS,
    loadAverage: loadavg().map(round),
    targets: TARGETS,
    medianKb: sizes.medianKb,
    medianNonSdkKb,
    largest: sizes.largest,
    healthKb: sizes.healthKb,
    medianImportMs: imports.nowMs,
    checks: [...sizes.checks, imports.check],
    explanation,
    sourceMaps,
    baseline: {
      commit: BASELINE_COMMIT,
      medianKb: before.medianKb,
      largest: before.largest,
      healthKb: before.healthKb,
      medianImportMs: imports.baselineMs,
      importRatioPaired: imports.ratio,
      importRatioOfMedians: imports.ratioOfMedians,
    },
    withRuntimeSdk: {
      external: RUNTIME_SDK_EXTERNALS,
      medianKb: sizesWithRuntimeSdk.medianKb,
      largest: sizesWithRuntimeSdk.largest,
    },
    functions: results,
  });
}
