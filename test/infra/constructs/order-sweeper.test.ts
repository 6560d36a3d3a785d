import { Duration } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { OperationsTable } from '../../../infra/constructs/operations-table';
import { ORDER_SWEEPER_ENTRY, ORDER_SWEEPER_SCHEDULE, OrderSweeper } from '../../../infra/constructs/order-sweeper';
import { bareStack, onlyResource, templateOf } from './construct-stack';

describe('OrderSweeper', () => {
  let template: Template;
  beforeAll(() => {
    const stack = bareStack();
    const { table } = new OperationsTable(stack, 'Table');
    new OrderSweeper(stack, 'Sweeper', { table, environment: { ORDER_STALE_AFTER_MINUTES: '15' }, every: Duration.minutes(10) });
    template = templateOf(stack);
  });

  it('runs sweep-orders with its environment on a named schedule, retried twice into a dead-letter queue', () => {
    const [fnId, fn] = onlyResource(template, 'AWS::Lambda::Function');
    expect(fn.Metadata?.['CommerceOps::Entry']).toBe(ORDER_SWEEPER_ENTRY);
    expect((fn.Properties?.Environment as { Variables: object }).Variables).toMatchObject({ ORDER_STALE_AFTER_MINUTES: '15' });
    const [, rule] = onlyResource(template, 'AWS::Events::Rule');
    expect(rule.Metadata?.['CommerceOps::Name']).toBe(ORDER_SWEEPER_SCHEDULE);
    expect(rule.Properties?.ScheduleExpression).toBe('rate(10 minutes)');
    const [target] = rule.Properties?.Targets as { Arn: unknown; RetryPolicy: object; DeadLetterConfig: object }[];
    expect(target?.Arn).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
    expect(target?.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 2 });
    expect(target?.DeadLetterConfig).toBeDefined();
  });
});
