import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeadLetterQueue } from '../../../infra/constructs/dead-letter-queue';
import { OperationalAlarms } from '../../../infra/constructs/operational-alarms';
import { OpsFunction } from '../../../infra/constructs/ops-function';
import { OpsStateMachine } from '../../../infra/constructs/ops-state-machine';
import { bareStack, resourcesOf, templateOf } from './construct-stack';

describe('OperationalAlarms', () => {
  let template: Template;
  let topicId: string;
  let alarms: OperationalAlarms;
  beforeAll(() => {
    const stack = bareStack();
    const topic = new sns.Topic(stack, 'OpsAlerts');
    const machine = new OpsStateMachine(stack, 'Machine', { shortName: 'some-process', definition: new sfn.Pass(stack, 'Start') });
    const fn = new OpsFunction(stack, 'Health', { entry: 'functions/platform/health.ts', shortName: 'platform-health' });
    const dlq = new DeadLetterQueue(stack, 'Dlq', { shortName: 'some-dlq' });
    alarms = new OperationalAlarms(stack, 'Alarms', { topic, functions: [fn], deadLetterQueues: [dlq], stateMachines: [machine] });
    topicId = stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic);
    template = templateOf(stack);
  });

  it('alarms on the first failed execution, message in a dead-letter queue, and error or throttle of a function', () => {
    expect(alarms.alarms).toHaveLength(3);
    const descriptions = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties?.AlarmDescription as string);
    expect(descriptions).toEqual(
      expect.arrayContaining([
        expect.stringContaining('some-process execution failed'),
        'Messages are waiting in some-dlq: inspect and redrive them',
        'platform-health threw errors or was throttled',
      ]),
    );
    for (const [, alarm] of resourcesOf(template, 'AWS::CloudWatch::Alarm')) expect(alarm.Properties).toMatchObject({ Threshold: 1, EvaluationPeriods: 1 });
  });

  it('tells ops-alerts when each alarm fires and when it recovers', () => {
    for (const [, alarm] of resourcesOf(template, 'AWS::CloudWatch::Alarm')) {
      expect(alarm.Properties?.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties?.OKActions).toEqual([{ Ref: topicId }]);
    }
  });
});
