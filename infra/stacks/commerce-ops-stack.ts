import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { RouteSpec } from '../../shared/contracts/route';
import { NotificationRules } from '../constructs/notification-rules';
import { OperationalAlarms } from '../constructs/operational-alarms';
import { OpsHttpApi } from '../constructs/ops-http-api';
import { OpsUserPool } from '../constructs/ops-user-pool';
import { OutboxPublisher } from '../constructs/outbox-publisher';
import { StatefulResources } from '../constructs/stateful-resources';
import { grantRouteFunction } from './route-permissions';
import { readSettings } from './settings';
import { SupplierOnboardingWorkflow } from './supplier-onboarding-workflow';

export interface CommerceOpsStackProps extends StackProps {
  /** The API's route table (shared/contracts/routes.ts). */
  readonly routes: readonly RouteSpec[];
}

/**
 * The whole system in one stack, so the local cloud reads one template and no cross-stack exports
 * pin resources in place.
 */
export class CommerceOpsStack extends Stack {
  constructor(scope: Construct, id: string, props: CommerceOpsStackProps) {
    super(scope, id, props);
    const settings = readSettings(this);

    const stateful = new StatefulResources(this, 'Stateful', { alertEmail: settings.alertEmail });
    const { table } = stateful.table;
    const tableEnv = { TABLE_NAME: table.tableName };

    const outbox = new OutboxPublisher(this, 'Outbox', { table, bus: stateful.bus });

    const supplierOnboarding = new SupplierOnboardingWorkflow(this, 'SupplierOnboarding', {
      table,
      bus: stateful.bus,
      environment: {
        ...tableEnv,
        DECISION_WINDOW_HOURS: String(settings.decisionWindowHours),
        DECISION_REMINDER_HOURS: String(settings.decisionReminderHours),
      },
    });

    const users = new OpsUserPool(this, 'Users');
    const http = new OpsHttpApi(this, 'Http', {
      routes: props.routes,
      users,
      environment: { ...tableEnv, IDEMPOTENCY_TTL_HOURS: String(settings.idempotencyTtlHours) },
    });
    for (const [entry, fn] of http.functionsByEntry) {
      grantRouteFunction(fn, http.routesServedBy(entry), {
        table,
        supplierOnboarding: supplierOnboarding.workflow.stateMachine,
      });
    }

    const notifications = new NotificationRules(this, 'Notifications', {
      bus: stateful.bus,
      topics: stateful.topics,
      stateMachines: [supplierOnboarding.workflow.stateMachine],
    });

    new OperationalAlarms(this, 'Alarms', {
      topic: stateful.topics.opsAlerts,
      api: http.api,
      functions: [outbox.function, ...supplierOnboarding.taskFunctions, ...http.functionsByEntry.values()],
      deadLetterQueues: [
        outbox.deadLetterQueue,
        notifications.deadLetterQueue,
        supplierOnboarding.startDeadLetterQueue,
        ...(stateful.topics.subscriptionDeadLetterQueue ? [stateful.topics.subscriptionDeadLetterQueue] : []),
      ],
      stateMachines: [supplierOnboarding.workflow],
    });

    new CfnOutput(this, 'UserPoolId', { value: users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: users.client.userPoolClientId });
    new CfnOutput(this, 'EventBusName', { value: stateful.bus.eventBusName });
    new CfnOutput(this, 'TableName', { value: table.tableName });
  }
}
