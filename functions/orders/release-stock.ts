import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { clock } from '../../shared/adapters/clock';
import { orderLines } from '../../shared/domain/orders/placement';
import { applyOrderStep } from './order-steps';

/**
 * Compensation ReleaseStock: puts a reservation back to available, once (the hold and the counts change in
 * one transaction). Nothing to do for an order that holds nothing, or whose goods have shipped.
 */
export const handler = taskHandler(orderTaskInput, async function releaseStock({ orderId }) {
  const order = await applyOrderStep(
    orderId,
    (current) => current.stockHold !== 'RESERVED',
    (current) => {
      const now = clock.now();
      return { next: { ...current, stockHold: 'RELEASED', updatedAt: now.toISOString() }, write: { alsoWrite: ordersRepository.stockMovements('release', orderLines(current), now) } };
    },
    { alsoWhenCancelled: true },
  );
  return { stockHold: order.stockHold };
});
