import * as z from '../../shared/contracts/z';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as inventoryRepository from '../../shared/adapters/inventory-repository';
import { logger } from '../../shared/adapters/logger';
import { salesDayOf, salesOfShipment } from '../../shared/domain/inventory/sales';

const money = z.object({ amount: z.int(), currency: z.string() });
/** The `OrderShipped` event as EventBridge delivers it (the fields this consumer reads). */
const orderShippedEvent = z.object({
  detail: z.object({
    orderId: z.string(),
    occurredAt: z.string(),
    correlationId: z.optional(z.string()),
    lines: z.array(z.object({ sku: z.string(), quantity: z.int(), lineTotal: money })),
  }),
});

/**
 * The sales recorder (rule on `OrderShipped`): adds what left the warehouse to each SKU's counter for the
 * day it shipped — the history the nightly reorder policy and the ABC classes read. Once per order, however
 * often the event is delivered.
 */
export const handler = taskHandler(orderShippedEvent, async function recordSales({ detail }, { correlationId }) {
  const day = salesDayOf(detail.occurredAt);
  const outcome = await inventoryRepository.recordSales(detail.orderId, day, salesOfShipment(detail.lines), detail.correlationId ?? correlationId);
  logger.info('sales of a shipment', { orderId: detail.orderId, day, outcome });
  return { outcome };
});
