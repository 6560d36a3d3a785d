/**
 * Nested stacks, read as the parent is read: a parent template and its nested templates become ONE
 * template, so everything downstream (the resolver, the model, the infra tests) sees one set of
 * resources. Each nested `AWS::CloudFormation::Stack` resource is replaced by its template's resources,
 * with every `Ref` to one of its parameters replaced by what the parent passes, and every
 * `Fn::GetAtt [<stack>, Outputs.<name>]` replaced by that output's value. Logical ids are kept as they
 * are (they must not collide across templates: CDK derives them from the construct path, so they do
 * not unless two stacks hold constructs at the same path, which is reported).
 *
 * Local only: `AWS::StackName`/`AWS::StackId` in a nested template read as the parent's.
 */
import type { CfnResource, CfnTemplate } from './resolve';

/** A template and the templates of its nested stacks, keyed by the logical id of their stack resource. */
export interface TemplateTree {
  readonly template: CfnTemplate;
  readonly nested?: Readonly<Record<string, TemplateTree>>;
}

export const NESTED_STACK_TYPE = 'AWS::CloudFormation::Stack';

type Json = unknown;

/** The tree as one template (the root's Parameters and Outputs kept; nested ones dissolved). */
export function flattenTemplateTree(tree: TemplateTree): CfnTemplate {
  const root = tree.template;
  const resources: Record<string, CfnResource> = { ...(root.Resources ?? {}) };
  const conditions: Record<string, unknown> = { ...(root.Conditions ?? {}) };
  const mappings: Record<string, Record<string, Record<string, unknown>>> = { ...(root.Mappings ?? {}) };
  const outputsByStack = new Map<string, Record<string, Json>>();

  for (const [stackId, child] of Object.entries(tree.nested ?? {})) {
    const stackResource = resources[stackId];
    if (stackResource?.Type !== NESTED_STACK_TYPE) throw new Error(`Nested template ${stackId} has no ${NESTED_STACK_TYPE} resource in its parent`);
    const passed = (stackResource.Properties?.Parameters ?? {}) as Record<string, Json>;
    const flat = withParameters(flattenTemplateTree(child), passed, stackId);
    delete resources[stackId];
    mergeInto(resources, flat.Resources ?? {}, stackId, 'resource', (id) => flat.Resources![id]!.Type === 'AWS::CDK::Metadata');
    mergeInto(conditions, flat.Conditions ?? {}, stackId, 'condition');
    mergeInto(mappings, flat.Mappings ?? {}, stackId, 'mapping');
    const outputs = (flat.Outputs ?? {}) as Record<string, { Value: Json }>;
    outputsByStack.set(stackId, Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, output.Value])));
  }

  const dissolved = new Set(outputsByStack.keys());
  const replaceOutputs = (value: Json, depth = 0): Json => {
    if (depth > 50) throw new Error('Nested stack outputs refer to each other in a cycle');
    if (Array.isArray(value)) return value.map((item) => replaceOutputs(item, depth));
    if (!isObject(value)) return value;
    const output = nestedOutputOf(value);
    if (output && dissolved.has(output.stackId)) {
      const values = outputsByStack.get(output.stackId)!;
      if (!(output.name in values)) throw new Error(`Nested stack ${output.stackId} has no output ${output.name}`);
      return replaceOutputs(values[output.name], depth + 1);
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceOutputs(item, depth)]));
  };

  const flatResources = Object.fromEntries(
    Object.entries(resources).map(([id, resource]) => [id, withoutDissolvedDependencies(replaceOutputs(resource) as CfnResource, dissolved)]),
  );
  return {
    ...root,
    Resources: flatResources,
    ...(Object.keys(conditions).length ? { Conditions: replaceOutputs(conditions) as Record<string, unknown> } : {}),
    ...(Object.keys(mappings).length ? { Mappings: mappings } : {}),
    ...(root.Outputs ? { Outputs: replaceOutputs(root.Outputs) } : {}),
  };
}

