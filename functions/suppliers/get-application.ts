import { supplierRoutes } from '../../shared/contracts/suppliers';
import { readHandler } from '../../shared/http/read-handler';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { notFound } from '../../shared/domain/errors';
import { canViewApplication } from '../../shared/domain/suppliers/supplier';
import { toApplicationView } from './views';

/** GET /suppliers/applications/{id} — operators, or the applicant; to anyone else it does not exist. */
export const handler = readHandler(supplierRoutes.getSupplierApplication, async function getApplicationRoute({ path, actor }) {
  const application = await suppliersRepository.getApplication(path.id);
  if (!application || !canViewApplication(actor, application)) throw notFound('Application', path.id);
  return toApplicationView(application, actor);
});
