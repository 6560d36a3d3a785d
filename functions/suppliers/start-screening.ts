import * as z from '../../shared/contracts/z';
import { applicationTaskInput } from '../../shared/contracts/suppliers';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { clock } from '../../shared/adapters/clock';
import { applicationChangedConcurrently } from '../../shared/domain/suppliers/application';
import { conflict } from '../../shared/domain/errors';
import { SUPPLIER_ONBOARDING_ERRORS } from '../../shared/domain/workflow-errors';

const input = z.extend(applicationTaskInput, { executionArn: z.string().check(z.minLength(1)) });

/**
 * Workflow task: claims the application for this execution (SUBMITTED → SCREENING). Another execution
 * for the same application (a redelivered event) gets `ApplicationAlreadyInProgress` and stops quietly.
 */
export const handler = taskHandler(input, async function startScreening({ applicationId, executionArn }) {
  const claimed = await suppliersRepository.updateApplication(applicationId, {
    expectedStatuses: ['SUBMITTED'],
    status: 'SCREENING',
    set: { executionArn },
    now: clock.now(),
  });
  if (claimed === 'contention') throw applicationChangedConcurrently(applicationId);
  const application = claimed === 'written' ? undefined : await suppliersRepository.requireApplication(applicationId);
  if (application && application.executionArn !== executionArn) {
    throw conflict(SUPPLIER_ONBOARDING_ERRORS.ApplicationAlreadyInProgress, `Application ${applicationId} is handled by ${application.executionArn ?? 'another process'}`);
  }
  return { status: 'SCREENING' as const };
});
