import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { ordersRepository } from '../../shared/adapters/orders-repository';
import { clock } from '../../shared/adapters/clock';
import { orderShipped } from '../../shared/domain/orders/events';
import { moveOrder } from '../../shared/domain/orders/order';
import { orderLines } from '../../shared/domain/orders/placement';
import { orderSettingsFrom, waitSeconds } from '../../shared/domain/orders/settings';
import { deliveryDeadline } from '../../shared/domain/orders/tracking';
import { applyOrderStep } from './order-steps';

const settings = orderSettingsFrom(process.env);

/**
 * Workflow task MarkShipped: SHIPPED, and the stock moves from reserved to shipped (on hand decreases) in
 * the same transaction, with `OrderShipped` for the customer. Tells the workflow how long to wait for
 * the delivery scan. Compensation: none — the parcel has left.
 */
export const handler = taskHandler(orderTaskInput, async ({ orderId, correlationId }) => {
  const now = clock.now();
  const order = await applyOrderStep(
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
  const untilDeadline = (Date.parse(deliveryDeadline(order.promisedBy)) - now.getTime()) / 3_600_000;
  return { deliveryWaitSeconds: waitSeconds(untilDeadline), deliveryGraceSeconds: waitSeconds(settings.deliveryGraceDays * 24) };
});
