import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue';
import type { NotificationTopics } from './notification-topics';
import { constructIdForName, setMetadataName } from './repo';
import { SERVICE_ALERT_TYPES, SERVICE_CUSTOMER_TYPES, SERVICE_EVENT_SOURCE } from '../../shared/domain/service/events';
import { RETURN_CUSTOMER_EVENTS, RETURN_OPS_EVENTS } from '../../shared/domain/returns/events';

/** Which domain events tell which audience. Extend this table as contexts grow. */
export interface NotificationRoute {
  /** Rule short name, e.g. `supplier-ops-alerts`. */
  readonly name: string;
  readonly source: string;
  readonly detailTypes: readonly string[];
  /** Only events whose detail matches too (an EventBridge detail pattern), e.g. `{ alert: [true] }`. */
  readonly detail?: Readonly<Record<string, readonly unknown[]>>;
  readonly audience: 'opsAlerts' | 'customerNotifications';
}

export const NOTIFICATION_ROUTES: readonly NotificationRoute[] = [
  {
    name: 'supplier-ops-alerts',
    source: 'commerce.suppliers',
    detailTypes: [
      'SupplierApplicationAwaitingDecision',
      'SupplierDecisionReminderDue',
      'SupplierApplicationExpired',
      'SupplierOnboardingFailed',
      // Quality incidents across its SKUs put it on PROBATION for review (shared/domain/suppliers/quality-review.ts).
      'SupplierProbationReviewOpened',
    ],
    audience: 'opsAlerts',
  },
  {
    // Every standing change is on the bus; the ones into PROBATION or SUSPENDED (`alert: true`) page ops.
    name: 'supplier-standing-alerts',
    source: 'commerce.suppliers',
    detailTypes: ['SupplierStandingChanged'],
    detail: { alert: [true] },
    audience: 'opsAlerts',
  },
  {
    name: 'supplier-customer-notifications',
    source: 'commerce.suppliers',
    detailTypes: ['SupplierApproved', 'SupplierRejected', 'SupplierApplicationExpired'],
    audience: 'customerNotifications',
  },
  {
    name: 'catalog-ops-alerts',
    source: 'commerce.catalog',
    detailTypes: ['ProductReviewRequested', 'ProductReviewReminderDue', 'ProductReviewExpired', 'ProductListingFailed'],
    audience: 'opsAlerts',
  },
  {
    // Suppliers hear what became of their listings (findings included).
    name: 'catalog-supplier-notifications',
    source: 'commerce.catalog',
    detailTypes: ['ProductChangesRequested', 'ProductRejected', 'ProductListed', 'PriceChanged', 'ProductArchived'],
    audience: 'customerNotifications',
  },
  {
    name: 'orders-ops-alerts',
    source: 'commerce.orders',
    detailTypes: ['ShipmentException', 'PackingOverdue', 'DeliveryOverdue', 'OrderFailed', 'OrderNeedsAttention', 'OrderAttentionResolved'],
    audience: 'opsAlerts',
  },
  {
    // The alert job's one consolidated message per run; single StockLow events stay on the bus for consumers.
    name: 'inventory-ops-alerts',
    source: 'commerce.inventory',
    detailTypes: ['LowStockAlert', 'RecountRequested', 'SkuQualityHoldPlaced', 'SkuQualityHoldReleased'],
    audience: 'opsAlerts',
  },
  {
    // A campaign's budget at 80 % (a heads-up) and at 100 % (it stopped applying).
    name: 'promotions-ops-alerts',
    source: 'commerce.promotions',
    detailTypes: ['PromotionBudgetLow', 'PromotionBudgetExhausted'],
    audience: 'opsAlerts',
  },
  {
    // Customers hear of a promotion when it starts and before it ends (the detail names its audience).
    name: 'promotions-customer-notifications',
    source: 'commerce.promotions',
    detailTypes: ['PromotionLaunched', 'PromotionEndingSoon'],
    audience: 'customerNotifications',
  },
  {
    // 团购: a group's members hear that it filled (their orders go on) or expired (each order's OrderCancelled follows).
    name: 'group-buy-customer-notifications',
    source: 'commerce.promotions',
    detailTypes: ['GroupFilled', 'GroupExpired'],
    audience: 'customerNotifications',
  },
  {
    name: 'orders-customer-notifications',
    source: 'commerce.orders',
    detailTypes: ['OrderPlaced', 'OrderRejected', 'OrderCancelled', 'OrderShipped', 'OrderInTransit', 'OrderOutForDelivery', 'OrderDelivered', 'ShipmentException'],
    audience: 'customerNotifications',
  },
  {
    name: 'restock-ops-alerts',
    source: 'commerce.inventory',
    detailTypes: [
      'PurchaseOrderAwaitingApproval',
      'PurchaseOrderApprovalReminderDue',
      'PurchaseOrderCancelled',
      'PurchaseOrderOverdue',
      'LotRejected',
      'RestockNotPossible',
      'RestockFailed',
    ],
    audience: 'opsAlerts',
  },
  {
    // A KPI out of its 28-day band, and the nightly digest of the day's insights.
    name: 'analytics-ops-alerts',
    source: 'commerce.analytics',
    detailTypes: ['KpiAnomaly', 'InsightsDigest'],
    audience: 'opsAlerts',
  },
  {
    name: 'returns-customer-notifications',
    source: 'commerce.returns',
    detailTypes: RETURN_CUSTOMER_EVENTS,
    audience: 'customerNotifications',
  },
  {
    name: 'returns-ops-alerts',
    source: 'commerce.returns',
    detailTypes: RETURN_OPS_EVENTS,
    audience: 'opsAlerts',
  },
  {
    // The supplier hears of its order the way suppliers hear of their applications and listings.
    name: 'restock-supplier-notifications',
    source: 'commerce.inventory',
    detailTypes: ['PurchaseOrderSent'],
    audience: 'customerNotifications',
  },
  {
    // SLA warnings (80 %), breaches (100 %) and urgent escalations; `notify` names the assigned agent.
    name: 'service-ops-alerts',
    source: SERVICE_EVENT_SOURCE,
    detailTypes: SERVICE_ALERT_TYPES,
    audience: 'opsAlerts',
  },
  {
    name: 'service-customer-notifications',
    source: SERVICE_EVENT_SOURCE,
    detailTypes: SERVICE_CUSTOMER_TYPES,
    audience: 'customerNotifications',
  },
];

