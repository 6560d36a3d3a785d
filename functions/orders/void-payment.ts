import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { paymentProvider, paymentProviderUnavailable } from '../../shared/adapters/payments';
import { clock } from '../../shared/adapters/clock';
import { voidOwed } from '../../shared/domain/orders/attention';
import { recordVoid } from '../../shared/domain/orders/fulfilment';
import { applyOrderStep } from './order-steps';

const payments = paymentProvider();

/**
 * Compensation VoidPayment: voids an authorization — also a PENDING one the provider was asked for, since
 * an authorize that timed out may still have gone through (voided by the idempotency key). A captured payment is left alone: its
 * goods shipped. Safe to run twice.
 */
export const handler = taskHandler(orderTaskInput, async function voidPayment({ orderId }) {
  const order = await ordersRepository.requireOrder(orderId);
  if (!voidOwed(order.payment)) return { payment: order.payment.status };
  const result = await payments.void({ orderId, idempotencyKey: order.payment.idempotencyKey, authorizationId: order.payment.authorizationId });
  if (result.outcome === 'ERROR') throw paymentProviderUnavailable(result);
  const { order: stored } = await applyOrderStep(orderId, (current) => recordVoid(current, result.voidedAt, clock.now()));
  return { payment: stored.payment.status };
});
