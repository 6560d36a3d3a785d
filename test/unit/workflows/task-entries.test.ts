/**
 * Each workflow's task map is the one source of its task functions: every entry is a function file that
 * exports `handler`, every entry is invoked by the machine, and the machine invokes nothing else.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { orderFulfilmentDefinition, orderFulfilmentTaskEntries } from '../../../workflows/order-fulfilment/definition';
import { orderShippingDefinition } from '../../../workflows/order-fulfilment/shipping';
import { productListingDefinition, productListingTaskEntries } from '../../../workflows/product-listing/definition';
import { supplierOnboardingDefinition, supplierOnboardingTaskEntries } from '../../../workflows/supplier-onboarding/definition';
import { restockDefinition, restockTaskEntries } from '../../../workflows/restock/definition';

const ROOT = join(__dirname, '..', '..', '..');
const arnOf = (task: string) => `arn:aws:lambda:eu-central-1:111111111111:function:${task}`;

type Definition<Task extends string> = (scope: Stack, fns: Record<Task, lambda.IFunction>, children: Readonly<Record<string, sfn.IStateMachine>>) => sfn.IChainable;
type States = Record<string, { Type: string; Resource?: string; Parameters?: { FunctionName?: string } }>;

/**
 * The states of the machine and of its Express children together (they run the parent's task functions),
 * with a stand-in function per task whose ARN names the task.
 */
function render<Task extends string>(entries: Record<Task, string>, definition: Definition<Task>, children: Readonly<Record<string, Definition<Task>>> = {}): { States: States } {
  const stack = new Stack(new App(), 'Workflow');
  const fns = Object.fromEntries(Object.keys(entries).map((task) => [task, lambda.Function.fromFunctionArn(stack, task, arnOf(task))])) as Record<Task, lambda.IFunction>;
  const graph = (chain: sfn.IChainable, name: string) => (stack.resolve(new sfn.StateGraph(chain.startState, name).toGraphJson()) as { States: States }).States;
  const machines = Object.fromEntries(Object.keys(children).map((key) => [key, sfn.StateMachine.fromStateMachineName(stack, `Child${key}`, key)]));
  const childStates = Object.entries(children).map(([key, child]) => graph(child(stack, fns, {}), key));
  return { States: Object.assign({}, graph(definition(stack, fns, machines), 'workflow'), ...childStates) };
}

const workflows = [
  { name: 'order-fulfilment', entries: orderFulfilmentTaskEntries, definition: orderFulfilmentDefinition({ deadline: Duration.hours(24), grace: Duration.hours(24) }), children: { shipping: orderShippingDefinition } },
  { name: 'product-listing', entries: productListingTaskEntries, definition: productListingDefinition },
  { name: 'supplier-onboarding', entries: supplierOnboardingTaskEntries, definition: supplierOnboardingDefinition },
  { name: 'restock', entries: restockTaskEntries, definition: restockDefinition },
] as const;

describe.each(workflows)('the $name task map', ({ entries, definition, ...rest }) => {
  it('names function files that export a handler', () => {
    for (const [task, entry] of Object.entries(entries)) {
      expect(existsSync(join(ROOT, entry)), `${task}: ${entry}`).toBe(true);
      expect(readFileSync(join(ROOT, entry), 'utf8'), `${task}: ${entry}`).toMatch(/export const handler\b/);
    }
  });

  it('is exactly what the machine invokes', () => {
    const { States } = render(entries as Record<string, string>, definition as never, 'children' in rest ? (rest.children as never) : {});
    // A task answered by its return value names the function as its Resource; a task-token wait, in its Parameters.
    const functionOf = (state: (typeof States)[string]) => state.Parameters?.FunctionName ?? (typeof state.Resource === 'string' && state.Resource.startsWith('arn:aws:lambda:') ? state.Resource : undefined);
    const invoked = new Set(Object.values(States).flatMap((state) => functionOf(state) ?? []));
    expect([...invoked].sort()).toEqual(Object.keys(entries).map(arnOf).sort());
  });
});
