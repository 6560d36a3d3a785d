import { returnTokenTaskInput } from '../../shared/contracts/returns';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as returnsRepository from '../../shared/adapters/returns-repository';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import { logger } from '../../shared/adapters/logger';
import { decisionOutcome } from '../../shared/domain/returns/approval';

/**
 * Workflow task behind both "await decision" steps: stores this step's task token on the return so
 * `POST /returns/{id}/decision` can wake it. A decision taken while no step was listening is handed back at once.
 */
export const handler = taskHandler(returnTokenTaskInput, async function requestReturnDecision({ returnId, taskToken, correlationId }) {
  const { ret } = await returnsRepository.updateReturn(returnId, (current) => (current.status === 'PENDING_APPROVAL' ? { next: { ...current, approvalToken: taskToken } } : {}), correlationId);
  if (ret.status === 'PENDING_APPROVAL') return { waiting: true };
  const outcome = await sendTaskSuccess(taskToken, decisionOutcome(ret));
  logger.info('return was already decided; resumed own task token', { returnId, status: ret.status, outcome });
  return { waiting: false };
});
