import { supplierRoutes } from '../../shared/contracts/suppliers';
import { httpHandler } from '../../shared/http/handler';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { creationGuards } from '../../shared/adapters/created-once';
import { clock } from '../../shared/adapters/clock';
import { logger } from '../../shared/adapters/logger';
import { newApplication } from '../../shared/domain/suppliers/application';
import { applicationSubmitted } from '../../shared/domain/suppliers/events';
import { supplierSettingsFrom } from '../../shared/domain/suppliers/settings';
import { toApplicationView } from './views';

/** Days a rejected or expired company waits before applying again (CDK context `reapplyCooldownDays`). */
const REAPPLY_COOLDOWN_DAYS = supplierSettingsFrom(process.env).reapplyCooldownDays;

/**
 * POST /suppliers/applications — stores the application; its event starts the onboarding workflow.
 * Under an Idempotency-Key it is created once however often the request is retried.
 */
export const handler = httpHandler(supplierRoutes.submitSupplierApplication, async function submitApplication({ body, actor, correlationId, creation }) {
  const { value: application, created } = await creationGuards.createOnce(creation, {
    existing: (applicationId) => suppliersRepository.requireApplication(applicationId),
    create: async (applicationId, guard) => {
      const fresh = newApplication(applicationId, actor, body, clock.now());
      await suppliersRepository.createApplication(fresh, applicationSubmitted(fresh, correlationId), correlationId, guard, REAPPLY_COOLDOWN_DAYS);
      return fresh;
    },
  });
  if (created) logger.info('supplier application submitted', { applicationId: application.applicationId });
  return {
    status: supplierRoutes.submitSupplierApplication.response.status,
    body: toApplicationView(application, actor),
    headers: { location: `/suppliers/applications/${application.applicationId}` },
  };
});
