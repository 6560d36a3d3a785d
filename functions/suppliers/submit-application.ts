import { supplierRoutes } from '../../shared/contracts/suppliers';
import { httpHandler } from '../../shared/http/handler';
import { suppliersRepository } from '../../shared/adapters/suppliers-repository';
import { clock } from '../../shared/adapters/clock';
import { newId } from '../../shared/adapters/ids';
import { logger } from '../../shared/adapters/logger';
import { newApplication } from '../../shared/domain/suppliers/application';
import { applicationSubmitted } from '../../shared/domain/suppliers/events';
import { toApplicationView } from './views';

/** POST /suppliers/applications — stores the application; its event starts the onboarding workflow. */
export const handler = httpHandler(supplierRoutes.submitSupplierApplication, async ({ body, actor, correlationId }) => {
  const application = newApplication(newId(), actor, body, clock.now());
  await suppliersRepository.createApplication(application, applicationSubmitted(application, correlationId), correlationId);
  logger.info('supplier application submitted', { applicationId: application.applicationId });
  return toApplicationView(application, actor);
});
