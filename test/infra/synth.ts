/**
 * Synthesizes the real app once per test file, with esbuild bundling skipped (fast, no assets). The app is
 * a parent stack and one nested stack per context; tests read them as ONE template, flattened exactly as
 * the local cloud reads them (infra/local/template/nested.ts), and each template on its own where the
 * split matters (resource counts).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Template } from 'aws-cdk-lib/assertions';
import type { App, Stack } from 'aws-cdk-lib';
import { buildCommerceOpsApp } from '../../infra/commerce-ops-app';
import { flattenTemplateTree, templatesOf, type TemplateTree } from '../../infra/local/template/nested';
import { loadedSourcesAreCurrent, templateTreeOf } from '../../infra/local/template/synth';
import { LOCAL_CACHE_ROOT, templateKey } from '../../infra/local/template/synth-cache';

export interface SynthesizedApp {
  readonly app: App;
  readonly stack: Stack;
  /** Assertions over the whole app (parent and nested stacks as one template). */
  readonly template: Template;
  /**
   * The raw JSON of the whole app (Resources with Metadata): nested stacks dissolved, a nested stack's
   * `{ Ref: <parameter> }` read as what the parent passes and the parent's `Fn::GetAtt <stack>.Outputs.x` as
   * the output's value, so every reference names the resource's own logical id.
   */
  readonly json: CfnTemplate;
  /** Each template as synthesized: the parent (path '') and every nested stack (path = its resource's logical id). */
  readonly templates: readonly { readonly path: string; readonly json: CfnTemplate }[];
  readonly tree: TemplateTree;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation JSON is untyped; tests navigate it freely
export type Json = any;

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, Json>;
  readonly Metadata?: Record<string, Json>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly DependsOn?: string | string[];
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Parameters?: Record<string, Json>;
  readonly Outputs?: Record<string, Json>;
}

export const synthesize = (context: Record<string, unknown> = {}): SynthesizedApp => {
  const { app, stack } = buildCommerceOpsApp({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  // Synthesizing runs the registered cdk-nag plugin; Template.fromJSON rejects dependency cycles.
  const assembly = app.synth();
  const tree = templateTreeOf(stack, assembly.getStackByName(stack.stackName).template as never, assembly.directory);
  const json = flattenTemplateTree(tree) as CfnTemplate;
  const templates = templatesOf(tree).map(({ path, template }) => ({ path, json: template as CfnTemplate }));
  return { app, stack, template: Template.fromJSON(json as never), json, templates, tree };
};

/** The app's flattened template, when a test reads only the template (not the app's constructs). */
export interface SynthesizedTemplate {
  readonly json: CfnTemplate;
  readonly template: Template;
  readonly stackName: string;
}

const TEMPLATES_DIR = join(LOCAL_CACHE_ROOT, 'test-templates');
/** Besides the app's inputs (templateKey), what shapes the flattened template: the flattening and this file. */
const FLATTENING_FILES = ['../../infra/local/template/nested.ts', './synth.ts'].map((file) => fileURLToPath(new URL(file, import.meta.url)));

/**
 * `synthesize(context).json`, synthesized once per content of the app's sources and kept on disk: the
 * template-only test files share one synthesis instead of each paying ~10 s of CPU for its own. The key
 * hashes every file the app reads (as the local cloud's template cache does), so an edit synthesizes again.
 */
export const synthesizedTemplate = (context: Record<string, unknown> = {}): SynthesizedTemplate => {
  const digest = createHash('sha256').update(templateKey({ 'aws:cdk:bundling-stacks': [], ...context }));
  for (const file of FLATTENING_FILES) digest.update(readFileSync(file));
  const file = join(TEMPLATES_DIR, `${digest.digest('hex').slice(0, 24)}.json`);
  let cached: { json: CfnTemplate; stackName: string } | undefined;
  try {
    cached = JSON.parse(readFileSync(file, 'utf8')) as { json: CfnTemplate; stackName: string };
  } catch {
    const { json, stack } = synthesize(context);
    cached = { json, stackName: stack.stackName };
    // A worker that loaded the app before an edit synthesizes the old app: not under the new sources' key.
    if (!loadedSourcesAreCurrent()) return { ...cached, template: Template.fromJSON(cached.json as never) };
    mkdirSync(TEMPLATES_DIR, { recursive: true });
    // Write then rename: the other worker may read it at any moment.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(cached));
    renameSync(partial, file);
  }
  return { ...cached, template: Template.fromJSON(cached.json as never) };
};

export const resourcesOfType = (json: CfnTemplate, type: string): [string, CfnResource][] =>
  Object.entries(json.Resources).filter(([, resource]) => resource.Type === type);

export const only = <T>(items: readonly T[], what: string): T => {
  if (items.length !== 1) throw new Error(`expected exactly one ${what}, found ${items.length}`);
  return items[0] as T;
};

/** The logical id in `{ Ref: id }` or `{ 'Fn::GetAtt': [id, attr] }`. */
export const referencedId = (value: unknown): string | undefined => {
  if (value && typeof value === 'object') {
    const ref = (value as Record<string, unknown>).Ref;
    if (typeof ref === 'string') return ref;
    const getAtt = (value as Record<string, unknown>)['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  }
  return undefined;
};
