import * as z from '../../shared/contracts/z';
import { applicationTaskInput } from '../../shared/contracts/suppliers';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { applicationChangedConcurrently, decisionOutcome, decisionRefusal } from '../../shared/domain/suppliers/application';
import { applicationAwaitingDecision } from '../../shared/domain/suppliers/events';

const input = z.extend(applicationTaskInput, { taskToken: z.string().check(z.minLength(1)) });

/**
 * Workflow task behind both "await operator decision" steps: stores this step's task token so the
 * decision route can wake it, and announces the wait the first time. A decision recorded while no
 * step was listening (between a timeout and this step) is handed back at once.
 */
export const handler = taskHandler(input, async function requestDecision({ applicationId, taskToken, correlationId }) {
  const application = await suppliersRepository.requireApplication(applicationId);
  const firstTime = application.status === 'SCREENING';
  const stored =
    !application.operatorDecision &&
    (await suppliersRepository.updateApplication(applicationId, {
      ...(firstTime
        ? {
            expectedStatuses: ['SCREENING'],
            status: 'AWAITING_DECISION',
            events: [applicationAwaitingDecision(application, application.qualification?.score ?? 0, application.decisionDueAt ?? '')],
          }
        : { expectedStatuses: ['AWAITING_DECISION'] }),
      set: { taskToken },
      correlationId,
      now: clock.now(),
    }));
  if (stored === 'contention') throw applicationChangedConcurrently(applicationId);
  if (stored === 'written') return { waiting: true };

  const latest = await suppliersRepository.requireApplication(applicationId);
  if (!latest.operatorDecision) throw decisionRefusal(latest);
  const outcome = await sendTaskSuccess(taskToken, decisionOutcome(latest.operatorDecision));
  logger.info('decision was already recorded; resumed own task token', { applicationId, outcome });
  return { waiting: false };
});
