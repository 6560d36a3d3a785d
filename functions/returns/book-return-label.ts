import { returnTaskInput } from '../../shared/contracts/returns';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as returnsRepository from '../../shared/adapters/returns-repository';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import { bookReturnLabel } from '../../shared/adapters/return-requests';

/**
 * Workflow task BookReturnLabel: an approved return has its label (booked by the route that approved it, or here
 * when the carrier failed then: `CarrierUnavailable` is retried). Its compensation is VoidReturnLabel.
 */
export const handler = taskHandler(returnTaskInput, async function bookLabel({ returnId, correlationId }) {
  const ret = await returnsRepository.requireReturn(returnId);
  const labelled = ret.status === 'APPROVED' && !ret.label ? await bookReturnLabel(ret, await ordersRepository.requireOrder(ret.orderId), correlationId) : ret;
  return { status: labelled.status, trackingNumber: labelled.label?.trackingNumber ?? null };
});
