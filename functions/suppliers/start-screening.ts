import * as z from '../../shared/contracts/z';
import { applicationTaskInput } from '../../shared/contracts/suppliers';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { clock } from '../../shared/adapters/clock';
import { applicationChangedConcurrently } from '../../shared/domain/suppliers/application';
import { claimForScreening } from '../../shared/domain/suppliers/onboarding';

const input = z.extend(applicationTaskInput, { executionArn: z.string().check(z.minLength(1)) });

/**
 * Workflow task: claims the application for this execution (SUBMITTED → SCREENING). Another execution
 * for the same application (a redelivered event) gets `ApplicationAlreadyInProgress` and stops quietly.
 * The claim's condition is its whole check, so it is written before any read.
 */
export const handler = taskHandler(input, async function startScreening({ applicationId, executionArn }) {
  const now = clock.now();
  const claimed = await suppliersRepository.updateApplicationUnread(applicationId, (application) => claimForScreening(application, executionArn, now), { attempts: 2 });
  if (claimed === 'contention') throw applicationChangedConcurrently(applicationId);
  return claimed;
});
