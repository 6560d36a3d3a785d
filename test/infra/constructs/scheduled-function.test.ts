import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { OperationsTable } from '../../../infra/constructs/operations-table';
import { ScheduledFunction } from '../../../infra/constructs/scheduled-function';
import { bareStack, onlyResource, templateOf } from './construct-stack';

describe('ScheduledFunction', () => {
  let template: Template;
  beforeAll(() => {
    const stack = bareStack();
    const { table } = new OperationsTable(stack, 'Table');
    new ScheduledFunction(stack, 'Sweeper', {
      entry: 'functions/orders/sweep-orders.ts',
      scheduleName: 'order-sweeper',
      description: 'Order sweeper',
      schedule: events.Schedule.rate(Duration.minutes(10)),
      table,
      environment: { ORDER_STALE_AFTER_MINUTES: '15' },
    });
    template = templateOf(stack);
  });

  it('runs its entry with its environment on a named schedule, retried twice into a dead-letter queue named after it', () => {
    const [fnId, fn] = onlyResource(template, 'AWS::Lambda::Function');
    expect(fn.Metadata?.['CommerceOps::Entry']).toBe('functions/orders/sweep-orders.ts');
    expect((fn.Properties?.Environment as { Variables: object }).Variables).toMatchObject({ ORDER_STALE_AFTER_MINUTES: '15' });
    expect(fn.Properties?.Timeout).toBe(60);
    const [, rule] = onlyResource(template, 'AWS::Events::Rule');
    expect(rule.Metadata?.['CommerceOps::Name']).toBe('order-sweeper');
    expect(rule.Properties?.ScheduleExpression).toBe('rate(10 minutes)');
    const [target] = rule.Properties?.Targets as { Arn: unknown; RetryPolicy: object; DeadLetterConfig: object }[];
    expect(target?.Arn).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
    expect(target?.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 2 });
    expect(target?.DeadLetterConfig).toBeDefined();
    const [, queue] = onlyResource(template, 'AWS::SQS::Queue');
    expect(queue.Metadata?.['CommerceOps::Name']).toBe('order-sweeper-dlq');
  });
});