/** Every template of the tree with the path of stack resources leading to it (`''` for the root). */
export function templatesOf(tree: TemplateTree, path = ''): { readonly path: string; readonly template: CfnTemplate }[] {
  return [
    { path, template: tree.template },
    ...Object.entries(tree.nested ?? {}).flatMap(([id, child]) => templatesOf(child, path ? `${path}/${id}` : id)),
  ];
}

/** The template with its parameters replaced by the parent's values (a parameter not passed keeps its default). */
function withParameters(template: CfnTemplate, passed: Record<string, Json>, stackId: string): CfnTemplate {
  const declared = template.Parameters ?? {};
  const values: Record<string, Json> = {};
  for (const [name, parameter] of Object.entries(declared)) {
    if (name in passed) values[name] = passed[name];
    else if (parameter.Default !== undefined) values[name] = parameter.Default;
    else throw new Error(`Nested stack ${stackId} needs parameter ${name}, which its parent does not pass`);
  }
  const substitute = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(substitute);
    if (!isObject(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'Ref' && typeof value.Ref === 'string' && value.Ref in values) return values[value.Ref];
    if (keys.length === 1 && keys[0] === 'Fn::Sub') return { 'Fn::Sub': substituteSub(value['Fn::Sub'], values, substitute) };
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item)]));
  };
  const { Parameters: _parameters, ...rest } = template;
  return substitute(rest) as CfnTemplate;
}

/** `${Param}` inside a Fn::Sub string becomes a variable holding the parent's value. */
function substituteSub(args: Json, values: Record<string, Json>, substitute: (value: Json) => Json): Json {
  const [text, variables] = typeof args === 'string' ? [args, {}] : (args as [string, Record<string, Json>]);
  const own = Object.fromEntries(Object.entries(variables ?? {}).map(([key, item]) => [key, substitute(item)]));
  const used = [...String(text).matchAll(/\$\{([^!}][^}]*)\}/g)].map((match) => match[1]!).filter((name) => name in values && !(name in own));
  if (used.length === 0) return typeof args === 'string' ? text : [text, own];
  return [text, { ...own, ...Object.fromEntries(used.map((name) => [name, values[name]])) }];
}

function nestedOutputOf(value: Record<string, Json>): { stackId: string; name: string } | undefined {
  const getAtt = value['Fn::GetAtt'];
  if (getAtt === undefined || Object.keys(value).length !== 1) return undefined;
  const [stackId, ...attribute] = Array.isArray(getAtt) ? getAtt.map(String) : String(getAtt).split('.');
  const path = attribute.join('.');
  return stackId && path.startsWith('Outputs.') ? { stackId, name: path.slice('Outputs.'.length) } : undefined;
}

/** A dependency on a dissolved stack is now a dependency on resources in the same template: implicit. */
function withoutDissolvedDependencies(resource: CfnResource, dissolved: ReadonlySet<string>): CfnResource {
  const dependsOn = resource.DependsOn;
  if (dependsOn === undefined) return resource;
  const kept = [dependsOn].flat().filter((id) => !dissolved.has(String(id)));
  const { DependsOn: _dependsOn, ...rest } = resource;
  return kept.length ? { ...rest, DependsOn: kept } : rest;
}

function mergeInto<T>(target: Record<string, T>, source: Record<string, T>, stackId: string, what: string, skip?: (id: string) => boolean): void {
  for (const [id, item] of Object.entries(source)) {
    if (skip?.(id)) continue;
    if (id in target) {
      // Identical CDK boilerplate (e.g. a condition every stack declares) merges; anything else collides.
      if (JSON.stringify(target[id]) === JSON.stringify(item)) continue;
      throw new Error(`Nested stack ${stackId} declares ${what} ${id}, which another template of the app declares too`);
    }
    target[id] = item;
  }
}

const isObject = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);
