import { supplierRoutes } from '../../shared/contracts/suppliers';
import { httpHandler } from '../../shared/http/handler';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { applicationChangedConcurrently, decisionOutcome, type OperatorDecision } from '../../shared/domain/suppliers/application';
import { recordOperatorDecision } from '../../shared/domain/suppliers/onboarding';
import { toApplicationView } from './views';

/**
 * POST /suppliers/applications/{id}/decision — records the decision (once), then wakes the waiting
 * workflow. If its wait already timed out, the next wait step finds the decision and resumes itself.
 */
export const handler = httpHandler(supplierRoutes.decideSupplierApplication, async function decideApplication({ path, body, actor }) {
  const now = clock.now();
  const decision: OperatorDecision = { ...body, decidedBy: actor.sub, decidedAt: now.toISOString() };
  // Its condition is its whole check: written before any read; refused, the application read says why (409/404).
  const recorded = await suppliersRepository.updateApplicationUnread(path.id, (application) => recordOperatorDecision(application, decision, now), { attempts: 2 });
  if (recorded === 'contention') throw applicationChangedConcurrently(path.id);
  const application = await suppliersRepository.requireApplication(path.id);
  const resumed = application.taskToken ? await sendTaskSuccess(application.taskToken, decisionOutcome(recorded)) : 'token-expired';
  logger.info('supplier decision recorded', { applicationId: path.id, decision: recorded.decision, resumed });
  return toApplicationView(application, actor);
});
