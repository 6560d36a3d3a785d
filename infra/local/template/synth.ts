/**
 * In-process synth of the CDK app with bundling skipped and validation off: the local cloud only needs
 * the template (functions run from source), so this stays well under a second after module load.
 * The app is a parent stack with one nested stack per context; the local cloud reads them as one
 * template (template/nested.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestedStack, type Stack } from 'aws-cdk-lib';
import { buildCommerceOpsApp, FAST_SYNTH_CONTEXT } from '../../commerce-ops-app';
import { LOCAL_PAGINATION_SECRET, localCarrierWebhookSecrets } from '../../stacks/settings';
import { DEMO_CARRIERS } from '../seed-shipping';
import { flattenTemplateTree, type TemplateTree } from './nested';
import type { CfnTemplate } from './resolve';
import { templateKey } from './synth-cache';

/**
 * What the app's sources were when this process loaded them (the app's modules were evaluated just before
 * this line). A process that lives on while they are edited synthesizes what it loaded, not what is on disk:
 * such a template must not be cached under the key of the files as they are now.
 */
const SOURCES_AT_LOAD = templateKey({});

/** True while the app's sources on disk are still the ones this process loaded: its synthesis may be cached. */
export const loadedSourcesAreCurrent = (): boolean => templateKey({}) === SOURCES_AT_LOAD;

export interface SynthesizedTemplate {
  /** The parent and its nested templates as one (nested stacks dissolved). */
  readonly template: CfnTemplate;
  readonly stackName: string;
}

/** @param context extra CDK context (e.g. shorter business deadlines for tests). */
export function synthTemplate(context: Record<string, unknown> = {}): SynthesizedTemplate {
  const outdir = mkdtempSync(join(tmpdir(), 'commerce-ops-synth-'));
  try {
    const { app, stack } = buildCommerceOpsApp({
      outdir,
      // Bundling skipped (functions run from source locally) and validation (cdk-nag) off.
      // The local cloud's dev secrets are fixed, in the template env (no Secrets Manager locally).
      context: {
        ...FAST_SYNTH_CONTEXT,
        paginationSecret: LOCAL_PAGINATION_SECRET,
        carrierWebhookSecrets: localCarrierWebhookSecrets(DEMO_CARRIERS.map((carrier) => carrier.id)),
        ...context,
      },
    });
    const assembly = app.synth({ skipValidation: true, validateOnSynthesis: false });
    const tree = templateTreeOf(stack, assembly.getStackByName(stack.stackName).template as CfnTemplate, assembly.directory);
    return { template: flattenTemplateTree(tree), stackName: stack.stackName };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * A synthesized stack's template with its nested stacks' templates (read from the cloud assembly),
 * keyed by the logical id of each nested stack's resource in its parent.
 */
export function templateTreeOf(stack: Stack, template: CfnTemplate, assemblyDir: string): TemplateTree {
  const children = stack.node.findAll().filter((construct): construct is NestedStack => NestedStack.isNestedStack(construct) && construct.nestedStackParent === stack);
  const nested = Object.fromEntries(
    children.map((child) => {
      const logicalId = stack.resolve(child.nestedStackResource!.logicalId) as string;
      const childTemplate = JSON.parse(readFileSync(join(assemblyDir, child.templateFile), 'utf8')) as CfnTemplate;
      return [logicalId, templateTreeOf(child, childTemplate, assemblyDir)];
    }),
  );
  return { template, nested };
}
