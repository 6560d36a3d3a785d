import { applicationTaskInput } from '../../shared/contracts/suppliers';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { remindOperators } from '../../shared/domain/suppliers/onboarding';
import { applyApplicationStep } from './application-steps';

/** Workflow task: one reminder to operators, unless the application was decided meanwhile. */
export const handler = taskHandler(applicationTaskInput, async function remindOperatorsTask({ applicationId, correlationId }) {
  const now = clock.now();
  return applyApplicationStep(applicationId, (application) => remindOperators(application, now), { correlationId });
});
