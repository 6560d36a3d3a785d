import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLING_CONTEXT_KEY, buildCommerceOpsApp, bundlingSkipped } from '../../infra/commerce-ops-app';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAST_SYNTH_CONTEXT } from '../../infra/commerce-ops-app';

/** The `context` of cdk.json (feature flags), which the CDK CLI hands to the app. */
const cdkJsonContext = (): Record<string, unknown> =>
  (JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }).context;

/** The flags cdk.json set before the recommended set was added. */
const EARLIER_FLAGS: Record<string, unknown> = {
  '@aws-cdk/aws-lambda:recognizeLayerVersion': true,
  '@aws-cdk/core:checkSecretUsage': true,
  '@aws-cdk/core:target-partitions': ['aws', 'aws-cn'],
  '@aws-cdk/aws-iam:minimizePolicies': true,
  '@aws-cdk/core:validateSnapshotRemovalPolicy': true,
  '@aws-cdk/aws-lambda-nodejs:useLatestRuntimeVersion': false,
};

/** Every template file of the cloud assembly (the stack and its nested stack), bundling skipped. */
const templatesWith = (context: Record<string, unknown>): Record<string, string> => {
  const outdir = mkdtempSync(join(tmpdir(), 'flags-'));
  try {
    buildCommerceOpsApp({ outdir, context: { ...context, ...FAST_SYNTH_CONTEXT } }).app.synth({ skipValidation: true, validateOnSynthesis: false });
    return Object.fromEntries(
      readdirSync(outdir)
        .filter((file) => file.endsWith('.template.json'))
        .map((file) => [file, readFileSync(join(outdir, file), 'utf8')]),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
};

const require = createRequire(import.meta.url);
const recommended = require('aws-cdk-lib/recommended-feature-flags.json') as Record<string, unknown>;
const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };

/** Flags we set otherwise than recommended, and why. */
const DELIBERATE: Record<string, string> = {
  // The runtime is pinned (Node.js 22) in OpsFunction; a newer "latest" must not change it behind our back.
  '@aws-cdk/aws-lambda-nodejs:useLatestRuntimeVersion': 'pinned runtime',
};

describe('the CDK app as the CLI runs it', () => {
  it('sets every feature flag a new app of this aws-cdk-lib version gets from cdk init', () => {
    const context = cdkJsonContext();
    const missing = Object.keys(recommended).filter((flag) => !(flag in context));
    expect(missing).toEqual([]);
    const differing = Object.keys(recommended).filter((flag) => JSON.stringify(context[flag]) !== JSON.stringify(recommended[flag]));
    expect(differing).toEqual(Object.keys(DELIBERATE));
  });

  it('synthesizes the very same templates with the recommended flags as with the flags it had before', () => {
    const before = templatesWith(EARLIER_FLAGS);
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(2);
    expect(templatesWith(cdkJsonContext())).toEqual(before);
  }, 120_000);

  describe('bundling', () => {
    const saved = process.env.CDK_CONTEXT_JSON;
    afterEach(() => {
      if (saved === undefined) delete process.env.CDK_CONTEXT_JSON;
      else process.env.CDK_CONTEXT_JSON = saved;
    });
    // What the CLI passes on every synth or deploy: bundle all stacks.
    const cliContext = (extra: Record<string, unknown> = {}) => {
      process.env.CDK_CONTEXT_JSON = JSON.stringify({ 'aws:cdk:bundling-stacks': ['**'], ...extra });
    };

    // (Building the app with bundling on would bundle every function: minutes, so only the decision is asked.)
    it('is on for cdk deploy (no context says otherwise)', () => {
      cliContext();
      expect(bundlingSkipped({})).toBe(false);
      cliContext({ [BUNDLING_CONTEXT_KEY]: 'true' });
      expect(bundlingSkipped({})).toBe(false);
    });

    it('is off when npm run synth says -c commerce-ops:bundling=false, despite the CLI asking for it', () => {
      cliContext({ [BUNDLING_CONTEXT_KEY]: 'false' });
      expect(bundlingSkipped({})).toBe(true);
      const { app, stack } = buildCommerceOpsApp();
      expect(stack.bundlingRequired).toBe(false);
      expect(app.node.tryGetContext('aws:cdk:bundling-stacks')).toEqual([]);
      delete process.env.CDK_CONTEXT_JSON;
      expect(buildCommerceOpsApp({ context: { [BUNDLING_CONTEXT_KEY]: false } }).stack.bundlingRequired).toBe(false);
    });

    it('npm run synth skips it; npm run deploy does not', () => {
      expect(packageJson.scripts.synth).toContain(`-c ${BUNDLING_CONTEXT_KEY}=false`);
      expect(packageJson.scripts.synth).toContain('--quiet');
      expect(packageJson.scripts.deploy).not.toContain(BUNDLING_CONTEXT_KEY);
    });
  });
});
