import { returnTaskInput } from '../../shared/contracts/returns';
import { taskHandler } from '../../shared/tasks/task-handler';
import { placeReplacement } from './exchanges';

/**
 * Workflow task PlaceReplacementOrder: the exchange's replacement order through the order checkout, at no charge,
 * under the id the receipt reserved (a retry finds that order: never two). Answers PLACED (EXCHANGED, or RECEIVED
 * with the difference to refund), UNAVAILABLE with why (nothing written: FallBackToRefund follows), or SETTLED.
 */
export const handler = taskHandler(returnTaskInput, async function placeReplacementOrder({ returnId, correlationId }) {
  return placeReplacement(returnId, correlationId);
});
