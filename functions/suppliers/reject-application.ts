import * as z from '../../shared/contracts/z';
import { applicationTaskInput } from '../../shared/contracts/suppliers';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { rejectApplication } from '../../shared/domain/suppliers/onboarding';
import { applyApplicationStep } from './application-steps';

const input = z.extend(applicationTaskInput, {
  basis: z.enum(['INCOMPLETE', 'BELOW_THRESHOLD', 'OPERATOR']),
  /** Screening's reasons; an operator's rejection brings its own (read from the application). */
  reasons: z._default(z.array(z.string()), []),
});

/** Workflow task: rejects the application (screening or operator) and tells the applicant why. */
export const handler = taskHandler(input, async function rejectApplicationTask({ applicationId, correlationId, basis, reasons }) {
  const now = clock.now();
  return applyApplicationStep(applicationId, (application) => rejectApplication(application, basis, reasons, now), { correlationId });
});
