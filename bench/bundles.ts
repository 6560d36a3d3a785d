/**
 * Bundles section: size and cold import time of every Lambda in the synthesized template.
 *
 * Bundles each function entry (from the template's `CommerceOps::Entry` metadata) with exactly the
 * esbuild options OpsFunction deploys with (AWS SDK bundled), and once more with the SDK left to the
 * Lambda runtime (`@aws-sdk/*`, `@smithy/*` external) so the size/cold-start trade-off is visible.
 * Each bundle is imported in a fresh `node` process; the median is reported. A missed target is
 * reported with what dominates the bundle, never a failed process.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { FAST_SYNTH_CONTEXT, buildCommerceOpsApp } from '../infra/commerce-ops-app';
import { FUNCTION_METADATA, OPS_FUNCTION_ESBUILD_OPTIONS } from '../infra/constructs/ops-function';
import { NAME_METADATA, REPO_ROOT } from '../infra/constructs/repo';
import { median, printChecks, printTable, round, type TargetCheck } from './format';
import { mergeSection } from './results';

const BUNDLES_DIR = path.join(REPO_ROOT, 'bench', '.bundles');
const DEPLOYED_IMPORT_RUNS = 5;
/** Fewer runs for the comparison: it only has to show the direction of the trade-off. */
const RUNTIME_SDK_IMPORT_RUNS = 3;
const TARGETS = { medianBundleKb: 150, largestBundleKb: 300 } as const;
/** What the Lambda Node.js runtime already ships. */
const RUNTIME_SDK_EXTERNALS = ['@aws-sdk/*', '@smithy/*'];

type Variant = 'deployed' | 'runtimeSdk';

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
  readonly importMsMedian: number;
  readonly importMsRuns: readonly number[];
  /** Largest contributors to the deployed output, by package (or `(project)` for our own code). */
  readonly topPackages: readonly PackageShare[];
  /** Same function with `@aws-sdk/*` and `@smithy/*` left to the Lambda runtime. */
  readonly kbWithRuntimeSdk: number;
  readonly importMsMedianWithRuntimeSdk: number;
  readonly topPackagesWithRuntimeSdk: readonly PackageShare[];
}

