import { applicationTaskInput } from '../../shared/contracts/suppliers';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { clock } from '../../shared/adapters/clock';
import { checkCompleteness } from '../../shared/domain/suppliers/completeness';

/** Workflow task: does the application hold everything we need? Reasons are for the applicant. */
export const handler = taskHandler(applicationTaskInput, async function checkCompletenessTask({ applicationId }) {
  const application = await suppliersRepository.requireApplication(applicationId);
  const { complete, missing } = checkCompleteness(application.form, clock.now());
  return { complete, reasons: missing.map((item) => item.message) };
});
