import * as z from '../../shared/contracts/z';
import { applicationTaskInput } from '../../shared/contracts/suppliers';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { clock } from '../../shared/adapters/clock';
import { conflict } from '../../shared/domain/errors';
import { applicationChangedConcurrently, rejectionFor } from '../../shared/domain/suppliers/application';
import { supplierRejected } from '../../shared/domain/suppliers/events';

const input = z.extend(applicationTaskInput, {
  basis: z.enum(['INCOMPLETE', 'BELOW_THRESHOLD', 'OPERATOR']),
  /** Screening's reasons; an operator's rejection brings its own (read from the application). */
  reasons: z._default(z.array(z.string()), []),
});

/** Workflow task: rejects the application (screening or operator) and tells the applicant why. */
export const handler = taskHandler(input, async function rejectApplication({ applicationId, correlationId, basis, reasons }) {
  const application = await suppliersRepository.requireApplication(applicationId);
  if (application.status === 'REJECTED') return { rejected: true };
  const rejection = rejectionFor(application, basis, reasons);
  const rejected = await suppliersRepository.updateApplication(applicationId, {
    expectedStatuses: [rejection.fromStatus],
    status: 'REJECTED',
    set: { rejectionReasons: rejection.reasons },
    remove: ['taskToken'],
    events: [supplierRejected(application, basis, rejection.reasons)],
    company: application.form.company,
    correlationId,
    now: clock.now(),
  });
  if (rejected === 'contention') throw applicationChangedConcurrently(applicationId);
  if (rejected === 'written' || (await suppliersRepository.requireApplication(applicationId)).status === 'REJECTED') {
    return { rejected: true };
  }
  throw conflict('ApplicationNotRejectable', `Application ${applicationId} changed while being rejected`);
});
