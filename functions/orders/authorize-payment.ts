import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import { ordersRepository } from '../../shared/adapters/orders-repository';
import { paymentProvider, paymentProviderUnavailable } from '../../shared/adapters/payments';
import { clock } from '../../shared/adapters/clock';
import { moveOrder } from '../../shared/domain/orders/order';
import { applyOrderStep, orderCancelledError } from './order-steps';

const payments = paymentProvider();

/**
 * Workflow task AuthorizePayment, through the payment port with the order's one idempotency key (a retry
 * never authorizes twice). Declined: `{ authorized: false, reason }`. Compensation: VoidPayment.
 */
export const handler = taskHandler(orderTaskInput, async ({ orderId, correlationId }) => {
  const order = await ordersRepository.requireOrder(orderId);
  if (order.payment.status !== 'PENDING') return { authorized: order.payment.status !== 'DECLINED', reason: order.payment.declineReason };
  if (order.status === 'CANCELLED') throw orderCancelledError(orderId);
  // Recorded first: an authorize that times out may still go through, and then compensation owes a void.
  await applyOrderStep(
    orderId,
    (current) => current.payment.authorizationRequestedAt !== undefined,
    (current) => ({ next: { ...current, payment: { ...current.payment, authorizationRequestedAt: clock.now().toISOString() } } }),
  );
  const result = await payments.authorize({ orderId, idempotencyKey: order.payment.idempotencyKey, amount: order.payment.amount, paymentMethod: order.paymentToken });
  // The workflow retries a provider error, then rejects the order.
  if (result.outcome === 'ERROR') throw paymentProviderUnavailable(result);
  const now = clock.now();
  const stored = await applyOrderStep(
    orderId,
    (current) => current.payment.status !== 'PENDING',
    (current) =>
      result.outcome === 'AUTHORIZED'
        ? {
            next: { ...moveOrder(current, 'PAYMENT_AUTHORIZED', now), payment: { ...current.payment, status: 'AUTHORIZED', authorizationId: result.authorizationId, authorizedAt: result.authorizedAt } },
            write: { correlationId },
          }
        : { next: { ...current, payment: { ...current.payment, status: 'DECLINED', declineReason: result.reason }, updatedAt: now.toISOString() } },
  );
  return { authorized: stored.payment.status === 'AUTHORIZED', reason: stored.payment.declineReason };
});
