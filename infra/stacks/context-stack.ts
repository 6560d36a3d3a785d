import { NestedStack, type NestedStackProps } from 'aws-cdk-lib';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { DeadLetterQueue } from '../constructs/dead-letter-queue';
import { OperationalAlarms } from '../constructs/operational-alarms';
import { OpsFunction } from '../constructs/ops-function';
import { OpsStateMachine } from '../constructs/ops-state-machine';

/** The contexts of DESIGN §4 with a stack of their own, in the order their stacks are declared. */
export const CONTEXTS = ['platform', 'suppliers', 'catalog', 'inventory', 'orders', 'returns', 'promotions', 'service', 'analytics'] as const;
export type ContextName = (typeof CONTEXTS)[number];

/** A function's context is the folder of its handler: `functions/orders/place-order.ts` → `orders`. */
export const contextOfEntry = (entry: string): ContextName => {
  const folder = /^functions\/([a-z-]+)\//.exec(entry)?.[1];
  const context = CONTEXTS.find((name) => name === folder);
  if (!context) throw new Error(`${entry} is in no context's folder (functions/<${CONTEXTS.join('|')}>/)`);
  return context;
};

export interface ContextStackProps extends NestedStackProps {
  readonly context: ContextName;
}

/**
 * One context's stateless part: its routes with their functions, its workflows, schedules and their alarms.
 * The stateful resources (table, bus, topics, secrets) and the API itself stay in the parent and arrive as
 * parameters, so a context can be rebuilt, or grow to CloudFormation's 500 resources, on its own.
 */
export class ContextStack extends NestedStack {
  readonly context: ContextName;

  constructor(scope: Construct, id: string, props: ContextStackProps) {
    super(scope, id, { description: `Commerce Ops ${props.context}: routes, workflows, schedules and their alarms`, ...props });
    this.context = props.context;
  }

  /**
   * One alarm per function (errors + throttles), per dead-letter queue and per workflow in this stack, to
   * `topic`. Call once the context is built: whatever it holds then is watched, so nothing added is missed.
   */
  addAlarms(topic: sns.ITopic): OperationalAlarms {
    const held = this.node.findAll();
    return new OperationalAlarms(this, 'Alarms', {
      topic,
      functions: held.filter((construct) => construct instanceof OpsFunction),
      deadLetterQueues: held.filter((construct) => construct instanceof DeadLetterQueue),
      stateMachines: held.filter((construct) => construct instanceof OpsStateMachine),
    });
  }
}
