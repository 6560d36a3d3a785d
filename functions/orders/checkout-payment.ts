/**
 * The checkout's payment stretch, inside `POST /orders` (docs/orders.md, "The checkout"): the provider asked to
 * authorize with the order's one idempotency key (a retried or racing request gets the same answer, never a
 * second authorization), once more when it does not answer; its answer written (checkout.ts
 * `completeCheckout`). A provider that still does not answer is voided by the key and the order rejected; a
 * void that fails too parks the order NEEDS_ATTENTION, with its alert, for the order sweeper to finish.
 */
import * as ordersRepository from '../../shared/adapters/orders-repository';
import type { StoredOrder } from '../../shared/adapters/orders-repository';
import { paymentProvider } from '../../shared/adapters/payments';
import { pauseBefore } from '../../shared/adapters/table-access';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { flagNeedsAttention } from '../../shared/domain/orders/attention';
import { completeCheckout, type CheckoutPayment } from '../../shared/domain/orders/checkout';
import { DomainError } from '../../shared/domain/errors';

const payments = paymentProvider();
/** Reads of the order (and of its stock, for a release) that settle its checkout under other orders' writes. */
const SETTLE_ATTEMPTS = 12;
/** Rounds of those reads after a write lost to another transaction (a group-buy order's group is shared). */
const SETTLE_ROUNDS = 6;
/** A provider error is asked again once inside the request: the customer is waiting. */
const AUTHORIZE_ATTEMPTS = 2;

/** The order as its checkout leaves it: accepted (AWAITING_PACKING), rejected, or parked; as it was when settled already. */
export async function finishCheckout(order: StoredOrder, correlationId: string): Promise<StoredOrder> {
  if (order.status !== 'STOCK_RESERVED') return order;
  const payment = await paymentAnswer(order);
  const decide = (current: StoredOrder) =>
    payment === 'void-failed'
      ? current.status === 'STOCK_RESERVED' ? flagNeedsAttention(current, { reason: 'COMPENSATION_FAILED', error: 'PaymentProviderUnavailable' }, clock.now()) : {}
      : completeCheckout(current, payment, clock.now(), correlationId);
  let updated = await ordersRepository.updateOrder(order.orderId, (current) => ({ ...decide(current), write: { correlationId } }), SETTLE_ATTEMPTS);
  // A group-buy order's write also counts it in its group, which racing members write too: a lost race is tried again.
  for (let round = 1; updated === 'contention' && order.groupBuy && round < SETTLE_ROUNDS; round++) {
    await pauseBefore(SETTLE_ATTEMPTS + round);
    updated = await ordersRepository.updateOrder(order.orderId, (current) => ({ ...decide(current), write: { correlationId } }), SETTLE_ATTEMPTS);
  }
  // The stock kept moving under the release: the same key's retry settles it (the provider answers it the same).
  if (updated === 'contention') throw new DomainError('unavailable', 'CheckoutInProgress', `Order ${order.orderId} could not be settled yet; retry with the same Idempotency-Key`, [], { orderId: order.orderId });
  return updated.order;
}

async function paymentAnswer(order: StoredOrder): Promise<CheckoutPayment | 'void-failed'> {
  const { orderId, payment } = order;
  for (let attempt = 1; attempt <= AUTHORIZE_ATTEMPTS; attempt++) {
    const result = await payments.authorize({ orderId, idempotencyKey: payment.idempotencyKey, amount: payment.amount, paymentMethod: order.paymentToken });
    if (result.outcome === 'AUTHORIZED') return { outcome: 'AUTHORIZED', authorizationId: result.authorizationId, authorizedAt: result.authorizedAt };
    if (result.outcome === 'DECLINED') return { outcome: 'DECLINED', reason: result.reason };
    logger.warn('payment provider did not answer the authorization', { orderId, attempt, reason: result.reason });
  }
  // It may still have authorized: voided by the key, so nothing stays held.
  const voided = await payments.void({ orderId, idempotencyKey: payment.idempotencyKey });
  if (voided.outcome === 'ERROR') {
    logger.error('payment provider did not answer the void either: the order is parked for the sweeper', { orderId, reason: voided.reason });
    return 'void-failed';
  }
  return { outcome: 'UNAVAILABLE', voidedAt: voided.voidedAt };
}
