import * as z from '../../shared/contracts/z';
import { applicationTaskInput } from '../../shared/contracts/suppliers';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { markFailed } from '../../shared/domain/suppliers/onboarding';
import { applyApplicationStep } from './application-steps';

/** What a Catch puts at its ResultPath: `{ Error, Cause }`. */
const input = z.extend(applicationTaskInput, {
  failure: z._default(z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) }), {}),
});

/**
 * Workflow task (the catch-all): marks the application FAILED and raises `SupplierOnboardingFailed`.
 * It must not fail itself: a missing or already finished application is logged and left alone, and a write
 * that lost to another one is decided again on the application as it now is.
 */
export const handler = taskHandler(input, async function markOnboardingFailed({ applicationId, correlationId, failure }) {
  const now = clock.now();
  const error = failure.Error ?? 'Unknown';
  const outcome = await applyApplicationStep(applicationId, (application) => markFailed(application, { error, cause: failure.Cause ?? '' }, now), {
    correlationId,
    whenMissing: { recorded: false },
  });
  if (!outcome.recorded) logger.warn('onboarding failed; application not marked', { applicationId, error });
  return outcome;
});
