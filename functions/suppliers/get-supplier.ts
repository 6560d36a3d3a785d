import { supplierRoutes } from '../../shared/contracts/suppliers';
import { httpHandler } from '../../shared/http/handler';
import { suppliersRepository } from '../../shared/adapters/suppliers-repository';
import { notFound } from '../../shared/domain/errors';
import { canViewSupplier } from '../../shared/domain/suppliers/supplier';
import { toSupplierView } from './views';

/** GET /suppliers/{id} — operators, or the supplier itself; other suppliers are told it does not exist. */
export const handler = httpHandler(supplierRoutes.getSupplier, async ({ path, actor }) => {
  const supplier = await suppliersRepository.getSupplier(path.id);
  if (!supplier || !canViewSupplier(actor, supplier)) throw notFound('Supplier', path.id);
  return toSupplierView(supplier);
});
