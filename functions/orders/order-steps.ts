/**
 * What the order workflow's task functions share: write a step's result once (a step that runs twice
 * finds its own result and does nothing more), and stop forward steps on an order that was cancelled
 * meanwhile — the workflow catches `OrderCancelled` and compensates.
 */
import { ordersRepository, type OrderWrite, type StoredOrder } from '../../shared/adapters/orders-repository';
import type { Order } from '../../shared/domain/orders/order';
import { conflict } from '../../shared/domain/errors';

export const orderCancelledError = (orderId: string) => conflict('OrderCancelled', `Order ${orderId} was cancelled`);

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
  for (let attempt = 0; attempt < 3; attempt++) {
    const order = await ordersRepository.requireOrder(orderId);
    if (done(order)) return order;
    if (order.status === 'CANCELLED' && !options.alsoWhenCancelled) throw orderCancelledError(orderId);
    const { next, write } = step(order);
    const stored = await ordersRepository.replaceOrder(order, next, write);
    if (stored) return stored;
  }
  throw conflict('OrderChangedConcurrently', `Order ${orderId} kept changing while a workflow step wrote it`);
}
