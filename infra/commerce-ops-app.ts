import { App, Validations, type Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { allRoutes } from '../shared/contracts/routes';
import { CommerceOpsStack } from './stacks/commerce-ops-stack';

export const STACK_NAME = 'CommerceOps';

/**
 * Context key that turns synth-time validation (cdk-nag AwsSolutions and CDK's built-in template
 * checks) off. The local cloud sets it for a fast start; `cdk synth`/`deploy` and the infra tests
 * keep validation on.
 */
export const VALIDATION_CONTEXT_KEY = 'commerce-ops:validation';

/**
 * Context key that skips esbuild bundling (`-c commerce-ops:bundling=false`): `npm run synth` sets it, so
 * the template comes in seconds, quietly. The template is the same but for the assets' hashes and contents
 * (the functions' source is not bundled), so a deploy must not use that cloud assembly: `cdk deploy`
 * (`npm run deploy`) synthesizes again and bundles every function.
 */
export const BUNDLING_CONTEXT_KEY = 'commerce-ops:bundling';

/** Context for a fast in-process synth: no esbuild bundling, no validation. */
export const FAST_SYNTH_CONTEXT: Readonly<Record<string, unknown>> = {
  'aws:cdk:bundling-stacks': [],
  [VALIDATION_CONTEXT_KEY]: false,
};

export interface BuildCommerceOpsAppOptions {
  /** Extra CDK context, e.g. `{ 'aws:cdk:bundling-stacks': [] }` or `{ decisionWindowHours: 0.01 }`. */
  readonly context?: Record<string, unknown>;
  /** Cloud assembly directory. @default - CDK's default (`CDK_OUTDIR` or a temp dir) */
  readonly outdir?: string;
}

/**
 * The Commerce Ops CDK app: ONE environment-agnostic stack, `CommerceOps`, checked by cdk-nag.
 * Used by `infra/app.ts` (the CLI), the infra tests and the local cloud.
 */
export const buildCommerceOpsApp = (options: BuildCommerceOpsAppOptions = {}): { app: App; stack: Stack } => {
  // Options context decides up front (the built-in check is an App prop); `-c` from the CLI also works for cdk-nag.
  const builtinValidation = !isFalse(options.context?.[VALIDATION_CONTEXT_KEY]);
  const app = new App({
    context: options.context,
    outdir: options.outdir,
    builtinCloudFormationValidation: builtinValidation,
    // The CLI asks every `cdk synth` to bundle; this context overrides that only when told to.
    ...(bundlingSkipped(options) ? { postCliContext: { [BUNDLING_STACKS_CONTEXT_KEY]: [] } } : {}),
  });
  const stack = new CommerceOpsStack(app, STACK_NAME, {
    description: 'Commerce Ops: serverless e-commerce operations backend',
    routes: allRoutes,
  });
  if (!isFalse(app.node.tryGetContext(VALIDATION_CONTEXT_KEY))) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  }
  return { app, stack };
};

const isFalse = (value: unknown): boolean => value === false || value === 'false';

const BUNDLING_STACKS_CONTEXT_KEY = 'aws:cdk:bundling-stacks';

/**
 * Whether `commerce-ops:bundling` is false in the options or the CLI's context (`-c`, cdk.json). Context set
 * by the CLI is only readable from an App, and an App's context is fixed once it has children, so a
 * throwaway App (never synthesized) reads it first.
 */
export const bundlingSkipped = (options: BuildCommerceOpsAppOptions): boolean => {
  if (options.context && BUNDLING_CONTEXT_KEY in options.context) return isFalse(options.context[BUNDLING_CONTEXT_KEY]);
  const probe = new App({ autoSynth: false, treeMetadata: false, outdir: options.outdir });
  return isFalse(probe.node.tryGetContext(BUNDLING_CONTEXT_KEY));
};
