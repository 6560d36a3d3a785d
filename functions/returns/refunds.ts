/**
 * Paying a refund owed on a return through the payment port, with the return's one idempotency key (a retry is
 * the same refund at the provider: it never pays twice), and recording how it went: REFUNDED, or REFUND_FAILED
 * for ops to retry (POST /returns/{id}/refund). A provider that throws counts as a failure, not an error.
 */
import * as ordersRepository from '../../shared/adapters/orders-repository';
import * as returnsRepository from '../../shared/adapters/returns-repository';
import { paymentProvider } from '../../shared/adapters/payments';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { assertRefundOwed, recordRefundOutcome, type RefundOutcome } from '../../shared/domain/returns/receipt';

export async function payRefund(ret: returnsRepository.StoredReturn, correlationId: string): Promise<returnsRepository.StoredReturn> {
  const refund = assertRefundOwed(ret);
  const order = await ordersRepository.requireOrder(ret.orderId);
  let outcome: RefundOutcome;
  try {
    const result = await paymentProvider().refund({
      orderId: ret.orderId,
      idempotencyKey: refund.idempotencyKey,
      captureId: order.payment.captureId ?? order.payment.idempotencyKey,
      amount: refund.total,
      paymentMethod: order.paymentToken,
    });
    outcome = result.outcome === 'REFUNDED' ? { outcome: 'REFUNDED', refundId: result.refundId, refundedAt: result.refundedAt } : { outcome: 'FAILED', failure: `${result.reason}: ${result.message}` };
  } catch (err) {
    outcome = { outcome: 'FAILED', failure: `PROVIDER_UNREACHABLE: ${(err as Error).message}` };
  }
  const { ret: after } = await returnsRepository.updateReturn(ret.returnId, (current) => recordRefundOutcome(current, outcome, clock.now()), correlationId);
  logger.info(after.status === 'REFUNDED' ? 'return refunded' : 'return refund failed', { returnId: ret.returnId, amount: refund.total, status: after.status });
  return after;
}
