/** Synthesizes the real app once per test file, with esbuild bundling skipped (fast, no assets). */
import { Template } from 'aws-cdk-lib/assertions';
import { NestedStack, type App, type Stack } from 'aws-cdk-lib';
import { buildCommerceOpsApp } from '../../infra/commerce-ops-app';

export interface SynthesizedApp {
  readonly app: App;
  readonly stack: Stack;
  readonly template: Template;
  /** The raw template JSON (Resources with Metadata). */
  readonly json: CfnTemplate;
  /**
   * The nested monitoring stack's template (the alarms), with its parameters resolved to what the parent
   * passes: `{ Ref: <parameter> }` reads as the parent's `{ Ref: <resource> }`.
   */
  readonly monitoring: CfnTemplate;
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
  readonly Outputs?: Record<string, unknown>;
}

export const synthesize = (context: Record<string, unknown> = {}): SynthesizedApp => {
  const { app, stack } = buildCommerceOpsApp({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  // Template.fromStack synthesizes the app (running the registered cdk-nag plugin) and rejects
  // dependency cycles between resources.
  const template = Template.fromStack(stack);
  const json = template.toJSON() as CfnTemplate;
  return { app, stack, template, json, monitoring: resolvedNestedTemplate(stack, json) };
};

function resolvedNestedTemplate(stack: Stack, parent: CfnTemplate): CfnTemplate {
  const nested = stack.node.findAll().filter((construct): construct is NestedStack => NestedStack.isNestedStack(construct));
  const monitoring = only(nested, 'nested stack');
  const [, nestedResource] = only(resourcesOfType(parent, 'AWS::CloudFormation::Stack'), 'nested stack resource');
  const passed = (nestedResource.Properties?.Parameters ?? {}) as Record<string, Json>;
  const resolve = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value && typeof value === 'object') {
      if (typeof value.Ref === 'string' && value.Ref in passed) return passed[value.Ref];
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner)]));
    }
    return value;
  };
  return resolve(Template.fromStack(monitoring).toJSON()) as CfnTemplate;
}

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
