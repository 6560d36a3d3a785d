import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { OpsStateMachine } from '../../../infra/constructs/ops-state-machine';
import { bareStack, onlyResource, templateOf } from './construct-stack';

describe('OpsStateMachine', () => {
  let template: Template;
  beforeAll(() => {
    const stack = bareStack();
    new OpsStateMachine(stack, 'Machine', { shortName: 'some-process', definition: new sfn.Pass(stack, 'Start'), comment: 'A process' });
    template = templateOf(stack);
  });

  it('is a STANDARD, traced machine named for the local cloud, 30 days at most, logging every event (without the data its history keeps) to its own group', () => {
    const [, machine] = onlyResource(template, 'AWS::StepFunctions::StateMachine');
    expect(machine.Metadata?.['CommerceOps::Name']).toBe('some-process');
    expect(machine.Properties).toMatchObject({ StateMachineType: 'STANDARD', TracingConfiguration: { Enabled: true }, LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false } });
    expect(JSON.parse(machine.Properties?.DefinitionString as string)).toMatchObject({ TimeoutSeconds: 30 * 24 * 3600, Comment: 'A process' });
    const [, logGroup] = onlyResource(template, 'AWS::Logs::LogGroup');
    expect(logGroup.Properties?.LogGroupName).toMatch(/^\/aws\/vendedlogs\/states\/commerce-ops-some-process-/);
  });

  it('logs an Express child\'s failures with their data, and what a caller asks for', () => {
    const stack = bareStack();
    new OpsStateMachine(stack, 'Child', { shortName: 'child', type: 'EXPRESS', definition: new sfn.Pass(stack, 'Step') });
    new OpsStateMachine(stack, 'Chatty', {
      shortName: 'chatty',
      definition: new sfn.Pass(stack, 'Other'),
      logging: { level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    const machines = templateOf(stack).findResources('AWS::StepFunctions::StateMachine');
    const loggingOf = (name: string) => Object.values(machines).find((machine) => machine.Metadata?.['CommerceOps::Name'] === name)?.Properties?.LoggingConfiguration;
    expect(loggingOf('child')).toMatchObject({ Level: 'ERROR', IncludeExecutionData: true });
    expect(loggingOf('chatty')).toMatchObject({ Level: 'ALL', IncludeExecutionData: true });
  });

  it('alarms on the first failed execution', () => {
    const [, alarm] = onlyResource(template, 'AWS::CloudWatch::Alarm');
    expect(alarm.Properties).toMatchObject({ MetricName: 'ExecutionsFailed', Threshold: 1, EvaluationPeriods: 1, TreatMissingData: 'notBreaching' });
  });
});
