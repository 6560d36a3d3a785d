/**
 * Paying a refund owed on a return through the payment port, with the return's one idempotency key (a retry is
 * the same refund at the provider: it never pays twice). `attemptRefund` asks the provider and answers how it
 * went (a provider that throws counts as a failure, not an error); `payRefund` records it: REFUNDED, or
 * REFUND_FAILED for ops to retry (POST /returns/{id}/refund). The return-lifecycle workflow's refund step
 * records only a success and retries a failure (functions/returns/refund-return.ts).
 */
import * as ordersRepository from '../../shared/adapters/orders-repository';
import * as returnsRepository from '../../shared/adapters/returns-repository';
import { paymentProvider } from '../../shared/adapters/payments';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { assertRefundOwed, recordRefundOutcome, type RefundOutcome } from '../../shared/domain/returns/receipt';

export async function attemptRefund(ret: returnsRepository.StoredReturn): Promise<RefundOutcome> {
  const refund = assertRefundOwed(ret);
  const order = await ordersRepository.requireOrder(ret.orderId);
  try {
    const result = await paymentProvider().refund({
      orderId: ret.orderId,
      idempotencyKey: refund.idempotencyKey,
      captureId: order.payment.captureId ?? order.payment.idempotencyKey,
      amount: refund.total,
      paymentMethod: order.paymentToken,
    });
    return result.outcome === 'REFUNDED' ? { outcome: 'REFUNDED', refundId: result.refundId, refundedAt: result.refundedAt } : { outcome: 'FAILED', failure: `${result.reason}: ${result.message}` };
  } catch (err) {
    return { outcome: 'FAILED', failure: `PROVIDER_UNREACHABLE: ${(err as Error).message}` };
  }
}

/** The provider's answer on the return (REFUNDED once; a late answer changes nothing). */
export async function recordRefund(returnId: string, outcome: RefundOutcome, correlationId: string): Promise<returnsRepository.StoredReturn> {
  const { ret } = await returnsRepository.updateReturn(returnId, (current) => recordRefundOutcome(current, outcome, clock.now()), correlationId);
  logger.info(ret.status === 'REFUNDED' ? 'return refunded' : 'return refund failed', { returnId, amount: ret.refund?.total, status: ret.status });
  return ret;
}

export async function payRefund(ret: returnsRepository.StoredReturn, correlationId: string): Promise<returnsRepository.StoredReturn> {
  return recordRefund(ret.returnId, await attemptRefund(ret), correlationId);
}
