import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { acknowledgeNag } from '../constructs/nag';
import type { Construct } from 'constructs';
import type { RouteSpec } from '../../shared/contracts/route';
import { serviceRoutes } from '../../shared/contracts/service';
import { NotificationRules } from '../constructs/notification-rules';
import { EventStartedWorkflow } from '../constructs/event-started-workflow';
import { OperationalAlarms } from '../constructs/operational-alarms';
import { OpsHttpApi } from '../constructs/ops-http-api';
import { assertUniqueRoutes, OpsHttpRoutes } from '../constructs/ops-http-routes';
import { constructIdForName } from '../constructs/repo';
import { OpsUserPool } from '../constructs/ops-user-pool';
import { OutboxPublisher } from '../constructs/outbox-publisher';
import { EventConsumer } from '../constructs/event-consumer';
import { ScheduledFunction } from '../constructs/scheduled-function';
import { StatefulResources } from '../constructs/stateful-resources';
import { CONTEXTS, ContextStack, contextOfEntry, type ContextName } from './context-stack';
import { grantRouteFunction } from './route-permissions';
import { readSettings } from './settings';
import { inventoryJobs } from './inventory-jobs';
import { analyticsJobs } from './analytics-jobs';
import { supplierOnboardingDefinition, supplierOnboardingTaskEntries } from '../../workflows/supplier-onboarding/definition';
import { productListingDefinition, productListingTaskEntries } from '../../workflows/product-listing/definition';
import { orderFulfilmentDefinition, orderFulfilmentTaskEntries } from '../../workflows/order-fulfilment/definition';
import { orderShippingDefinition } from '../../workflows/order-fulfilment/shipping';
import { restockDefinition, restockTaskEntries } from '../../workflows/restock/definition';
import { returnLifecycleDefinition, returnLifecycleTaskEntries } from '../../workflows/return-lifecycle/definition';
import { groupBuyDefinition, groupBuyTaskEntries } from '../../workflows/group-buy/definition';

export interface CommerceOpsStackProps extends StackProps {
  /** The API's route table (shared/contracts/routes.ts). */
  readonly routes: readonly RouteSpec[];
}

/**
 * The system as one deployable stack: the shared, stateful part here (table, bus, topics, secrets, user
 * pool, the HTTP API and its stage, the outbox publisher, notification rules) and one nested stack per
 * context (ContextStack) for its routes, workflows and schedules. Nested stacks receive what they use as
 * parameters, never exports, so nothing is pinned in place; the local cloud reads them as one template.
 */
export class CommerceOpsStack extends Stack {
  private readonly contexts = new Map<ContextName, ContextStack>();

