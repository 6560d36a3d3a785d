import { describe, expect, it } from 'vitest';
import { clearSupplierFlag, flagSupplierSuspended } from '../../../shared/domain/catalog/supplier-flag';
import type { Product } from '../../../shared/domain/catalog/product';

const NOW = new Date('2026-12-07T02:00:00.000Z');
const product = { productId: 'P1', supplierId: 'S1', status: 'ACTIVE', updatedAt: '2026-11-01T00:00:00.000Z' } as unknown as Product;

describe("a suspended supplier's listing", () => {
  it('is flagged once, and the flag goes when the supplier is lifted', () => {
    const flagged = flagSupplierSuspended(product, '2026-11-30', NOW)!;
    expect(flagged).toMatchObject({ status: 'ACTIVE', supplierFlag: { reason: 'SUPPLIER_SUSPENDED', since: NOW.toISOString(), weekStart: '2026-11-30' }, updatedAt: NOW.toISOString() });
    expect(flagSupplierSuspended(flagged, '2026-12-07', NOW)).toBeUndefined();
    const lifted = clearSupplierFlag(flagged, NOW)!;
    expect(lifted).not.toHaveProperty('supplierFlag');
    expect(clearSupplierFlag(lifted, NOW)).toBeUndefined();
  });
});
