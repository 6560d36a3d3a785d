import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { clock } from '../../shared/adapters/clock';
import { orderShipped } from '../../shared/domain/orders/events';
import { moveOrder } from '../../shared/domain/orders/order';
import { orderLines } from '../../shared/domain/orders/placement';
import { applyOrderStep } from './order-steps';

/**
 * Workflow task MarkShipped, the workflow's last step: SHIPPED, and the stock moves from reserved to shipped
 * (on hand decreases) in the same transaction, with `OrderShipped` for the customer. From here the carrier's
 * webhooks follow the parcel and the order sweeper watches its promised date. Compensation: none — the
 * parcel has left.
 */
export const handler = taskHandler(orderTaskInput, async function markShipped({ orderId, correlationId }) {
  const now = clock.now();
  await applyOrderStep(
    orderId,
    (current) => current.stockHold === 'SHIPPED',
    (current) => {
      const next = { ...moveOrder(current, 'SHIPPED', now), stockHold: 'SHIPPED' as const };
      return {
        next,
        write: { correlationId, events: [orderShipped(next, current.shipments[0]!)], alsoWrite: ordersRepository.stockMovements('ship', orderLines(current), now) },
      };
    },
  );
  return { shipped: true };
});
