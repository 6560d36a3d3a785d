import * as z from '../../shared/contracts/z';
import { applicationTaskInput } from '../../shared/contracts/suppliers';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { applicationChangedConcurrently, isFinal, statusesLeadingTo } from '../../shared/domain/suppliers/application';
import { onboardingFailed } from '../../shared/domain/suppliers/events';

/** What a Catch puts at its ResultPath: `{ Error, Cause }`. */
const input = z.extend(applicationTaskInput, {
  failure: z._default(z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) }), {}),
});

const MAX_CAUSE_LENGTH = 2000;

/**
 * Workflow task (the catch-all): marks the application FAILED and raises `SupplierOnboardingFailed`.
 * It must not fail itself: a missing or already finished application is logged and left alone.
 */
export const handler = taskHandler(input, async function markOnboardingFailed({ applicationId, correlationId, failure }) {
  const error = failure.Error ?? 'Unknown';
  const cause = (failure.Cause ?? '').slice(0, MAX_CAUSE_LENGTH);
  const application = await suppliersRepository.getApplication(applicationId);
  if (!application || isFinal(application.status)) {
    logger.warn('onboarding failed; application not marked', { applicationId, error, status: application?.status });
    return { recorded: false };
  }
  const now = clock.now();
  const recorded = await suppliersRepository.updateApplication(applicationId, {
    expectedStatuses: statusesLeadingTo('FAILED'),
    status: 'FAILED',
    set: { failure: { error, cause, failedAt: now.toISOString() } },
    remove: ['taskToken'],
    events: [onboardingFailed(applicationId, error, cause)],
    company: application.form.company,
    correlationId,
    now,
  });
  if (recorded === 'contention') throw applicationChangedConcurrently(applicationId);
  return { recorded: recorded === 'written' };
});
