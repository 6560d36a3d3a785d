import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { StatefulResources } from '../../../infra/constructs/stateful-resources';
import { bareStack, onlyResource, resourcesOf, templateOf } from './construct-stack';

describe('StatefulResources', () => {
  let template: Template;
  beforeAll(() => {
    const stack = bareStack();
    new StatefulResources(stack, 'State', { alertEmail: 'ops@example.com' });
    template = templateOf(stack);
  });

  it('holds the one table, the commerce-ops bus and the two topics, passing alertEmail on to ops-alerts', () => {
    expect(onlyResource(template, 'AWS::DynamoDB::Table')[1].Metadata?.['CommerceOps::Name']).toBe('operations');
    expect(onlyResource(template, 'AWS::Events::EventBus')[1].Metadata?.['CommerceOps::Name']).toBe('commerce-ops');
    expect(resourcesOf(template, 'AWS::SNS::Topic')).toHaveLength(2);
    expect(onlyResource(template, 'AWS::SNS::Subscription')[1].Properties).toMatchObject({ Protocol: 'email', Endpoint: 'ops@example.com' });
  });
});
