import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { releaseOrderStock } from '../../shared/domain/orders/fulfilment';
import { applyOrderStep } from './order-steps';

/**
 * Compensation ReleaseStock: puts a reservation back to available, once (the hold and the counts change in
 * one transaction). Nothing to do for an order that holds nothing, or whose goods have shipped.
 */
export const handler = taskHandler(orderTaskInput, async function releaseStock({ orderId }) {
  const { order } = await applyOrderStep(orderId, (current) => releaseOrderStock(current, clock.now()));
  return { stockHold: order.stockHold };
});
