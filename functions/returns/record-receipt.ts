import { returnRoutes } from '../../shared/contracts/returns';
import { httpHandler } from '../../shared/http/handler';
import * as returnsRepository from '../../shared/adapters/returns-repository';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { recordReturnReceipt } from '../../shared/domain/returns/receipt';
import { returnRulesFrom } from '../../shared/domain/returns/rules';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import { decisionOutcome } from '../../shared/domain/returns/approval';
import { toReturnView } from './views';
import { receiptContext } from './receipt-context';

const rules = returnRulesFrom(process.env);

/**
 * POST /returns/{id}/receipt — the warehouse records what arrived and where each unit goes. In one transaction:
 * the return RECEIVED (or CLOSED when nothing arrived), restocked units on hand and available at once (audited),
 * quality incidents, debits to suppliers of the units sent back, events. Then the return-lifecycle workflow's wait for the parcel is woken: its refund step
 * pays what arrived (REFUNDED, or REFUND_FAILED for ops after its retries).
 */
export const handler = httpHandler(returnRoutes.recordReturnReceipt, async function recordReturnReceiptRoute({ path, body, actor, correlationId }) {
  const now = clock.now();
  // The order does not change after delivery, nor a return's lines: read once, beside the return.
  const asked = await returnsRepository.requireReturn(path.id);
  const order = await ordersRepository.requireOrder(asked.orderId);
  const context = await receiptContext(asked, order, body.lines);
  const { read, ret } = await returnsRepository.receiveReturn(
    path.id,
    (current, tally) => recordReturnReceipt(current, order, tally, body.lines, actor.sub, now, rules, context),
    actor.sub,
    now,
    correlationId,
  );
  logger.info('return received', { returnId: ret.returnId, status: ret.status, short: ret.receipt?.short });
  // Wake the return-lifecycle workflow's wait for the parcel: it pays the refund.
  if (read.waitToken && read.status === 'APPROVED') await sendTaskSuccess(read.waitToken, decisionOutcome(ret));
  return toReturnView(ret);
});
