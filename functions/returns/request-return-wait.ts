import { returnWaitTaskInput } from '../../shared/contracts/returns';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as returnsRepository from '../../shared/adapters/returns-repository';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import { logger } from '../../shared/adapters/logger';
import { decisionOutcome, WAITS_WHILE } from '../../shared/domain/returns/approval';

/**
 * Workflow task behind the waits for the decision and for the parcel: stores this step's task token on the return
 * (`waitToken`) while the return is in the status the wait is for, so `POST /returns/{id}/decision` or
 * `POST /returns/{id}/receipt` can wake it. A decision or receipt that came while no step was listening is handed
 * back at once.
 */
export const handler = taskHandler(returnWaitTaskInput, async function requestReturnWait({ returnId, waitingFor, taskToken, correlationId }) {
  const waitsWhile = WAITS_WHILE[waitingFor];
  const { ret } = await returnsRepository.updateReturn(returnId, (current) => (current.status === waitsWhile ? { next: { ...current, waitToken: taskToken } } : {}), correlationId);
  if (ret.status === waitsWhile) return { waiting: true };
  const outcome = await sendTaskSuccess(taskToken, decisionOutcome(ret));
  logger.info('the return moved on before the wait began; resumed own task token', { returnId, waitingFor, status: ret.status, outcome });
  return { waiting: false };
});
