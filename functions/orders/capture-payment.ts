import { orderTaskInput } from '../../shared/contracts/orders';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { paymentProvider, paymentProviderUnavailable } from '../../shared/adapters/payments';
import { clock } from '../../shared/adapters/clock';
import { conflict } from '../../shared/domain/errors';
import { recordCapture } from '../../shared/domain/orders/fulfilment';
import { applyOrderStep } from './order-steps';

const payments = paymentProvider();

/**
 * Workflow task CapturePayment: only for an order with a booked shipment (never a capture without one),
 * with the order's idempotency key. Compensation: none needed — what follows (MarkShipped) only records.
 */
export const handler = taskHandler(orderTaskInput, async function capturePayment({ orderId }) {
  const order = await ordersRepository.requireOrder(orderId);
  if (order.payment.status === 'CAPTURED') return { captured: true };
  if (order.payment.status !== 'AUTHORIZED' || !order.payment.authorizationId) throw conflict('PaymentNotAuthorized', `Order ${orderId} has no authorized payment`);
  if (order.shipments.length === 0) throw conflict('NoShipment', `Order ${orderId} has no shipment; payment is captured only for goods that ship`);
  const result = await payments.capture({ orderId, idempotencyKey: order.payment.idempotencyKey, authorizationId: order.payment.authorizationId, amount: order.payment.amount });
  if (result.outcome === 'ERROR') throw paymentProviderUnavailable(result);
  await applyOrderStep(orderId, (current) => recordCapture(current, { captureId: result.captureId, capturedAt: result.capturedAt }, clock.now()));
  return { captured: true };
});
