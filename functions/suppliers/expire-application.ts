import { applicationTaskInput } from '../../shared/contracts/suppliers';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { expireUndecided } from '../../shared/domain/suppliers/onboarding';
import { applyApplicationStep } from './application-steps';

/**
 * Workflow task: the decision window closed. Expires the application, unless a decision slipped in
 * at the last moment: then that decision is returned and onboarding carries on with it.
 */
export const handler = taskHandler(applicationTaskInput, async function expireApplication({ applicationId, correlationId }) {
  const now = clock.now();
  return applyApplicationStep(applicationId, (application) => expireUndecided(application, now), { correlationId });
});
