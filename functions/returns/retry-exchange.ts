import { returnRoutes } from '../../shared/contracts/returns';
import { httpHandler } from '../../shared/http/handler';
import * as returnsRepository from '../../shared/adapters/returns-repository';
import { assertExchangeOwed } from '../../shared/domain/returns/exchange';
import { isRefundOwed } from '../../shared/domain/returns/receipt';
import { fallBackToRefund, placeReplacement } from './exchanges';
import { payRefund } from './refunds';
import { toReturnView } from './views';

/**
 * POST /returns/{id}/exchange — an operator retries an exchange whose replacement order was not placed: the same
 * order id (never two orders); out of stock, it falls back to the refund; a difference or a fallback refund owed is
 * paid with the return's one provider key. 409 NoExchangeOwed when nothing is left to place.
 */
export const handler = httpHandler(returnRoutes.retryReturnExchange, async function retryReturnExchangeRoute({ path, correlationId }) {
  assertExchangeOwed(await returnsRepository.requireReturn(path.id));
  const placement = await placeReplacement(path.id, correlationId);
  if (placement.outcome === 'UNAVAILABLE') await fallBackToRefund(path.id, placement.reason, correlationId);
  const ret = await returnsRepository.requireReturn(path.id);
  return toReturnView(isRefundOwed(ret) ? await payRefund(ret, correlationId) : ret);
});
