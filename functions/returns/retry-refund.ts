import { returnRoutes } from '../../shared/contracts/returns';
import { httpHandler } from '../../shared/http/handler';
import * as returnsRepository from '../../shared/adapters/returns-repository';
import { assertRefundOwed } from '../../shared/domain/returns/receipt';
import { payRefund } from './refunds';
import { toReturnView } from './views';

/** POST /returns/{id}/refund — an operator retries a refund that failed: the same provider key, so it never pays twice. 409 when nothing is owed. */
export const handler = httpHandler(returnRoutes.retryReturnRefund, async function retryReturnRefundRoute({ path, correlationId }) {
  const ret = await returnsRepository.requireReturn(path.id);
  assertRefundOwed(ret);
  return toReturnView(await payRefund(ret, correlationId));
});
