import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { shipOrder } from '../../shared/domain/orders/fulfilment';
import { applyOrderStep } from './order-steps';

/**
 * Workflow task MarkShipped, the workflow's last step: SHIPPED, and the stock moves from reserved to shipped
 * (on hand decreases) in the same transaction, with `OrderShipped` for the customer. From here the carrier's
 * webhooks follow the parcel and the order sweeper watches its promised date. Compensation: none — the
 * parcel has left.
 */
export const handler = taskHandler(orderTaskInput, async function markShipped({ orderId, correlationId }) {
  await applyOrderStep(orderId, (current) => shipOrder(current, clock.now()), { correlationId });
  return { shipped: true };
});