  constructor(scope: Construct, id: string, props: CommerceOpsStackProps) {
    super(scope, id, props);
    const settings = readSettings(this);

    const stateful = new StatefulResources(this, 'Stateful', { alertEmail: settings.alertEmail, agentAlertEmails: settings.agentAlertEmails });
    const { table } = stateful.table;
    const tableEnv = { TABLE_NAME: table.tableName };

    // Orders carry their events on the order item (docs/data-model.md); every other item writes OUTBOX# rows. The
    // relay also projects an order's listing and parcel-due entry: the stream has two readers, its most (AWS's advice).
    const outbox = new OutboxPublisher(this, 'Outbox', { table, bus: stateful.bus, eventCarryingEntities: ['Order'] });
    outbox.function.grantTableReadWrite(table);

    const listingEnv = {
      REVIEW_WINDOW_HOURS: String(settings.reviewWindowHours),
      REVIEW_REMINDER_HOURS: String(settings.reviewReminderHours),
      LISTING_QUALITY_THRESHOLD: String(settings.listingQualityThreshold),
      LISTING_AUTO_APPROVE_THRESHOLD: String(settings.listingAutoApproveThreshold),
      MAX_UNREVIEWED_PRICE_DROP_PERCENT: String(settings.maxUnreviewedPriceDropPercent),
      DEFAULT_SAFETY_STOCK: String(settings.defaultSafetyStock),
      ...(settings.bannedListingWords ? { BANNED_LISTING_WORDS: settings.bannedListingWords } : {}),
    };

    const supplierOnboarding = new EventStartedWorkflow(this.contextStack('suppliers'), 'SupplierOnboarding', {
      shortName: 'supplier-onboarding',
      comment: 'Supplier onboarding: screening, scoring, operator decision, approval',
      taskEntries: supplierOnboardingTaskEntries,
      definition: supplierOnboardingDefinition,
      table,
      bus: stateful.bus,
      environment: {
        ...tableEnv,
        DECISION_WINDOW_HOURS: String(settings.decisionWindowHours),
        DECISION_REMINDER_HOURS: String(settings.decisionReminderHours),
      },
      startOn: { source: 'commerce.suppliers', detailType: 'SupplierApplicationSubmitted' },
      input: { applicationId: '$.detail.applicationId', correlationId: '$.detail.correlationId' },
      resumesOwnToken: ['requestDecision'],
    });

    const productListing = new EventStartedWorkflow(this.contextStack('catalog'), 'ProductListing', {
      shortName: 'product-listing',
      comment: 'Product listing: content checks, operator review, publication with stock records',
      taskEntries: productListingTaskEntries,
      definition: productListingDefinition,
      table,
      bus: stateful.bus,
      environment: { ...tableEnv, ...listingEnv },
      startOn: { source: 'commerce.catalog', detailType: 'ProductSubmittedForReview' },
      input: { productId: '$.detail.productId', revision: '$.detail.revision', correlationId: '$.detail.correlationId' },
      resumesOwnToken: ['requestReview'],
    });
    const orderEnv = {
      PAYMENT_PROVIDER: 'sandbox',
      CARRIER_PROVIDER: 'sandbox',
    };
    const orderFulfilment = new EventStartedWorkflow(this.contextStack('orders'), 'OrderFulfilment', {
      shortName: 'order-fulfilment',
      comment: 'An accepted order to a shipped parcel: wait for the warehouse to pack, ship — with compensation',
      taskEntries: orderFulfilmentTaskEntries,
      definition: orderFulfilmentDefinition({ deadline: wholeSeconds(settings.packingDeadlineHours), grace: wholeSeconds(settings.packingGraceHours) }),
      expressChildren: {
        shipping: { shortName: 'order-shipping', comment: 'An order packed to shipped: book the shipment, capture the payment, mark it shipped', definition: orderShippingDefinition },
      },
      table,
      bus: stateful.bus,
      environment: { ...tableEnv, ...orderEnv },
      startOn: { source: 'commerce.orders', detailType: 'OrderPlaced' },
      input: { orderId: '$.detail.orderId', correlationId: '$.detail.correlationId' },
      resumesOwnToken: ['requestPacking'],
    });
    const restock = new EventStartedWorkflow(this.contextStack('inventory'), 'Restock', {
      shortName: 'restock',
      comment: 'Restock of a low SKU: quantity, supplier, purchase order, approval, goods receipt with QC, close',
      taskEntries: restockTaskEntries,
      definition: restockDefinition,
      table,
      bus: stateful.bus,
      environment: {
        ...tableEnv,
        PO_AUTO_APPROVAL_LIMIT: String(settings.poAutoApprovalLimit),
        PO_APPROVAL_WINDOW_HOURS: String(settings.poApprovalWindowHours),
        PO_APPROVAL_REMINDER_HOURS: String(settings.poApprovalReminderHours),
      },
      startOn: { source: 'commerce.inventory', detailType: 'RestockRequested' },
      input: { sku: '$.detail.sku', correlationId: '$.detail.correlationId' },
      resumesOwnToken: ['requestApproval', 'requestGoodsReceipt'],
    });
    // A return's waits: for an operator (reminded, expired when nobody decides), for its parcel (expired after N days).
    const returnLifecycle = new EventStartedWorkflow(this.contextStack('returns'), 'ReturnLifecycle', {
      shortName: 'return-lifecycle',
      comment: 'A return from its request: the operator decision (reminder, expiry) and the parcel (expiry after N days)',
      taskEntries: returnLifecycleTaskEntries,
      definition: returnLifecycleDefinition,
      table,
      bus: stateful.bus,
      environment: { ...tableEnv, RETURN_APPROVAL_REMINDER_HOURS: '24', RETURN_PARCEL_DAYS: '14', RETURN_PARCEL_TRANSIT_DAYS: '14' },
      startOn: { source: 'commerce.returns', detailType: 'ReturnRequested' },
      input: { returnId: '$.detail.returnId', correlationId: '$.detail.correlationId' },
      resumesOwnToken: ['requestWait'],
    });
    // The quality loop (docs/returns.md): too many incidents put a SKU on quality hold, a supplier on probation review.
    const qualityEnv = { ...tableEnv, QUALITY_HOLD_INCIDENTS: '3', QUALITY_HOLD_WINDOW_DAYS: '30', SUPPLIER_REVIEW_INCIDENTS: '10' };
    for (const [id, entry, source, detailType, what] of [
      ['ReturnQualityWatch', 'watch-quality-incidents', 'commerce.returns', 'ReturnQualityIncidentRecorded', 'a return for a defect'],
      ['LotQualityWatch', 'watch-lot-quality', 'commerce.inventory', 'LotRejected', 'a lot rejected by QC'],
    ] as const) {
      const description = `Quality hold of a SKU and probation review of its supplier, on ${what}`;
      new EventConsumer(this.contextStack('returns'), id, { entry: `functions/returns/${entry}.ts`, description, bus: stateful.bus, on: { source, detailType }, table, environment: qualityEnv });
    }
    // 团购: one execution per group waits for it to fill by its deadline; its members' orders wait in their own.
    const groupBuy = new EventStartedWorkflow(this.contextStack('promotions'), 'GroupBuy', {
      shortName: 'group-buy',
      comment: 'A group buy: wait for the group to fill by its deadline, then release its orders to the warehouse, or cancel them',
      taskEntries: groupBuyTaskEntries,
      definition: groupBuyDefinition,
      table,
      bus: stateful.bus,
      environment: tableEnv,
      startOn: { source: 'commerce.promotions', detailType: 'GroupStarted' },
      input: { groupId: '$.detail.groupId', promotionId: '$.detail.promotionId', correlationId: '$.detail.correlationId', timeLimitSeconds: '$.detail.timeLimitSeconds' },
      resumesOwnToken: ['requestGroupWait'],
    });
    // Releasing a member order beats its packing wait's heartbeat; cancelling one fails that wait.
    for (const fn of groupBuy.taskFunctions) if ([groupBuyTaskEntries.releaseMemberOrders, groupBuyTaskEntries.cancelMemberOrders].includes(fn.entry as never)) fn.grantTaskResponse(orderFulfilment.workflow.stateMachine);
    const groupFilled = new EventConsumer(this.contextStack('promotions'), 'GroupWaitResumed', {
      entry: 'functions/promotions/resume-group-wait.ts',
      description: "Resumes a group's workflow when the group fills",
      bus: stateful.bus,
      on: { source: 'commerce.promotions', detailType: 'GroupFilled' },
      table,
      environment: tableEnv,
    });
    groupFilled.function.grantTaskResponse(groupBuy.workflow.stateMachine);
    const workflows = [supplierOnboarding, productListing, orderFulfilment, restock, returnLifecycle, groupBuy];
    new ScheduledFunction(this.contextStack('orders'), 'OrderSweeper', {
      entry: 'functions/orders/sweep-orders.ts',
      scheduleName: 'order-sweeper',
      description: 'Order sweeper: finishes NEEDS_ATTENTION orders, parks stalled ones, alerts overdue parcels',
      schedule: events.Schedule.rate(Duration.minutes(5)),
      table,
      environment: { ...tableEnv, ...orderEnv, ORDER_STALE_AFTER_MINUTES: String(settings.orderStaleAfterMinutes) },
    });
    inventoryJobs(this.contextStack('inventory'), table);
    // Customer service (docs/service.md): the SLA sweeper reads only the due moments, every minute.
    const serviceEnv = { TICKET_AUTO_CLOSE_DAYS: String(settings.ticketAutoCloseDays) };
    new ScheduledFunction(this.contextStack('service'), 'TicketSlaSweeper', {
      entry: 'functions/service/sweep-tickets.ts',
      scheduleName: 'ticket-sla-sweeper',
      description: 'SLA sweeper: warns at 80 %, alerts breaches (escalating urgent tickets), auto-closes resolved tickets',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      table,
      environment: { ...tableEnv, ...serviceEnv },
    });
    // The sales history the reorder policy and the ABC classes read: what shipped, per SKU and day.
    new EventConsumer(this.contextStack('inventory'), 'SalesRecorder', {
      entry: 'functions/inventory/record-sales.ts',
      description: 'Counts what shipped per SKU and day (the sales history)',
      bus: stateful.bus,
      on: { source: 'commerce.orders', detailType: 'OrderShipped' },
      table,
      environment: tableEnv,
    });
    // An archived product's SKUs are never bought again: their suppliers' offers end (kept as history).
    new EventConsumer(this.contextStack('inventory'), 'ArchivedSkuOffersEnder', {
      entry: 'functions/inventory/end-archived-sku-offers.ts',
      description: "Ends the supplier offers of an archived product's SKUs (kept, excluded from the restock's choice)",
      bus: stateful.bus,
      on: { source: 'commerce.catalog', detailType: 'ProductArchived' },
      table,
      environment: tableEnv,
    });
    // An order that did not go through gives back what it used of its promotions' budgets, limits and coupons.
    new EventConsumer(this.contextStack('promotions'), 'PromotionUsesGivenBack', {
      entry: 'functions/promotions/give-back-promotions.ts',
      description: 'Gives back the promotion uses of an order that was rejected, cancelled or failed',
      bus: stateful.bus,
      // OrderAttentionResolved: the sweeper ended an order (a checkout that died, a compensation that gave up).
      on: { source: 'commerce.orders', detailType: ['OrderRejected', 'OrderCancelled', 'OrderFailed', 'OrderAttentionResolved'] },
      table,
      environment: tableEnv,
    });
    new ScheduledFunction(this.contextStack('promotions'), 'PromotionSchedule', {
      entry: 'functions/promotions/run-promotion-schedule.ts',
      scheduleName: 'promotion-schedule',
      description: 'Promotion schedule: launches promotions that started, reminds before their end, ends those over',
      schedule: events.Schedule.rate(Duration.minutes(5)),
      table,
      environment: tableEnv,
    });
    new ScheduledFunction(this.contextStack('suppliers'), 'SupplierScorecard', {
      entry: 'functions/suppliers/score-suppliers-weekly.ts',
      scheduleName: 'supplier-scorecard',
      description: "Weekly supplier scorecard: scores last week's purchase orders per supplier and moves its standing",
      schedule: events.Schedule.cron({ weekDay: 'MON', hour: '2', minute: '0' }),
      table,
      environment: tableEnv,
      // A key query per supplier and a transaction per supplier scored: thousands of suppliers take a minute or two.
      timeout: Duration.minutes(5),
    });
    // A suspended supplier's listings are flagged (and unflagged when it is lifted).
    new EventConsumer(this.contextStack('catalog'), 'SupplierListingFlags', {
      entry: 'functions/catalog/flag-supplier-listings.ts',
      description: "Flags a suspended supplier's listings, clears the flag when it is lifted",
      bus: stateful.bus,
      on: { source: 'commerce.suppliers', detailType: 'SupplierStandingChanged' },
      table,
      environment: tableEnv,
    });
    new ScheduledFunction(this.contextStack('inventory'), 'ReorderPolicy', {
      entry: 'functions/inventory/recompute-reorder-policy.ts',
      scheduleName: 'reorder-policy',
      description: 'Nightly reorder policy: one ReorderPolicyRequested per live supplier (the fan-out), or the SKUs asked for',
      schedule: events.Schedule.cron({ hour: '1', minute: '0' }),
      table,
      environment: tableEnv,
      timeout: Duration.minutes(15),
    });
    // The fan-out's unit of work: one supplier's SKUs per invocation, the suppliers side by side.
    new EventConsumer(this.contextStack('inventory'), 'SupplierReorderPolicy', {
      entry: 'functions/inventory/recompute-supplier-reorder-policy.ts',
      description: "Reorder policy of one supplier's SKUs: forecast, lead time, safety stock, reorder point and quantity",
      bus: stateful.bus,
      on: { source: 'commerce.inventory', detailType: 'ReorderPolicyRequested' },
      table,
      environment: tableEnv,
      timeout: Duration.minutes(15),
    });
    const analytics = analyticsJobs(this.contextStack('analytics'), table, stateful.bus, stateful.topics.opsAlerts, settings);
    const analyticsEnv = analytics.storeEnv;

    // Signs pagination tokens, so a caller can neither forge nor edit one (docs/api.md, "Pagination").
    const paginationSecret = settings.paginationSecret ?? this.generatedPaginationSecret();
    const carrierWebhookSecrets = settings.carrierWebhookSecrets ?? this.carrierWebhookSecrets();

    const users = new OpsUserPool(this, 'Users');
    const http = new OpsHttpApi(this, 'Http', { users });
    assertUniqueRoutes(props.routes);
    const routeResources = {
      table,
      supplierOnboarding: supplierOnboarding.workflow.stateMachine,
      productListing: productListing.workflow.stateMachine,
      orderFulfilment: orderFulfilment.workflow.stateMachine,
      restock: restock.workflow.stateMachine,
      returnLifecycle: returnLifecycle.workflow.stateMachine,
      storefrontEvents: analytics.storefrontEvents,
    };
    // Each context serves its own routes (a route's context is its handler's folder), attached to the one API.
    for (const context of CONTEXTS) {
      const routes = props.routes.filter((route) => contextOfEntry(route.handlerEntry) === context);
      if (routes.length === 0) continue;
      const served = new OpsHttpRoutes(this.contextStack(context), 'Http', {
        api: http,
        routes,
        environment: { ...tableEnv, ...listingEnv, IDEMPOTENCY_TTL_HOURS: String(settings.idempotencyTtlHours), PAGINATION_SECRET: paginationSecret },
        routeEnvironment: {
          receiveCarrierWebhook: { CARRIER_WEBHOOK_SECRETS: carrierWebhookSecrets },
          submitSupplierApplication: { REAPPLY_COOLDOWN_DAYS: String(settings.reapplyCooldownDays) },
          recordEvents: { STOREFRONT_EVENTS_QUEUE_URL: analytics.storefrontEvents.queue.queueUrl },
          getKpis: analyticsEnv,
          listInsights: analyticsEnv,
          ...Object.fromEntries(Object.values(serviceRoutes).map((route) => [route.operationId, serviceEnv])),
        },
      });
      for (const [entry, fn] of served.functionsByEntry) grantRouteFunction(fn, served.routesServedBy(entry), routeResources);
    }

    const notifications = new NotificationRules(this, 'Notifications', {
      bus: stateful.bus,
      topics: stateful.topics,
      stateMachines: workflows.map(({ workflow }) => workflow.stateMachine),
    });

    for (const context of this.contexts.values()) context.addAlarms(stateful.topics.opsAlerts);
    // Each context's alarms sit in its stack; these are the shared part's.
    new OperationalAlarms(this, 'Alarms', {
      topic: stateful.topics.opsAlerts,
      api: http.api,
      functions: [outbox.function],
      deadLetterQueues: [
        outbox.deadLetterQueue,
        notifications.deadLetterQueue,
        ...(stateful.topics.subscriptionDeadLetterQueue ? [stateful.topics.subscriptionDeadLetterQueue] : []),
      ],
    });

    new CfnOutput(this, 'UserPoolId', { value: users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: users.client.userPoolClientId });
    new CfnOutput(this, 'EventBusName', { value: stateful.bus.eventBusName });
    new CfnOutput(this, 'TableName', { value: table.tableName });
  }

