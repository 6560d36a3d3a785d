import { applicationTaskInput } from '../../shared/contracts/suppliers';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { clock } from '../../shared/adapters/clock';
import { applicationChangedConcurrently, decisionOutcome, decisionRefusal } from '../../shared/domain/suppliers/application';
import { applicationExpired } from '../../shared/domain/suppliers/events';

/**
 * Workflow task: the decision window closed. Expires the application, unless a decision slipped in
 * at the last moment: then that decision is returned and onboarding carries on with it.
 */
export const handler = taskHandler(applicationTaskInput, async function expireApplication({ applicationId, correlationId }) {
  const application = await suppliersRepository.requireApplication(applicationId);
  const expired = await suppliersRepository.updateApplication(applicationId, {
    expectedStatuses: ['AWAITING_DECISION'],
    status: 'EXPIRED',
    remove: ['taskToken'],
    events: [applicationExpired(application)],
    company: application.form.company,
    correlationId,
    now: clock.now(),
  });
  if (expired === 'contention') throw applicationChangedConcurrently(applicationId);
  if (expired === 'written') return { expired: true };

  const latest = await suppliersRepository.requireApplication(applicationId);
  if (latest.operatorDecision) return { expired: false, ...decisionOutcome(latest.operatorDecision) };
  if (latest.status === 'EXPIRED') return { expired: true };
  throw decisionRefusal(latest);
});
