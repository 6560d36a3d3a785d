import { supplierRoutes } from '../../shared/contracts/suppliers';
import { httpHandler } from '../../shared/http/handler';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { sendTaskSuccess } from '../../shared/adapters/workflows';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { applicationChangedConcurrently, decisionOutcome, decisionRefusal, type OperatorDecision } from '../../shared/domain/suppliers/application';
import { toApplicationView } from './views';

/**
 * POST /suppliers/applications/{id}/decision — records the decision (once), then wakes the waiting
 * workflow. If its wait already timed out, the next wait step finds the decision and resumes itself.
 */
export const handler = httpHandler(supplierRoutes.decideSupplierApplication, async function decideApplication({ path, body, actor }) {
  const now = clock.now();
  const decision: OperatorDecision = { ...body, decidedBy: actor.sub, decidedAt: now.toISOString() };
  const recorded = await suppliersRepository.updateApplication(path.id, {
    expectedStatuses: ['AWAITING_DECISION'],
    status: 'DECISION_RECORDED',
    set: { operatorDecision: decision },
    now,
  });
  if (recorded === 'contention') throw applicationChangedConcurrently(path.id);
  const application = await suppliersRepository.requireApplication(path.id);
  if (recorded !== 'written') throw decisionRefusal(application);
  const resumed = application.taskToken ? await sendTaskSuccess(application.taskToken, decisionOutcome(decision)) : 'token-expired';
  logger.info('supplier decision recorded', { applicationId: path.id, decision: decision.decision, resumed });
  return toApplicationView(application, actor);
});
