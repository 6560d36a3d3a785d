import { supplierRoutes } from '../../shared/contracts/suppliers';
import { readHandler } from '../../shared/http/read-handler';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { toSupplierView } from './views';

/** GET /suppliers/{id} — operators, or the supplier itself; other suppliers are told it does not exist. */
export const handler = readHandler(supplierRoutes.getSupplier, async function getSupplier({ path, actor }) {
  return toSupplierView(await suppliersRepository.requireSupplierVisibleTo(actor, path.id));
});
