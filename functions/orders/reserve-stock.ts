import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { ordersRepository } from '../../shared/adapters/orders-repository';
import { clock } from '../../shared/adapters/clock';
import { moveOrder } from '../../shared/domain/orders/order';
import { orderLines } from '../../shared/domain/orders/placement';
import { namedError } from '../../shared/domain/errors';
import { orderCancelledError } from './order-steps';

/** A transaction that lost to another one on the same stock: worth another try, unlike a shortage. */
const contention = () => namedError('StockContention', 'Another reservation on the same stock won; try again');

/**
 * Workflow task ReserveStock: every line in one transaction, each conditional on available ≥ quantity —
 * all or nothing. Answers `{ reserved: false, shortSkus }` when stock is short (the workflow rejects the
 * order). Compensation: ReleaseStock.
 */
export const handler = taskHandler(orderTaskInput, async ({ orderId, correlationId }) => {
  const now = clock.now();
  const outcome = await ordersRepository.reserveStock(
    orderId,
    (order) => {
      if (order.stockHold !== 'NONE') return {};
      if (order.status === 'CANCELLED') throw orderCancelledError(orderId);
      return { next: { ...moveOrder(order, 'STOCK_RESERVED', now), stockHold: 'RESERVED' as const }, write: { correlationId }, reserve: orderLines(order) };
    },
    now,
  );
  if (outcome === 'contention') throw contention();
  if ('shortSkus' in outcome) return { reserved: false, shortSkus: [...outcome.shortSkus] };
  return { reserved: outcome.order.stockHold === 'RESERVED' || outcome.order.stockHold === 'SHIPPED', shortSkus: [] };
});
