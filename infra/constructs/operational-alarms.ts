import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { DeadLetterQueue } from './dead-letter-queue';
import type { OpsFunction } from './ops-function';
import type { OpsStateMachine } from './ops-state-machine';
import { constructIdForName } from './repo';

export interface OperationalAlarmsProps {
  /** Where every alarm (and its recovery) is announced: the `ops-alerts` topic. */
  readonly topic: sns.ITopic;
  readonly api?: apigw.IHttpApi;
  readonly functions?: readonly OpsFunction[];
  readonly deadLetterQueues?: readonly DeadLetterQueue[];
  readonly stateMachines?: readonly OpsStateMachine[];
  /** @default Duration.minutes(5) */
  readonly period?: Duration;
}

/**
 * "Something needs a human": failed workflow executions, any message in a dead-letter queue, API 5xx,
 * Lambda errors and throttles. Each alarm notifies ops-alerts when it fires and when it recovers.
 */
export class OperationalAlarms extends Construct {
  readonly alarms: cloudwatch.IAlarm[] = [];
  private readonly action: actions.SnsAction;
  private readonly period: Duration;

  constructor(scope: Construct, id: string, props: OperationalAlarmsProps) {
    super(scope, id);
    this.action = new actions.SnsAction(props.topic);
    this.period = props.period ?? Duration.minutes(5);

    for (const machine of props.stateMachines ?? []) this.notify(machine.failedExecutionsAlarm);

    for (const dlq of props.deadLetterQueues ?? []) {
      this.atLeastOne(
        `${constructIdForName(dlq.shortName)}NotEmpty`,
        `Messages are waiting in ${dlq.shortName}: inspect and redrive them`,
        dlq.queue.metricApproximateNumberOfMessagesVisible({ period: this.period, statistic: 'Maximum' }),
      );
    }

    if (props.api) {
      this.atLeastOne(
        'ApiServerErrors',
        'The HTTP API answered 5xx',
        props.api.metricServerError({ period: this.period, statistic: 'Sum' }),
      );
    }

    // One alarm per function on errors + throttles: half the alarms of one each, which keeps the single
    // stack under CloudFormation's 500 resources; the alarm's metrics still say which of the two it was.
    for (const fn of props.functions ?? []) {
      this.atLeastOne(
        `${constructIdForName(fn.shortName)}ErrorsOrThrottles`,
        `${fn.shortName} threw errors or was throttled`,
        new cloudwatch.MathExpression({
          expression: 'errors + throttles',
          usingMetrics: {
            errors: fn.function.metricErrors({ period: this.period, statistic: 'Sum' }),
            throttles: fn.function.metricThrottles({ period: this.period, statistic: 'Sum' }),
          },
          period: this.period,
          label: `${fn.shortName} errors + throttles`,
        }),
      );
    }
  }

  private atLeastOne(id: string, description: string, metric: cloudwatch.IMetric): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.notify(alarm);
  }

  private notify(alarm: cloudwatch.Alarm): void {
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
  }
}
