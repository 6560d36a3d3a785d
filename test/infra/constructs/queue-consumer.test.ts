import { Duration } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { OperationsTable } from '../../../infra/constructs/operations-table';
import { OpsFunction } from '../../../infra/constructs/ops-function';
import { QueueConsumer } from '../../../infra/constructs/queue-consumer';
import { bareStack, onlyResource, resourcesOf, templateOf } from './construct-stack';

describe('QueueConsumer', () => {
  let template: Template;
  beforeAll(() => {
    const stack = bareStack();
    const { table } = new OperationsTable(stack, 'Table');
    const consumer = new QueueConsumer(stack, 'Counter', {
      entry: 'functions/analytics/count-storefront-events.ts',
      description: 'Counts queued events',
      queueName: 'storefront-events',
      table,
      environment: { COUNTER_SHARDS: '8' },
      alarmTopic: new sns.Topic(stack, 'Alerts'),
      maxMessageAge: Duration.minutes(10),
    });
    const sender = new OpsFunction(stack, 'Sender', { entry: 'functions/analytics/record-events.ts', shortName: 'analytics-record-events', timeout: Duration.seconds(10), description: 'sends' });
    consumer.grantSend(sender);
    template = templateOf(stack);
  });

  it('feeds its entry from the queue in batches that wait to fill, four deliveries at most at once, reporting failures message by message', () => {
    const [fnId, fn] = resourcesOf(template, 'AWS::Lambda::Function').find(([, candidate]) => candidate.Metadata?.['CommerceOps::Entry'] === 'functions/analytics/count-storefront-events.ts')!;
    expect(fn.Properties?.Environment?.Variables).toMatchObject({ COUNTER_SHARDS: '8', TABLE_NAME: { Ref: expect.any(String) } });
    const [, mapping] = onlyResource(template, 'AWS::Lambda::EventSourceMapping');
    expect(mapping.Properties).toMatchObject({ FunctionName: { Ref: fnId }, BatchSize: 50, MaximumBatchingWindowInSeconds: 2, FunctionResponseTypes: ['ReportBatchItemFailures'], ScalingConfig: { MaximumConcurrency: 4 } });
  });

  it('keeps a message invisible six function timeouts, and parks it in `<queue>-dlq` after five receives', () => {
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    const [, queue] = queues.find(([, candidate]) => candidate.Metadata?.['CommerceOps::Name'] === 'storefront-events')!;
    const [dlqId] = queues.find(([, candidate]) => candidate.Metadata?.['CommerceOps::Name'] === 'storefront-events-dlq')!;
    expect(queue.Properties).toMatchObject({ VisibilityTimeout: 360, SqsManagedSseEnabled: true, RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] } } });
  });

  it('alarms when the oldest message waits too long, and lets a sender send', () => {
    const alarm = resourcesOf(template, 'AWS::CloudWatch::Alarm').find(([, candidate]) => candidate.Properties?.MetricName === 'ApproximateAgeOfOldestMessage');
    expect(alarm?.[1].Properties).toMatchObject({ Threshold: 600, Statistic: 'Maximum', AlarmActions: [{ Ref: expect.stringMatching(/^Alerts/) }] });
    const policies = resourcesOf(template, 'AWS::IAM::Policy').map(([, policy]) => JSON.stringify(policy.Properties));
    expect(policies.some((policy) => policy.includes('sqs:SendMessage') && policy.includes('SenderRole'))).toBe(true);
  });
});
