/**
 * How the order workflow's task functions save what the domain decided (shared/domain/orders/fulfilment.ts):
 * the decision is taken on the order as read and written conditionally on it; a write that lost to another
 * is decided again on the fresh order. A decision with nothing to change (the step's result is already
 * there) writes nothing, so a step that runs twice does nothing more.
 */
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { type OrderWrite, type StoredOrder } from '../../shared/adapters/orders-repository';
import type { OrderDecision } from '../../shared/domain/orders/decision';
import { conflict } from '../../shared/domain/errors';
import { ORDER_FULFILMENT_ERRORS } from '../../shared/domain/workflow-errors';

export async function applyOrderStep<D extends OrderDecision>(orderId: string, decide: (order: StoredOrder) => D, write: OrderWrite = {}): Promise<{ order: StoredOrder; decision: D }> {
  const updated = await ordersRepository.updateOrder(orderId, (order) => ({ ...decide(order), write }));
  if (updated === 'contention') throw conflict(ORDER_FULFILMENT_ERRORS.OrderChangedConcurrently, `Order ${orderId} kept changing while a workflow step wrote it`);
  return updated;
}
