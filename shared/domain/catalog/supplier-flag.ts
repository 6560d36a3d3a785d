/**
 * A listing of a SUSPENDED supplier is flagged, not taken down: it gets no purchase orders (restock never
 * chooses a suspended supplier), so what is on hand sells out, and operators see which listings to move to
 * another supplier or archive. The flag goes when the supplier leaves SUSPENDED (an operator lifts it).
 */
import type { Product } from './product';

export interface SupplierFlag {
  readonly reason: 'SUPPLIER_SUSPENDED';
  readonly since: string;
  /** The week whose score suspended the supplier. */
  readonly weekStart: string;
}

/** The product flagged for its supplier's suspension, or undefined when it is flagged already (nothing to write). */
export function flagSupplierSuspended(product: Product, weekStart: string, now: Date): Product | undefined {
  if (product.supplierFlag) return undefined;
  const at = now.toISOString();
  return { ...product, supplierFlag: { reason: 'SUPPLIER_SUSPENDED', since: at, weekStart }, updatedAt: at };
}

/** The product without the flag, or undefined when it has none. */
export function clearSupplierFlag(product: Product, now: Date): Product | undefined {
  if (!product.supplierFlag) return undefined;
  const { supplierFlag: _lifted, ...rest } = product;
  return { ...rest, updatedAt: now.toISOString() };
}
