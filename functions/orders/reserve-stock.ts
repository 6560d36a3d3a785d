import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { clock } from '../../shared/adapters/clock';
import { namedError } from '../../shared/domain/errors';
import { holdsStock, reserveOrderStock } from '../../shared/domain/orders/fulfilment';
import { ORDER_FULFILMENT_ERRORS } from '../../shared/domain/workflow-errors';

/**
 * Workflow task ReserveStock: every line in one transaction, each adding to its warehouse's reserved units
 * under the floor available ≥ quantity — all or nothing. Answers `{ reserved: false, shortSkus }` when stock is short (the workflow rejects the
 * order); a reservation that lost to another one on the same stock is `StockContention`, which the
 * workflow retries. Compensation: ReleaseStock.
 */
/**
 * Reads and decisions per invocation: a SKU's first (placing) movement is conditional on the counts as read, and a
 * floor may refuse when the stock fell short since read; ten jittered re-reads (≈ 1 s) settle those inside one
 * invocation, before the workflow's StockContention retries.
 */
const RESERVE_ATTEMPTS = 10;

export const handler = taskHandler(orderTaskInput, async function reserveStock({ orderId, correlationId }) {
  const now = clock.now();
  const outcome = await ordersRepository.reserveStock(orderId, (order) => ({ ...reserveOrderStock(order, now), write: { correlationId } }), RESERVE_ATTEMPTS);
  if (outcome === 'contention') throw namedError(ORDER_FULFILMENT_ERRORS.StockContention, 'Another reservation on the same stock won; try again');
  if ('shortSkus' in outcome) return { reserved: false, shortSkus: [...outcome.shortSkus] };
  return { reserved: holdsStock(outcome.order), shortSkus: [] };
});
