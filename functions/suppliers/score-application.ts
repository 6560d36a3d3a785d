import { applicationTaskInput } from '../../shared/contracts/suppliers';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { clock } from '../../shared/adapters/clock';
import { applicationChangedConcurrently } from '../../shared/domain/suppliers/application';
import { conflict } from '../../shared/domain/errors';
import { scoreApplication } from '../../shared/domain/suppliers/scoring';
import { decisionDueAt, decisionTiming } from '../../shared/domain/decision-timing';
import { supplierSettingsFrom } from '../../shared/domain/suppliers/settings';

/** Fractional hours are fine (tests use seconds): the waits are computed in whole seconds. */
const settings = supplierSettingsFrom(process.env);
const timing = decisionTiming(settings.decisionWindowHours, settings.decisionReminderHours);

/** Workflow task: scores the application, keeps the breakdown, and tells the workflow how long to wait. */
export const handler = taskHandler(applicationTaskInput, async function scoreApplicationTask({ applicationId }) {
  const now = clock.now();
  const application = await suppliersRepository.requireApplication(applicationId);
  const qualification = scoreApplication(application.form, now);
  const recorded = await suppliersRepository.updateApplication(applicationId, {
    expectedStatuses: ['SCREENING'],
    set: { qualification, decisionDueAt: qualification.passed ? decisionDueAt(now, timing) : undefined },
    now,
  });
  if (recorded === 'contention') throw applicationChangedConcurrently(applicationId);
  if (recorded !== 'written') throw conflict('ApplicationNotInScreening', `Application ${applicationId} is no longer in screening`);
  const { passed, score, reasons } = qualification;
  return { passed, score, reasons, timing };
});
