import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { EventConsumer } from '../constructs/event-consumer';
import { QueueConsumer } from '../constructs/queue-consumer';
import { ScheduledFunction } from '../constructs/scheduled-function';
import type { ContextStack } from './context-stack';
import type { CommerceOpsSettings } from './settings';
import { hourAfterMidnightUtc } from './store-time';

export interface AnalyticsJobs {
  /** The store settings its routes share (time zone, churn, shards). */
  readonly storeEnv: Readonly<Record<string, string>>;
  /** The queue `POST /events` hands its batches to, and their counting function. */
  readonly storefrontEvents: QueueConsumer;
}

/**
 * Analytics (docs/analytics.md), in its context's stack: storefront events counted from their queue, the order
 * events counted per store day, and the nightly KPI job just after the store's midnight.
 */
export function analyticsJobs(analytics: ContextStack, table: dynamodb.Table, bus: events.IEventBus, alarmTopic: sns.ITopic, settings: Pick<CommerceOpsSettings, 'storeTimeZone' | 'churnDays'>): AnalyticsJobs {
  const timeZone = settings.storeTimeZone;
  // COUNTER_SHARDS: the counting function writes the shards the nightly job reads.
  const storeEnv = { STORE_TIME_ZONE: timeZone, CHURN_DAYS: String(settings.churnDays), COUNTER_SHARDS: '8' };
  const environment = { TABLE_NAME: table.tableName, ...storeEnv };
  // POST /events checks a batch and queues it; this counts the queued batches of many storefronts together, so a
  // counter item is written once per batch of batches whatever size the storefronts send (docs/analytics.md, "Cost").
  const storefrontEvents = new QueueConsumer(analytics, 'StorefrontEvents', {
    entry: 'functions/analytics/count-storefront-events.ts',
    description: 'Counts queued storefront events exactly once: sessions (holding their event ids), visitors and the day counters, many batches a transaction',
    queueName: 'storefront-events',
    table,
    environment: storeEnv,
    alarmTopic,
  });
  new EventConsumer(analytics, 'OrderAnalytics', {
    entry: 'functions/analytics/record-order-events.ts',
    description: 'Counts placed, cancelled and shipped orders per store day: sales, SKUs, regions, new and returning customers, churn',
    bus,
    on: { source: 'commerce.orders', detailType: ['OrderPlaced', 'OrderCancelled', 'OrderShipped'] },
    table,
    environment,
  });
  new EventConsumer(analytics, 'ReturnAnalytics', {
    entry: 'functions/analytics/record-return-events.ts',
    description: 'Counts returned units (total and per SKU) and refunds per store day: the return rate, refunds and the supplier-quality insight',
    bus,
    on: { source: 'commerce.returns', detailType: ['ReturnReceived', 'ReturnRefunded'] },
    table,
    environment,
  });
  new EventConsumer(analytics, 'CatalogAnalytics', {
    entry: 'functions/analytics/record-catalog-events.ts',
    description: 'Counts each SKU once when its product is first listed, and once off when it is archived: the live SKUs of the SKU activity rate',
    bus,
    on: { source: 'commerce.catalog', detailType: ['ProductListed', 'ProductArchived'] },
    table,
    environment,
  });
  new ScheduledFunction(analytics, 'NightlyKpi', {
    entry: 'functions/analytics/nightly-kpi.ts',
    scheduleName: 'nightly-kpi',
    description: "Nightly KPIs: yesterday's counters into the KPI card, anomalies against the 28-day band, insights and their digest",
    schedule: events.Schedule.cron({ minute: '30', hour: String(hourAfterMidnightUtc(timeZone)) }),
    table,
    environment,
    timeout: Duration.minutes(5),
  });
  new ScheduledFunction(analytics, 'RfmWeekly', {
    entry: 'functions/analytics/rfm-weekly.ts',
    scheduleName: 'rfm-weekly',
    description: 'Weekly RFM segments: customers per segment from the cells of the last 104 weeks (never a customer scan)',
    schedule: events.Schedule.cron({ weekDay: 'MON', hour: '3', minute: '30' }),
    table,
    environment,
  });
  return { storeEnv, storefrontEvents };
}
