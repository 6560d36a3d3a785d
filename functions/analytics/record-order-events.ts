import * as z from '../../shared/contracts/z';
import * as analyticsRepository from '../../shared/adapters/analytics-repository';
import { getCustomerHistory } from '../../shared/adapters/analytics-customers';
import * as basketRepository from '../../shared/adapters/analytics-basket-repository';
import * as rfmRepository from '../../shared/adapters/analytics-rfm-repository';
import { logger } from '../../shared/adapters/logger';
import type { TransactWriteItem } from '../../shared/adapters/outbox';
import { taskHandler } from '../../shared/tasks/task-handler';
import { cancelledOrderCounters, placedOrderCounters, placedOrderOf, recordCustomerOrder, shippedOrderCounters, type PlacedOrder } from '../../shared/domain/analytics/orders';
import type { CounterAdd } from '../../shared/domain/analytics/counters';
import { shardOf, storeDay } from '../../shared/domain/analytics/storefront-events';
import { untilSettled } from './retry';
import { settings } from './settings';

/** The order events as EventBridge delivers them (the fields this consumer reads). */
const orderEvent = z.object({
  'detail-type': z.enum(['OrderPlaced', 'OrderCancelled', 'OrderShipped']),
  detail: z.object({
    eventId: z.string(),
    orderId: z.string(),
    occurredAt: z.string(),
    correlationId: z.optional(z.string()),
    /** OrderShipped: the ship-by date the order promised, once orders put it on the event (on-time shipment rate). */
    shipBy: z.optional(z.string()),
  }),
});

/**
 * A placed order: its sales counters (`sales`) and its customer's history (read and decided again while the customer moves),
 * with `basket` (its pair counters) in the same transaction, under the one guard.
 */
const recordPlaced = (eventId: string, placed: PlacedOrder, sales: readonly CounterAdd[], basket: readonly TransactWriteItem[]) =>
  untilSettled(`order ${placed.orderId}`, async () => {
    const history = await getCustomerHistory(placed.customerId);
    const customer = recordCustomerOrder(placed, history, settings.churnDays);
    return analyticsRepository.recordBusEvent(
      eventId,
      [...sales, ...customer.counters],
      { next: customer.customer, readVersion: history?.version },
      settings.counterShards,
      [...rfmRepository.rfmCellUpdates(customer.rfm), ...basket],
    );
  });

/**
 * The analytics recorder (rules on `OrderPlaced`, `OrderCancelled`, `OrderShipped`): adds each order event to
 * its store day's counters — sales, SKUs, categories, regions, new and returning customers, churn — once per
 * event id, however often the bus delivers it. Refunds and returns join here when their events exist.
 */
export const handler = taskHandler(orderEvent, async function recordOrderEvent(event) {
  const { eventId, orderId, occurredAt } = event.detail;
  const day = storeDay(occurredAt, settings.timeZone);
  let outcome: string;
  if (event['detail-type'] === 'OrderPlaced') {
    const facts = await analyticsRepository.placedOrderFacts(orderId);
    const placed = facts && placedOrderOf(facts.order, occurredAt, facts.skus, settings.timeZone);
    const skus = facts?.order.price.lines.map((line) => line.sku) ?? [];
    const shard = shardOf(eventId, settings.counterShards);
    const basket = skus.length > 0 ? basketRepository.basketUpdates(skus, shard) : [];
    // The basket rides with its sales when both fit in one transaction; a 32-line order's goes apart, under a guard of its own (analytics-basket-repository.ts).
    const sales = placed ? placedOrderCounters(placed) : [];
    const together = placed !== undefined && analyticsRepository.basketFitsBesideSales(sales, basket);
    outcome = placed ? await recordPlaced(eventId, placed, sales, together ? basket : []) : 'no-order';
    if (placed && basket.length > 0 && !together) await untilSettled(`basket ${orderId}`, () => basketRepository.recordBasket(eventId, skus, shard));
  } else {
    const counters =
      event['detail-type'] === 'OrderCancelled' ? cancelledOrderCounters(day, (await analyticsRepository.orderTotalMinor(orderId)) ?? 0) : shippedOrderCounters(day, event.detail.shipBy);
    outcome = await untilSettled(`order ${orderId}`, () => analyticsRepository.recordBusEvent(eventId, counters, undefined, settings.counterShards));
  }
  logger.info('order event counted', { type: event['detail-type'], orderId, day, outcome });
  return { outcome };
});
