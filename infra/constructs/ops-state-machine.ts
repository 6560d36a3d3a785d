import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledgeNag, acknowledgeXrayWildcard, arnWildcardFinding } from './nag';
import { setMetadataName } from './repo';

export interface OpsStateMachineProps {
  /** Stable short name, e.g. `supplier-onboarding`. */
  readonly shortName: string;
  readonly definition: sfn.IChainable;
  /**
   * STANDARD for a long-lived process (exactly once, durable waits, billed per state transition); EXPRESS
   * for a synchronous stretch a Standard workflow runs as a child (at least once, at most 5 minutes,
   * billed per request and duration). @default 'STANDARD'
   */
  readonly type?: 'STANDARD' | 'EXPRESS';
  /** Upper bound for one execution. @default Duration.days(30) for STANDARD, Duration.minutes(5) for EXPRESS */
  readonly timeout?: Duration;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** @default - none */
  readonly comment?: string;
  /**
   * What goes to the log group. A Standard execution's history, inputs and outputs included, is kept by the
   * service for 90 days (console, GetExecutionHistory), so its log carries every event without the data; an
   * Express execution keeps no history, and its parent's history already holds each child's input and output,
   * so it logs its failures, with their data.
   * @default { level: ALL, includeExecutionData: false } for STANDARD, { level: ERROR, includeExecutionData: true } for EXPRESS
   */
  readonly logging?: { readonly level: sfn.LogLevel; readonly includeExecutionData: boolean };
}

/**
 * A workflow — Standard (long-lived, exactly-once) by default, or Express for a child's synchronous
 * stretch — with execution logging (every event of a Standard execution, an Express child's failures), X-Ray tracing and an alarm that fires on any failed execution
 * (wired to an action by OperationalAlarms).
 */
export class OpsStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;
  readonly failedExecutionsAlarm: cloudwatch.Alarm;
  readonly shortName: string;

  constructor(scope: Construct, id: string, props: OpsStateMachineProps) {
    super(scope, id);
    this.shortName = props.shortName;
    const express = props.type === 'EXPRESS';
    const logging =
      props.logging ?? (express ? { level: sfn.LogLevel.ERROR, includeExecutionData: true } : { level: sfn.LogLevel.ALL, includeExecutionData: false });

    // The `/aws/vendedlogs/` prefix keeps CloudWatch's log resource policy from growing per machine.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/commerce-ops-${props.shortName}-${this.node.addr.slice(0, 8)}`,
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: express ? sfn.StateMachineType.EXPRESS : sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(props.definition),
      timeout: props.timeout ?? (express ? Duration.minutes(5) : Duration.days(30)),
      tracingEnabled: true,
      logs: { destination: this.logGroup, ...logging },
      comment: props.comment,
    });
    setMetadataName(this.stateMachine.node.defaultChild as sfn.CfnStateMachine, props.shortName);
    if (logging.level !== sfn.LogLevel.ALL) {
      const why = express ? "the parent's execution history holds each run's input and output" : 'the caller chose it (logging)';
      acknowledgeNag(this.stateMachine, 'SF1', `Logs ${logging.level} only: ${why}.`);
    }

    this.failedExecutionsAlarm = new cloudwatch.Alarm(this, 'ExecutionsFailed', {
      alarmDescription: `A ${props.shortName} execution failed (timeouts and aborts reach ops-alerts through the status-change rule)`,
      metric: this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    acknowledgeXrayWildcard(
      this.stateMachine.role,
      'Log delivery (logs:CreateLogDelivery, logs:DescribeResourcePolicies…) is account-wide by CloudWatch design.',
    );
  }

  /**
   * Lambda tasks are granted `<function ARN>:*` so any version/alias may be invoked; that is still
   * scoped to the functions this workflow owns.
   */
  acknowledgeTaskFunctionVersions(functions: readonly lambda.IFunction[]): void {
    for (const fn of new Set(functions)) {
      const cfnFunction = fn.node.defaultChild as lambda.CfnFunction;
      acknowledgeNag(
        this.stateMachine.role,
        arnWildcardFinding(cfnFunction, ':*'),
        `Invoke permission on versions/aliases of the ${this.shortName} task function it orchestrates.`,
      );
    }
  }
}
