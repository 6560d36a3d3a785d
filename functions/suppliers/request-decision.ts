import * as z from '../../shared/contracts/z';
import { applicationTaskInput } from '../../shared/contracts/suppliers';
import { taskHandler } from '../../shared/tasks/task-handler';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { awaitOperatorDecision } from '../../shared/domain/suppliers/onboarding';
import { applyApplicationStep } from './application-steps';

const input = z.extend(applicationTaskInput, { taskToken: z.string().check(z.minLength(1)) });

/**
 * Workflow task behind both "await operator decision" steps: stores this step's task token so the
 * decision route can wake it, and announces the wait the first time. A decision recorded while no
 * step was listening (between a timeout and this step) is handed back at once.
 */
export const handler = taskHandler(input, async function requestDecision({ applicationId, taskToken, correlationId }) {
  const now = clock.now();
  const wait = await applyApplicationStep(applicationId, (application) => awaitOperatorDecision(application, now), { taskToken, correlationId });
  if (wait.waiting) return { waiting: true };
  const outcome = await sendTaskSuccess(taskToken, wait.resume);
  logger.info('decision was already recorded; resumed own task token', { applicationId, outcome });
  return { waiting: false };
});
