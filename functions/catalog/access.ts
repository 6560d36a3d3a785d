/** Who may act for which supplier's products: operators for all, a supplier user for its own supplier. */
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import type { StoredProduct } from '../../shared/adapters/catalog-repository';
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import { actsForSupplier } from '../../shared/adapters/supplier-access';
import { hasRole, type Actor } from '../../shared/domain/actor';
import { DomainError, forbidden, notFound } from '../../shared/domain/errors';
import { canViewSupplier, type Supplier } from '../../shared/domain/suppliers/supplier';

const unprocessable = (code: string, message: string, field: string) =>
  new DomainError('unprocessable', code, message, [{ field, message }]);

/**
 * The supplier a new product is listed for. Operators name it; a supplier user lists for the supplier
 * its token names (or one it owns), never another's; a suspended supplier lists nothing.
 */
export async function supplierListingFor(actor: Actor, requested: string | undefined): Promise<Supplier> {
  const operator = hasRole(actor, 'operator');
  const supplierId = requested ?? (operator ? undefined : actor.supplierId);
  if (!supplierId) {
    throw operator
      ? unprocessable('SupplierRequired', 'Operators must say which supplier the product is listed for', 'supplierId')
      : forbidden('Your token names no supplier; ask an operator to link your user to your supplier');
  }
  const supplier = await suppliersRepository.getSupplier(supplierId);
  if (!operator && (!supplier || !canViewSupplier(actor, supplier))) throw forbidden('You may only list products for your own supplier');
  if (!supplier) throw unprocessable('UnknownSupplier', `Supplier ${supplierId} does not exist`, 'supplierId');
  if (supplier.status === 'SUSPENDED') throw forbidden(`Supplier ${supplierId} is suspended and cannot list products`);
  return supplier;
}

/** The product if `actor` may see it; to anyone else it does not exist (404, so ids cannot be probed). */
export async function productVisibleTo(actor: Actor, productId: string): Promise<StoredProduct> {
  const product = await catalogRepository.getProduct(productId);
  if (product && (await actsForSupplier(actor, product.supplierId))) return product;
  throw notFound('Product', productId);
}

export const unknownCategory = (categoryId: string) =>
  unprocessable('UnknownCategory', `Category ${categoryId} does not exist`, 'categoryId');
