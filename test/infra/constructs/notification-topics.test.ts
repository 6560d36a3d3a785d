import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { NotificationTopics } from '../../../infra/constructs/notification-topics';
import { bareStack, onlyResource, resourcesOf, templateOf } from './construct-stack';

const build = (alertEmail?: string, agentAlertEmails?: Record<string, string>) => {
  const stack = bareStack();
  const topics = new NotificationTopics(stack, 'Topics', { alertEmail, agentAlertEmails });
  return { topics, template: templateOf(stack) };
};

describe('NotificationTopics', () => {
  let without: { topics: NotificationTopics; template: Template };
  let withEmail: { topics: NotificationTopics; template: Template };
  beforeAll(() => {
    without = build();
    withEmail = build('ops@example.com');
  });

  it('makes the two audiences, named for the local cloud, encrypted with one rotating key', () => {
    const names = resourcesOf(without.template, 'AWS::SNS::Topic').map(([, topic]) => topic.Metadata?.['CommerceOps::Name']);
    expect(names.sort()).toEqual(['customer-notifications', 'ops-alerts']);
    const [, key] = onlyResource(without.template, 'AWS::KMS::Key');
    expect(key.Properties?.EnableKeyRotation).toBe(true);
  });

  it('subscribes nobody without alertEmail, and the address with its own dead-letter queue with it', () => {
    expect(without.topics.subscriptionDeadLetterQueue).toBeUndefined();
    expect(resourcesOf(without.template, 'AWS::SNS::Subscription')).toEqual([]);
    expect(withEmail.topics.subscriptionDeadLetterQueue?.shortName).toBe('alert-subscription-dlq');
    const [, subscription] = onlyResource(withEmail.template, 'AWS::SNS::Subscription');
    expect(subscription.Properties).toMatchObject({ Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  it("subscribes each agent's address to the ops-alerts that name the agent, by a filter on the message body", () => {
    const { template, topics } = build(undefined, { 'agent-ana': 'ana@example.com' });
    expect(topics.subscriptionDeadLetterQueue?.shortName).toBe('alert-subscription-dlq');
    const [, subscription] = onlyResource(template, 'AWS::SNS::Subscription');
    expect(subscription.Properties).toMatchObject({
      Protocol: 'email',
      Endpoint: 'ana@example.com',
      FilterPolicyScope: 'MessageBody',
      FilterPolicy: { detail: { notify: ['agent-ana'] } },
    });
  });
});
