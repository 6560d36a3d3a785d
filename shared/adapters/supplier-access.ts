/**
 * Whether an actor acts for a supplier: operators for all, a supplier user for the supplier its token names,
 * or one it owns (looked up). Every context whose data belongs to a supplier (catalog, inventory) asks this.
 */
import { hasRole, type Actor } from '../domain/actor';
import { canViewSupplier } from '../domain/suppliers/supplier';
import * as suppliersRepository from './suppliers-repository';

export async function actsForSupplier(actor: Actor, supplierId: string): Promise<boolean> {
  if (hasRole(actor, 'operator') || actor.supplierId === supplierId) return true;
  const supplier = await suppliersRepository.getSupplier(supplierId);
  return supplier !== undefined && canViewSupplier(actor, supplier);
}
