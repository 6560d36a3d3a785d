/**
 * What the onboarding workflow's task functions share: save what a step decided
 * (shared/domain/suppliers/onboarding.ts) on the application, deciding again on the fresh application when
 * the write is refused or lost; an application that kept changing is `ApplicationChangedConcurrently`, which
 * the workflow retries.
 */
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import type { ApplicationUpdateOptions, StoredApplication } from '../../shared/adapters/suppliers-repository';
import { applicationChangedConcurrently } from '../../shared/domain/suppliers/application';
import type { ApplicationDecision } from '../../shared/domain/suppliers/onboarding';

/** A step writes, and once more on the application read again (its first write was refused or lost). */
const STEP_ATTEMPTS = 2;

export async function applyApplicationStep<R>(
  applicationId: string,
  decide: (application: StoredApplication) => ApplicationDecision<R>,
  options: Omit<ApplicationUpdateOptions<R>, 'attempts'> = {},
): Promise<R> {
  const answer = await suppliersRepository.updateApplication(applicationId, decide, { ...options, attempts: STEP_ATTEMPTS });
  if (answer === 'contention') throw applicationChangedConcurrently(applicationId);
  return answer;
}
