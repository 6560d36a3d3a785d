import { applicationTaskInput } from '../../shared/contracts/suppliers';
import { taskHandler } from '../../shared/tasks/task-handler';
import { clock } from '../../shared/adapters/clock';
import { recordScore } from '../../shared/domain/suppliers/onboarding';
import { decisionTiming } from '../../shared/domain/decision-timing';
import { supplierSettingsFrom } from '../../shared/domain/suppliers/settings';
import { applyApplicationStep } from './application-steps';

/** Fractional hours are fine (tests use seconds): the waits are computed in whole seconds. */
const settings = supplierSettingsFrom(process.env);
const timing = decisionTiming(settings.decisionWindowHours, settings.decisionReminderHours);

/** Workflow task: scores the application, keeps the breakdown, and tells the workflow how long to wait. */
export const handler = taskHandler(applicationTaskInput, async function scoreApplicationTask({ applicationId }) {
  const now = clock.now();
  return applyApplicationStep(applicationId, (application) => recordScore(application, timing, now));
});
