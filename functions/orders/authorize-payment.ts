import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { paymentProvider, paymentProviderUnavailable } from '../../shared/adapters/payments';
import { clock } from '../../shared/adapters/clock';
import { conflict } from '../../shared/domain/errors';
import { authorizationAnswer, recordAuthorization, requestAuthorization } from '../../shared/domain/orders/fulfilment';

const payments = paymentProvider();

const changedConcurrently = (orderId: string) => conflict('OrderChangedConcurrently', `Order ${orderId} kept changing while a workflow step wrote it`);

/**
 * Workflow task AuthorizePayment, through the payment port with the order's one idempotency key (a retry
 * never authorizes twice): the request is recorded, the provider asked, its answer recorded. Declined:
 * `{ authorized: false, reason }`. Compensation: VoidPayment.
 */
export const handler = taskHandler(orderTaskInput, async function authorizePayment({ orderId, correlationId }) {
  const requested = await ordersRepository.updateOrder(orderId, (order) => requestAuthorization(order, clock.now()));
  if (requested === 'contention') throw changedConcurrently(orderId);
  const { order } = requested;
  if (requested.decision.settled) return authorizationAnswer(order);

  const result = await payments.authorize({ orderId, idempotencyKey: order.payment.idempotencyKey, amount: order.payment.amount, paymentMethod: order.paymentToken });
  // The workflow retries a provider error, then rejects the order.
  if (result.outcome === 'ERROR') throw paymentProviderUnavailable(result);

  const recorded = await ordersRepository.updateOrder(orderId, (current) => ({ ...recordAuthorization(current, result, clock.now()), write: { correlationId } }));
  if (recorded === 'contention') throw changedConcurrently(orderId);
  return { authorized: recorded.order.payment.status === 'AUTHORIZED', reason: recorded.order.payment.declineReason };
});
