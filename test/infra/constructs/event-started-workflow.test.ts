import * as events from 'aws-cdk-lib/aws-events';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EventStartedWorkflow } from '../../../infra/constructs/event-started-workflow';
import { OperationsTable } from '../../../infra/constructs/operations-table';
import { bareStack, onlyResource, resourcesOf, templateOf } from './construct-stack';

describe('EventStartedWorkflow', () => {
  let template: Template;
  beforeAll(() => {
    const stack = bareStack();
    const { table } = new OperationsTable(stack, 'Table');
    new EventStartedWorkflow(stack, 'Process', {
      shortName: 'some-process',
      comment: 'A process',
      // Two tasks on one handler share its function.
      taskEntries: { first: 'functions/orders/void-payment.ts', again: 'functions/orders/void-payment.ts', last: 'functions/orders/release-stock.ts' },
      definition: (scope, fns) =>
        new sfn.Pass(scope, 'Start').next(new sfn.Pass(scope, 'Uses', { parameters: { first: fns.first.functionArn, last: fns.last.functionArn } })),
      table,
      bus: new events.EventBus(stack, 'Bus'),
      environment: { TABLE_NAME: 'operations' },
      startOn: { source: 'commerce.orders', detailType: 'OrderPlaced' },
      input: { orderId: '$.detail.orderId' },
    });
    template = templateOf(stack);
  });

  it('builds one function per task entry, each with the environment it is given', () => {
    const entries = resourcesOf(template, 'AWS::Lambda::Function').map(([, fn]) => fn.Metadata?.['CommerceOps::Entry']);
    expect(entries.sort()).toEqual(['functions/orders/release-stock.ts', 'functions/orders/void-payment.ts']);
    for (const [, fn] of resourcesOf(template, 'AWS::Lambda::Function')) expect(fn.Properties?.Environment.Variables).toMatchObject({ TABLE_NAME: 'operations' });
  });

  it('starts the machine on its event with the input it names, retrying into its own dead-letter queue', () => {
    const [, rule] = onlyResource(template, 'AWS::Events::Rule');
    expect(rule.Metadata?.['CommerceOps::Name']).toBe('start-some-process');
    expect(rule.Properties?.EventPattern).toEqual({ source: ['commerce.orders'], 'detail-type': ['OrderPlaced'] });
    const [target] = rule.Properties?.Targets as { InputTransformer: { InputPathsMap: object }; RetryPolicy: object; DeadLetterConfig: object }[];
    expect(target?.InputTransformer.InputPathsMap).toEqual({ 'detail-orderId': '$.detail.orderId' });
    expect(target?.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 24 * 3600 });
    const dlqNames = resourcesOf(template, 'AWS::SQS::Queue').map(([, queue]) => queue.Metadata?.['CommerceOps::Name']);
    expect(dlqNames).toEqual(['some-process-start-dlq']);
  });
});
