import { applicationTaskInput } from '../../shared/contracts/suppliers';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { clock } from '../../shared/adapters/clock';
import { applicationChangedConcurrently } from '../../shared/domain/suppliers/application';
import { newId } from '../../shared/adapters/ids';
import { conflict } from '../../shared/domain/errors';
import { supplierApproved } from '../../shared/domain/suppliers/events';
import { newSupplier } from '../../shared/domain/suppliers/supplier';

/**
 * Workflow task: the supplier, the approved application and `SupplierApproved` in one transaction.
 * Running it again finds the application approved and returns the same supplier.
 */
export const handler = taskHandler(applicationTaskInput, async function approveSupplier({ applicationId, correlationId }) {
  const application = await suppliersRepository.requireApplication(applicationId);
  if (application.status === 'APPROVED' && application.supplierId) return { supplierId: application.supplierId };
  const decision = application.operatorDecision;
  if (decision?.decision !== 'APPROVE') {
    throw conflict('ApplicationNotApproved', `Application ${applicationId} has no approval decision`);
  }
  const now = clock.now();
  const supplier = newSupplier(newId(), application, decision.terms, decision.decidedBy, now);
  const approved = await suppliersRepository.updateApplication(applicationId, {
    expectedStatuses: ['DECISION_RECORDED'],
    status: 'APPROVED',
    set: { supplierId: supplier.supplierId },
    remove: ['taskToken'],
    alsoWrite: [suppliersRepository.newSupplierPut(supplier)],
    events: [supplierApproved(supplier, application.applicantEmail, decision.terms)],
    company: application.form.company,
    supplierId: supplier.supplierId,
    correlationId,
    now,
  });
  if (approved === 'contention') throw applicationChangedConcurrently(applicationId);
  if (approved === 'written') return { supplierId: supplier.supplierId };

  const latest = await suppliersRepository.requireApplication(applicationId);
  if (latest.status === 'APPROVED' && latest.supplierId) return { supplierId: latest.supplierId };
  throw conflict('ApplicationNotApproved', `Application ${applicationId} is ${latest.status}, it cannot be approved`);
});
