import { returnRoutes } from '../../shared/contracts/returns';
import { httpHandler } from '../../shared/http/handler';
import * as returnsRepository from '../../shared/adapters/returns-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { approveReturn, rejectReturn } from '../../shared/domain/returns/request';
import { decisionOutcome } from '../../shared/domain/returns/approval';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { issueReturnLabel } from '../../shared/adapters/return-requests';
import { toReturnView } from './views';

/** POST /returns/{id}/decision — an operator approves (the return label is booked) or rejects a return waiting for review; the same decision again answers the same. */
export const handler = httpHandler(returnRoutes.decideReturn, async function decideReturnRoute({ path, body, actor, correlationId }) {
  const { read, ret, changed } = await returnsRepository.updateReturn(
    path.id,
    (current, tally) => (body.decision === 'APPROVE' ? approveReturn(current, actor.sub, clock.now(), body.reason) : rejectReturn(current, tally, actor.sub, body.reason!, clock.now())),
    correlationId,
  );
  // Wake the return-lifecycle workflow's wait for the decision (a token gone stale is fine: the workflow reads the return).
  if (changed && read.waitToken) await sendTaskSuccess(read.waitToken, decisionOutcome(ret));
  logger.info('return decided', { returnId: ret.returnId, decision: body.decision, status: ret.status });
  return toReturnView(ret.status === 'APPROVED' ? await issueReturnLabel(ret, await ordersRepository.requireOrder(ret.orderId), correlationId) : ret);
});
