/**
 * How the app is split: a parent stack with the shared, stateful part and one nested stack per context.
 * CloudFormation allows 500 resources per template; each stays under 400, and a context's stack holds
 * only that context's functions, so it can double before it needs splitting.
 */
import { NestedStack, Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../shared/contracts/routes';
import { CONTEXTS, ContextStack, contextOfEntry } from '../../infra/stacks/context-stack';
import { resourcesOfType, synthesize, type CfnTemplate, type SynthesizedApp } from './synth';

let synth: SynthesizedApp;
beforeAll(() => {
  synth = synthesize();
});

const TEMPLATE_RESOURCE_LIMIT = 400;
const parent = (): CfnTemplate => synth.templates.find(({ path }) => path === '')!.json;
const nested = () => synth.templates.filter(({ path }) => path !== '');
const contextStacks = () => synth.app.node.findAll().filter((construct): construct is ContextStack => construct instanceof ContextStack);
const templateOf = (stack: NestedStack): CfnTemplate => {
  const logicalId = synth.stack.resolve(stack.nestedStackResource!.logicalId) as string;
  return synth.templates.find(({ path }) => path === logicalId)!.json;
};
const STATEFUL_TYPES = [
  'AWS::DynamoDB::Table',
  'AWS::Events::EventBus',
  'AWS::SNS::Topic',
  'AWS::KMS::Key',
  'AWS::SecretsManager::Secret',
  'AWS::Cognito::UserPool',
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Stage',
  'AWS::ApiGatewayV2::Authorizer',
];

describe('the stack layout', () => {
  it('is one deployable stack, CommerceOps, whose nested stacks are one per context with something to deploy', () => {
    const stacks = synth.app.node.findAll().filter((construct) => Stack.isStack(construct));
    expect(stacks.filter((stack) => !NestedStack.isNestedStack(stack))).toEqual([synth.stack]);
    expect(synth.stack.stackName).toBe('CommerceOps');
    const nestedStacks = stacks.filter((stack) => NestedStack.isNestedStack(stack));
    expect(nestedStacks.every((stack) => stack instanceof ContextStack && stack.nestedStackParent === synth.stack)).toBe(true);
    const withRoutes = new Set(allRoutes.map((route) => contextOfEntry(route.handlerEntry)));
    expect(contextStacks().map((stack) => stack.context).sort()).toEqual([...withRoutes].sort());
    expect(new Set(contextStacks().map((stack) => stack.context)).size).toBe(contextStacks().length);
    expect(CONTEXTS).toHaveLength(9);
  });

  it(`keeps every template under ${TEMPLATE_RESOURCE_LIMIT} resources (CloudFormation's limit is 500)`, () => {
    expect(synth.templates.length).toBe(contextStacks().length + 1);
    for (const { path, json } of synth.templates) {
      expect(Object.keys(json.Resources).length, path || 'CommerceOps').toBeLessThan(TEMPLATE_RESOURCE_LIMIT);
    }
  });

  it('passes references as nested-stack parameters, never as exports', () => {
    for (const { path, json } of synth.templates) {
      expect(JSON.stringify(json), path || 'CommerceOps').not.toContain('Fn::ImportValue');
      expect(Object.values(json.Outputs ?? {}).some((output) => output.Export), path || 'CommerceOps').toBe(false);
    }
    for (const { path, json } of nested()) expect(Object.keys(json.Parameters ?? {}).length, path).toBeGreaterThan(0);
  });

  it('keeps the stateful resources and the API itself in the parent, shared with the contexts', () => {
    for (const type of STATEFUL_TYPES) {
      for (const { path, json } of nested()) expect(resourcesOfType(json, type), `${type} in ${path}`).toEqual([]);
    }
    expect(resourcesOfType(parent(), 'AWS::DynamoDB::Table')).toHaveLength(1);
    expect(resourcesOfType(parent(), 'AWS::ApiGatewayV2::Api')).toHaveLength(1);
    expect(resourcesOfType(parent(), 'AWS::ApiGatewayV2::Route')).toEqual([]);
  });

  it("puts each function, route and alarm in its context's stack; only the outbox publisher stays shared", () => {
    for (const stack of contextStacks()) {
      const json = templateOf(stack);
      const entries = resourcesOfType(json, 'AWS::Lambda::Function').map(([, fn]) => String(fn.Metadata?.['CommerceOps::Entry']));
      expect(entries.length, stack.context).toBeGreaterThan(0);
      for (const entry of entries) expect(contextOfEntry(entry), entry).toBe(stack.context);
      const routeKeys = resourcesOfType(json, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties?.RouteKey);
      const expected = allRoutes.filter((route) => contextOfEntry(route.handlerEntry) === stack.context).map((route) => `${route.method} ${route.path}`);
      expect(routeKeys.sort(), stack.context).toEqual(expected.sort());
      const alarms = resourcesOfType(json, 'AWS::CloudWatch::Alarm').filter(([, alarm]) => JSON.stringify(alarm.Properties?.Metrics ?? []).includes('errors + throttles'));
      expect(alarms, stack.context).toHaveLength(entries.length);
    }
    const shared = resourcesOfType(parent(), 'AWS::Lambda::Function').map(([, fn]) => fn.Metadata?.['CommerceOps::Entry']);
    expect(shared).toEqual(['functions/platform/publish-outbox.ts']);
  });

  it('reads as one template with every resource of every stack, each reference resolved to its logical id', () => {
    const total = synth.templates.reduce((sum, { json }) => sum + Object.keys(json.Resources).length, 0);
    expect(Object.keys(synth.json.Resources)).toHaveLength(total - contextStacks().length);
    const flat = JSON.stringify(synth.json);
    expect(flat).not.toContain('AWS::CloudFormation::Stack');
    expect(flat).not.toMatch(/"Fn::GetAtt":\["[A-Za-z0-9]+","Outputs\./);
    expect(flat).not.toMatch(/"Ref":"referenceto/);
  });
});
