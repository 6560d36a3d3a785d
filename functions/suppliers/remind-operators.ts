import { applicationTaskInput } from '../../shared/contracts/suppliers';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { clock } from '../../shared/adapters/clock';
import { applicationChangedConcurrently } from '../../shared/domain/suppliers/application';
import { decisionReminderDue } from '../../shared/domain/suppliers/events';

/** Workflow task: one reminder to operators, unless the application was decided meanwhile. */
export const handler = taskHandler(applicationTaskInput, async function remindOperators({ applicationId, correlationId }) {
  const application = await suppliersRepository.requireApplication(applicationId);
  const now = clock.now();
  const reminded = await suppliersRepository.updateApplication(applicationId, {
    expectedStatuses: ['AWAITING_DECISION'],
    requireAbsent: ['reminderSentAt'],
    set: { reminderSentAt: now.toISOString() },
    events: [decisionReminderDue(application, application.decisionDueAt ?? '')],
    correlationId,
    now,
  });
  if (reminded === 'contention') throw applicationChangedConcurrently(applicationId);
  return { reminded: reminded === 'written' };
});