/** Execution statuses that need a human. */
export const WORKFLOW_ALERT_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;

export interface NotificationRulesProps {
  readonly bus: events.IEventBus;
  readonly topics: NotificationTopics;
  /** Workflows whose failed/timed-out/aborted executions alert operators. @default - none */
  readonly stateMachines?: readonly sfn.IStateMachine[];
  /** @default NOTIFICATION_ROUTES */
  readonly routes?: readonly NotificationRoute[];
  /** @default 4 */
  readonly retryAttempts?: number;
}

/**
 * EventBridge → SNS. Every message is the same readable JSON:
 * `{"type": <detail-type>, "summary": <one sentence>, "detail": {...}}`. Undeliverable events land in
 * one dead-letter queue (alarmed).
 */
export class NotificationRules extends Construct {
  readonly deadLetterQueue: DeadLetterQueue;
  readonly rules: events.Rule[] = [];

  constructor(scope: Construct, id: string, props: NotificationRulesProps) {
    super(scope, id);
    this.deadLetterQueue = new DeadLetterQueue(this, 'DeadLetters', { shortName: 'notification-delivery-dlq' });

    const domainEventMessage = events.RuleTargetInput.fromObject({
      type: events.EventField.detailType,
      summary: events.EventField.fromPath('$.detail.summary'),
      detail: events.EventField.fromPath('$.detail'),
    });
    for (const route of props.routes ?? NOTIFICATION_ROUTES) {
      this.addRule(route.name, props.topics[route.audience], domainEventMessage, props, {
        eventBus: props.bus,
        eventPattern: { source: [route.source], detailType: [...route.detailTypes], ...(route.detail ? { detail: route.detail } : {}) },
      });
    }

    const machineArns = (props.stateMachines ?? []).map((machine) => machine.stateMachineArn);
    if (machineArns.length > 0) {
      // Step Functions reports status changes on the account's default bus, not on ours.
      this.addRule('workflow-failure-alerts', props.topics.opsAlerts, workflowFailureMessage(), props, {
        eventPattern: {
          source: ['aws.states'],
          detailType: ['Step Functions Execution Status Change'],
          detail: { status: [...WORKFLOW_ALERT_STATUSES], stateMachineArn: machineArns },
        },
      });
    }
  }

  private addRule(
    name: string,
    topic: sns.ITopic,
    message: events.RuleTargetInput,
    props: NotificationRulesProps,
    ruleProps: events.RuleProps,
  ): void {
    const rule = new events.Rule(this, constructIdForName(name), { description: `Notification rule ${name}`, ...ruleProps });
    rule.addTarget(
      new targets.SnsTopic(topic, {
        message,
        deadLetterQueue: this.deadLetterQueue.queue,
        retryAttempts: props.retryAttempts ?? 4,
        maxEventAge: Duration.hours(2),
      }),
    );
    setMetadataName(rule.node.defaultChild as events.CfnRule, name);
    this.rules.push(rule);
  }
}

const workflowFailureMessage = (): events.RuleTargetInput =>
  events.RuleTargetInput.fromObject({
    type: events.EventField.detailType,
    summary: `Workflow execution ${events.EventField.fromPath('$.detail.name')} ended ${events.EventField.fromPath('$.detail.status')}`,
    detail: {
      executionArn: events.EventField.fromPath('$.detail.executionArn'),
      stateMachineArn: events.EventField.fromPath('$.detail.stateMachineArn'),
      status: events.EventField.fromPath('$.detail.status'),
      error: events.EventField.fromPath('$.detail.error'),
      cause: events.EventField.fromPath('$.detail.cause'),
      // What the execution was started for (`{"orderId":…}`): the one field that names the order or application.
      input: events.EventField.fromPath('$.detail.input'),
    },
  });
