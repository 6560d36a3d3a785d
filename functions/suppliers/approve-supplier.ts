import { applicationTaskInput } from '../../shared/contracts/suppliers';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { newId } from '../../shared/adapters/ids';
import { approveApplication } from '../../shared/domain/suppliers/onboarding';
import { applyApplicationStep } from './application-steps';

/**
 * Workflow task: the supplier, the approved application and `SupplierApproved` in one transaction.
 * Running it again finds the application approved and returns the same supplier.
 */
export const handler = taskHandler(applicationTaskInput, async function approveSupplier({ applicationId, correlationId }) {
  const now = clock.now();
  const supplierId = newId();
  return applyApplicationStep(applicationId, (application) => approveApplication(application, supplierId, now), { correlationId });
});
