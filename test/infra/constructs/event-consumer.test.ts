import * as events from 'aws-cdk-lib/aws-events';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EventConsumer } from '../../../infra/constructs/event-consumer';
import { OperationsTable } from '../../../infra/constructs/operations-table';
import { bareStack, onlyResource, templateOf } from './construct-stack';

describe('EventConsumer', () => {
  let template: Template;
  beforeAll(() => {
    const stack = bareStack();
    const { table } = new OperationsTable(stack, 'Table');
    new EventConsumer(stack, 'SalesRecorder', {
      entry: 'functions/inventory/record-sales.ts',
      description: 'Counts what shipped',
      bus: new events.EventBus(stack, 'Bus'),
      on: { source: 'commerce.orders', detailType: 'OrderShipped' },
      table,
      environment: { TABLE_NAME: 'ops' },
    });
    template = templateOf(stack);
  });

  it('runs its entry for each event of its source and type on the bus, retried for a day into a dead-letter queue', () => {
    const [fnId, fn] = onlyResource(template, 'AWS::Lambda::Function');
    expect(fn.Metadata?.['CommerceOps::Entry']).toBe('functions/inventory/record-sales.ts');
    const [, rule] = onlyResource(template, 'AWS::Events::Rule');
    expect(rule.Properties?.EventPattern).toEqual({ source: ['commerce.orders'], 'detail-type': ['OrderShipped'] });
    expect(rule.Properties?.EventBusName).toBeDefined();
    expect(rule.Metadata?.['CommerceOps::Name']).toBe('inventory-record-sales-on-OrderShipped');
    const [target] = rule.Properties?.Targets as { Arn: unknown; RetryPolicy: object; DeadLetterConfig: object }[];
    expect(target?.Arn).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
    expect(target?.RetryPolicy).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86_400 });
    expect(target?.DeadLetterConfig).toBeDefined();
    const [, queue] = onlyResource(template, 'AWS::SQS::Queue');
    expect(queue.Metadata?.['CommerceOps::Name']).toBe('inventory-record-sales-dlq');
  });
});