  /** The nested stack of `context`, declared on first use (a context with nothing to deploy has none). */
  private contextStack(context: ContextName): ContextStack {
    let stack = this.contexts.get(context);
    if (!stack) {
      stack = new ContextStack(this, constructIdForName(context), { context });
      this.contexts.set(context, stack);
    }
    return stack;
  }

  /**
   * Each carrier's signing secret, kept in Secrets Manager (a JSON map ops fill per carrier); the webhook
   * function gets it through a dynamic reference resolved at deploy.
   */
  private carrierWebhookSecrets(): string {
    const secret = new Secret(this, 'CarrierWebhookSecrets', {
      description: 'Carrier webhook signing secrets: {"<carrierId>": "<secret>"}; redeploy after a change',
      generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'unused', excludePunctuation: true },
    });
    acknowledgeNag(secret, 'SMG4', 'Each carrier rotates its secret with us by hand (a new value agreed with the carrier, then a redeploy).');
    return secret.secretValue.unsafeUnwrap();
  }

  /** A random key per deployment; the functions get it through a `{{resolve:secretsmanager:…}}` reference. */
  private generatedPaginationSecret(): string {
    const secret = new Secret(this, 'PaginationSecret', {
      description: 'Signs list pagination tokens (HMAC-SHA256); rotating it only invalidates tokens in flight',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    acknowledgeNag(secret, 'SMG4', 'A pagination signing key: rotate by redeploying with a new secret; tokens live minutes, nothing else depends on it.');
    return secret.secretValue.unsafeUnwrap();
  }
}

/** Step Functions waits in whole seconds, at least 1 (a demo may set a fraction of an hour). */
const wholeSeconds = (hours: number): Duration => Duration.seconds(Math.max(1, Math.round(hours * 3600)));
