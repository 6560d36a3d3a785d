/**
 * What the order workflow's task functions share: write a step's result once (a step that runs twice
 * finds its own result and does nothing more), and stop forward steps on an order that was cancelled
 * meanwhile — the workflow catches `OrderCancelled` and compensates.
 */
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { type OrderWrite, type StoredOrder } from '../../shared/adapters/orders-repository';
import type { Order } from '../../shared/domain/orders/order';
import { conflict } from '../../shared/domain/errors';
import { orderCancelledError } from '../../shared/domain/orders/fulfilment';

export interface StepOptions {
  /** Compensation runs on cancelled orders too; forward steps stop there. @default false */
  readonly alsoWhenCancelled?: boolean;
}

export async function applyOrderStep(
  orderId: string,
  done: (order: StoredOrder) => boolean,
  step: (order: StoredOrder) => { next: Order; write?: OrderWrite },
  options: StepOptions = {},
): Promise<StoredOrder> {
  const updated = await ordersRepository.updateOrder(orderId, (order) => {
    if (done(order)) return {};
    if (order.status === 'CANCELLED' && !options.alsoWhenCancelled) throw orderCancelledError(orderId);
    return step(order);
  });
  if (updated === 'contention') throw conflict('OrderChangedConcurrently', `Order ${orderId} kept changing while a workflow step wrote it`);
  return updated.order;
}
