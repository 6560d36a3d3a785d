import * as events from 'aws-cdk-lib/aws-events';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { NotificationRules, type NotificationRoute } from '../../../infra/constructs/notification-rules';
import { NotificationTopics } from '../../../infra/constructs/notification-topics';
import { bareStack, resourcesOf, templateOf, type Resource } from './construct-stack';

const routes: NotificationRoute[] = [
  { name: 'things-ops-alerts', source: 'commerce.things', detailTypes: ['ThingBroke'], audience: 'opsAlerts' },
  { name: 'things-customer-notifications', source: 'commerce.things', detailTypes: ['ThingShipped', 'ThingDelivered'], audience: 'customerNotifications' },
];

const build = (withMachine: boolean): Template => {
  const stack = bareStack();
  const topics = new NotificationTopics(stack, 'Topics');
  const stateMachines = withMachine ? [new sfn.StateMachine(stack, 'Machine', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Start')) })] : [];
  new NotificationRules(stack, 'Rules', { bus: new events.EventBus(stack, 'Bus'), topics, routes, stateMachines, retryAttempts: 3 });
  return templateOf(stack);
};

const rulesByName = (template: Template): Record<string, Resource> =>
  Object.fromEntries(resourcesOf(template, 'AWS::Events::Rule').map(([, rule]) => [rule.Metadata?.['CommerceOps::Name'], rule]));

describe('NotificationRules', () => {
  let plain: Template;
  let withMachine: Template;
  beforeAll(() => {
    plain = build(false);
    withMachine = build(true);
  });

  it('makes one rule per route, on the bus, matching its source and detail-types, sending {type, summary, detail} to its audience', () => {
    const rules = rulesByName(plain);
    expect(Object.keys(rules).sort()).toEqual(['things-customer-notifications', 'things-ops-alerts']);
    expect(rules['things-customer-notifications']?.Properties?.EventPattern).toEqual({ source: ['commerce.things'], 'detail-type': ['ThingShipped', 'ThingDelivered'] });
    const [target] = rules['things-ops-alerts']?.Properties?.Targets as { InputTransformer: { InputTemplate: string }; RetryPolicy: object }[];
    expect(target?.InputTransformer.InputTemplate).toContain('"type":<detail-type>');
    expect(target?.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 2 * 3600 });
  });

  it('sends every undeliverable notification to one dead-letter queue', () => {
    expect(resourcesOf(plain, 'AWS::SQS::Queue').map(([, queue]) => queue.Metadata?.['CommerceOps::Name'])).toEqual(['notification-delivery-dlq']);
    for (const rule of Object.values(rulesByName(plain))) {
      expect((rule.Properties?.Targets as { DeadLetterConfig?: object }[])[0]?.DeadLetterConfig).toBeDefined();
    }
  });

  it('alerts on failed, timed-out or aborted executions of the machines it is given, from the default bus, and not without them', () => {
    expect(rulesByName(plain)['workflow-failure-alerts']).toBeUndefined();
    const rule = rulesByName(withMachine)['workflow-failure-alerts'];
    expect(rule?.Properties?.EventBusName).toBeUndefined();
    expect(rule?.Properties?.EventPattern).toMatchObject({ source: ['aws.states'], 'detail-type': ['Step Functions Execution Status Change'] });
  });
});
