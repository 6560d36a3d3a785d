import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ScheduledFunction } from '../constructs/scheduled-function';
import { TableStreamConsumer } from '../constructs/table-stream-consumer';
import type { ContextStack } from './context-stack';

/**
 * Low stock and counts (docs/inventory.md), in the inventory context's stack: the stock watcher marks a SKU at the
 * write that takes it to its reorder point (the table stream, stock records only), the alert job tells ops and asks
 * for restocks, and the nightly planner writes the day's cycle counts.
 */
export function inventoryJobs(inventory: ContextStack, table: dynamodb.Table): void {
  const watcher = new TableStreamConsumer(inventory, 'StockWatcher', {
    table,
    entry: 'functions/inventory/watch-stock.ts',
    description: 'Opens and closes low-stock episodes as stock records change',
    filters: [{ eventName: lambda.FilterRule.isEqual('MODIFY'), dynamodb: { NewImage: { sk: { S: lambda.FilterRule.isEqual('STOCK') } } } }],
  });
  watcher.function.grantTableReadWrite(table);
  new ScheduledFunction(inventory, 'LowStockAlerts', {
    entry: 'functions/inventory/alert-low-stock.ts',
    scheduleName: 'inventory-alerts',
    description: 'Low-stock alert job: one consolidated alert to ops, a restock for each newly low SKU',
    schedule: events.Schedule.rate(Duration.minutes(15)),
    table,
    environment: { TABLE_NAME: table.tableName },
  });
  new ScheduledFunction(inventory, 'UnitCostSync', {
    entry: 'functions/inventory/sync-unit-costs.ts',
    scheduleName: 'inventory-unit-costs',
    description: "Unit-cost sync: each live SKU's stock valued at its catalog unit cost (the inventory value's backfill and repair)",
    schedule: events.Schedule.cron({ weekDay: 'SUN', hour: '4', minute: '0' }),
    // A key query per supplier for its stock and its products; a write only for a SKU whose cost differs.
    timeout: Duration.minutes(15),
    table,
    environment: { TABLE_NAME: table.tableName },
  });
  new ScheduledFunction(inventory, 'CycleCountPlan', {
    entry: 'functions/inventory/plan-cycle-counts.ts',
    scheduleName: 'cycle-count-plan',
    description: "Cycle-count planner: classes live SKUs ABC by sales value and writes the day's count list",
    schedule: events.Schedule.cron({ minute: '0', hour: '3' }),
    // A key query per supplier and a sales-history query per SKU, ten SKUs at a time: 100,000 SKUs take minutes.
    timeout: Duration.minutes(15),
    table,
    environment: { TABLE_NAME: table.tableName },
  });
}
