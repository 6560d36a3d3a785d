/**
 * Settling an exchange (shared/domain/returns/exchange.ts): the replacement order placed through the order
 * checkout at no charge (shared/adapters/replacement-orders.ts) under the id the receipt reserved, and the return
 * told (EXCHANGED, or RECEIVED with the difference to refund); a replacement that cannot be had falls back to the
 * full refund (ops and the customer told). The return-lifecycle workflow's PlaceReplacementOrder and
 * FallBackToRefund steps and ops' POST /returns/{id}/exchange run these.
 */
import * as ordersRepository from '../../shared/adapters/orders-repository';
import * as returnsRepository from '../../shared/adapters/returns-repository';
import { placeReplacementOrder } from '../../shared/adapters/replacement-orders';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { assertExchangeOwed, exchangeFailed, exchangeFellBack, isExchangeOwed, replacementCart, replacementPlaced } from '../../shared/domain/returns/exchange';

/** How placing went: PLACED (the return moved on), UNAVAILABLE (nothing written: fall back), or SETTLED before. */
export type Placement = { readonly outcome: 'PLACED' | 'SETTLED'; readonly status: string } | { readonly outcome: 'UNAVAILABLE'; readonly status: string; readonly reason: string };

export async function placeReplacement(returnId: string, correlationId: string): Promise<Placement> {
  const ret = await returnsRepository.requireReturn(returnId);
  if (!isExchangeOwed(ret)) return { outcome: 'SETTLED', status: ret.status };
  const exchange = assertExchangeOwed(ret);
  const original = await ordersRepository.requireOrder(ret.orderId);
  const placed = await placeReplacementOrder({ orderId: exchange.replacementOrderId, returnId, original, lines: replacementCart(exchange), correlationId });
  if (placed.outcome === 'UNAVAILABLE') {
    logger.warn('replacement order unavailable; the exchange falls back to a refund', { returnId, reason: placed.reason });
    return { outcome: 'UNAVAILABLE', status: ret.status, reason: placed.reason };
  }
  const { ret: after } = await returnsRepository.updateReturn(returnId, (current) => replacementPlaced(current, clock.now()), correlationId);
  logger.info('replacement order placed', { returnId, orderId: placed.order.orderId, status: after.status });
  return { outcome: 'PLACED', status: after.status };
}

/** The full refund instead of the replacement (RECEIVED; CLOSED when nothing is owed). Once. */
export async function fallBackToRefund(returnId: string, reason: string, correlationId: string): Promise<returnsRepository.StoredReturn> {
  const { ret } = await returnsRepository.updateReturn(returnId, (current) => exchangeFellBack(current, reason, clock.now()), correlationId);
  return ret;
}

/** Placing failed after the retries: EXCHANGE_FAILED with `ReturnExchangeFailed` to ops. */
export async function recordExchangeFailed(returnId: string, failure: string, correlationId: string): Promise<returnsRepository.StoredReturn> {
  const { ret } = await returnsRepository.updateReturn(returnId, (current) => exchangeFailed(current, failure, clock.now()), correlationId);
  return ret;
}