interface BuiltVariant {
  readonly outfileOf: (fn: FunctionUnderTest) => string;
  readonly metafile: Metafile;
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

/** One esbuild call per variant (each entry still gets its own self-contained bundle: no splitting). */
const bundleAll = async (functions: readonly FunctionUnderTest[], variant: Variant): Promise<BuiltVariant> => {
  const variantDir = variant === 'deployed' ? '' : 'runtime-sdk';
  const outputName = (fn: FunctionUnderTest) => path.join(fn.name, variantDir, 'index');
  const { banner, external, ...options } = OPS_FUNCTION_ESBUILD_OPTIONS;
  const result = await build({
    ...options,
    mainFields: [...options.mainFields],
    banner: { ...banner },
    external: variant === 'deployed' ? [...external] : [...external, ...RUNTIME_SDK_EXTERNALS],
    entryPoints: Object.fromEntries(functions.map((fn) => [outputName(fn), path.join(REPO_ROOT, fn.entry)])),
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
const importMs = (outfile: string, environment: Record<string, string>): number => {
  const script = `const t0 = performance.now(); await import(${JSON.stringify(pathToFileURL(outfile).href)}); process.stdout.write(String(performance.now() - t0));`;
  const stdout = execFileSync(process.execPath, ['--no-warnings', '--enable-source-maps', '--input-type=module', '-e', script], {
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...environment,
    },
    encoding: 'utf8',
  });
  return Number(stdout);
};

const importRuns = (outfile: string, fn: FunctionUnderTest, runs: number): number[] =>
  Array.from({ length: runs }, () => round(importMs(outfile, fn.environment)));

const kbOf = (file: string): number => round(statSync(file).size / 1024);

const measure = (fn: FunctionUnderTest, deployed: BuiltVariant, runtimeSdk: BuiltVariant): BundleResult => {
  const outfile = deployed.outfileOf(fn);
  const runtimeSdkOutfile = runtimeSdk.outfileOf(fn);
  const bytes = statSync(outfile).size;
  const runs = importRuns(outfile, fn, DEPLOYED_IMPORT_RUNS);
  return {
    name: fn.name,
    entry: fn.entry,
    bytes,
    kb: round(bytes / 1024),
    importMsMedian: round(median(runs)),
    importMsRuns: runs,
    topPackages: packageShares(deployed.metafile, outfile).slice(0, 5),
    kbWithRuntimeSdk: kbOf(runtimeSdkOutfile),
    importMsMedianWithRuntimeSdk: round(median(importRuns(runtimeSdkOutfile, fn, RUNTIME_SDK_IMPORT_RUNS))),
    topPackagesWithRuntimeSdk: packageShares(runtimeSdk.metafile, runtimeSdkOutfile).slice(0, 5),
  };
};

interface SizeSummary {
  readonly medianKb: number;
  readonly largest: { readonly name: string; readonly kb: number } | null;
  readonly checks: readonly TargetCheck[];
}

export const summarizeSizes = (sizes: readonly { readonly name: string; readonly kb: number }[]): SizeSummary => {
  const medianKb = round(median(sizes.map((size) => size.kb)));
  const largest = sizes.reduce<{ name: string; kb: number } | null>((max, { name, kb }) => (!max || kb > max.kb ? { name, kb } : max), null);
  return {
    medianKb,
    largest,
    checks: [
      { target: `median bundle ≤ ${TARGETS.medianBundleKb} KB`, actual: `${medianKb} KB`, met: medianKb <= TARGETS.medianBundleKb },
      {
        target: `largest bundle ≤ ${TARGETS.largestBundleKb} KB`,
        actual: `${largest?.kb ?? 0} KB (${largest?.name ?? '-'})`,
        met: (largest?.kb ?? 0) <= TARGETS.largestBundleKb,
      },
    ],
  };
};

/** The function whose deployed size is the median (the upper one for an even count). */
const medianFunction = (results: readonly BundleResult[]): BundleResult | undefined =>
  [...results].sort((a, b) => a.kb - b.kb)[Math.floor(results.length / 2)];

/**
 * Why the deployed bundles miss the target, from the median function's metafile: how much of it the
 * bundled SDK is (the bytes that leaving `@aws-sdk/*`/`@smithy/*` to the runtime removes, their own
 * dependencies included), its largest SDK packages, and the largest non-SDK package.
 */
export const explainMiss = (typical: BundleResult, withRuntimeSdk: SizeSummary): string => {
  const sdkKb = round(typical.kb - typical.kbWithRuntimeSdk);
  const sdkParts = typical.topPackages.filter((part) => isSdkPackage(part.name)).slice(0, 3);
  const nextPart = typical.topPackagesWithRuntimeSdk.find((part) => part.name !== '(project)');
  const wouldMeet = withRuntimeSdk.checks.every((check) => check.met);
  return [
    `Why: the bundled AWS SDK is ${sdkKb} of the median bundle's ${typical.kb} KB`,
    ` (${sdkParts.map((part) => `${part.name} ${part.kb}`).join(', ')} …)${nextPart ? `, next ${nextPart.name} ${nextPart.kb} KB` : ''}.`,
    `\nWith the runtime's SDK: median ${withRuntimeSdk.medianKb} KB, largest ${withRuntimeSdk.largest?.kb ?? 0} KB`,
    ` (${wouldMeet ? 'targets met' : 'still missed'}), but an unpinned SDK version and a slower cold import.`,
  ].join('');
};

export async function runBundlesSection(): Promise<void> {
  const functions = functionsInTemplate();
  rmSync(BUNDLES_DIR, { recursive: true, force: true });
  mkdirSync(BUNDLES_DIR, { recursive: true });
  console.log(`Bundling ${functions.length} functions with the OpsFunction esbuild options (and with the runtime's SDK)…\n`);
  const deployed = await bundleAll(functions, 'deployed');
  const runtimeSdk = await bundleAll(functions, 'runtimeSdk');

  const results: BundleResult[] = [];
  for (const fn of functions) results.push(measure(fn, deployed, runtimeSdk)); // one at a time: the machine is shared

  printTable(
    ['function', 'bundle KB', 'import ms', "KB with the runtime's SDK", "import ms (runtime's SDK)", 'largest parts (KB)'],
    results.map((r) => [
      r.name,
      `${r.kb}`,
      `${r.importMsMedian}`,
      `${r.kbWithRuntimeSdk}`,
      `${r.importMsMedianWithRuntimeSdk}`,
      r.topPackages
        .slice(0, 3)
        .map((part) => `${part.name} ${part.kb}`)
        .join(', '),
    ]),
  );
  const sizes = summarizeSizes(results);
  const sizesWithRuntimeSdk = summarizeSizes(results.map((r) => ({ name: r.name, kb: r.kbWithRuntimeSdk })));
  const typical = medianFunction(results);
  const explanation = typical && !sizes.checks.every((check) => check.met) ? explainMiss(typical, sizesWithRuntimeSdk) : undefined;

  console.log('');
  printChecks(sizes.checks);
  if (explanation) console.log(explanation);
  console.log(
    `median import time: ${round(median(results.map((r) => r.importMsMedian)))} ms bundled SDK, ` +
      `${round(median(results.map((r) => r.importMsMedianWithRuntimeSdk)))} ms with the runtime's SDK (from node_modules here)`,
  );

  mergeSection('bundles', {
    node: process.version,
    importRuns: DEPLOYED_IMPORT_RUNS,
    targets: TARGETS,
    medianKb: sizes.medianKb,
    largest: sizes.largest,
    checks: sizes.checks,
    explanation: explanation ?? null,
    withRuntimeSdk: {
      external: RUNTIME_SDK_EXTERNALS,
      importRuns: RUNTIME_SDK_IMPORT_RUNS,
      medianKb: sizesWithRuntimeSdk.medianKb,
      largest: sizesWithRuntimeSdk.largest,
      checks: sizesWithRuntimeSdk.checks,
    },
    functions: results,
  });
}
