import * as z from '../../shared/contracts/z';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as promotionsRepository from '../../shared/adapters/promotions-repository';
import { logger } from '../../shared/adapters/logger';

/** `OrderRejected`, `OrderCancelled`, `OrderFailed` or `OrderAttentionResolved` as EventBridge delivers it (the field this consumer reads). */
const orderEndedEvent = z.object({ 'detail-type': z.string(), detail: z.object({ orderId: z.string() }) });

/**
 * The promotions' compensation (rules on OrderRejected, OrderCancelled, OrderFailed, OrderAttentionResolved): an order that did not
 * go through gives back what it used of each promotion's budget, limits, allotment and coupon. Once per
 * order, however often the event is delivered.
 */
export const handler = taskHandler(orderEndedEvent, async function giveBackPromotions({ detail, 'detail-type': why }) {
  const given = await promotionsRepository.giveBack(detail.orderId);
  if (given > 0) logger.info('promotion uses given back', { orderId: detail.orderId, why, given });
  return { given };
});
