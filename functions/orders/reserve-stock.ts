import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { ordersRepository } from '../../shared/adapters/orders-repository';
import { clock } from '../../shared/adapters/clock';
import { cancellationReasons } from '../../shared/adapters/dynamo';
import { moveOrder } from '../../shared/domain/orders/order';
import { orderLines } from '../../shared/domain/orders/placement';
import { conflict, namedError } from '../../shared/domain/errors';
import { orderCancelledError } from './order-steps';

/** A transaction that lost to another one on the same stock: worth another try, unlike a shortage. */
const contention = () => namedError('StockContention', 'Another reservation on the same stock won; try again');

/**
 * Workflow task ReserveStock: every line in one transaction, each conditional on available ≥ quantity —
 * all or nothing. Answers `{ reserved: false, shortSkus }` when stock is short (the workflow rejects the
 * order). Compensation: ReleaseStock.
 */
export const handler = taskHandler(orderTaskInput, async ({ orderId, correlationId }) => {
  for (let attempt = 0; attempt < 3; attempt++) {
    const order = await ordersRepository.requireOrder(orderId);
    if (order.stockHold !== 'NONE') return { reserved: order.stockHold === 'RESERVED' || order.stockHold === 'SHIPPED', shortSkus: [] };
    if (order.status === 'CANCELLED') throw orderCancelledError(orderId);
    const now = clock.now();
    const next = { ...moveOrder(order, 'STOCK_RESERVED', now), stockHold: 'RESERVED' as const };
    let outcome;
    try {
      outcome = await ordersRepository.reserveStock(order, next, orderLines(order), { correlationId }, now);
    } catch (err) {
      if (cancellationReasons(err).some((reason) => reason.Code === 'TransactionConflict')) throw contention();
      throw err;
    }
    if (outcome && 'shortSkus' in outcome) return { reserved: false, shortSkus: [...outcome.shortSkus] };
    if (outcome) return { reserved: true, shortSkus: [] };
  }
  throw conflict('OrderChangedConcurrently', `Order ${orderId} kept changing while stock was reserved`);
});
