import { describe, expect, it } from 'vitest';
import { chooseSupplier, type SupplierOffer } from '../../../shared/domain/inventory/supplier-choice';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
// The worked example of docs/inventory.md.
const offers: SupplierOffer[] = [
  { supplierId: 'A', standing: 'PREFERRED', unitCost: eur(1_000), leadTimeDays: 10 },
  { supplierId: 'B', standing: 'APPROVED', unitCost: eur(800), leadTimeDays: 7 },
  { supplierId: 'C', standing: 'PROBATION', unitCost: eur(700), leadTimeDays: 12 },
  { supplierId: 'D', standing: 'SUSPENDED', unitCost: eur(500), leadTimeDays: 3 },
];

describe('chooseSupplier', () => {
  it('ranks eligible offers by standing, cost and lead time (A 85, B 81.25, C 56.67) and never takes a suspended one', () => {
    const choice = chooseSupplier('SKU1', offers, 'EUR');
    expect(choice.chosen?.offer.supplierId).toBe('A');
    if (!choice.chosen) throw new Error('expected a choice');
    expect(choice.ranked.map((ranked) => [ranked.offer.supplierId, Math.round(ranked.score * 100) / 100, ranked.needsManualApproval])).toEqual([
      ['A', 85, false], // 50 × 1 + 30 × 700/1000 + 20 × 7/10
      ['B', 81.25, false], // 50 × 0.7 + 30 × 700/800 + 20 × 7/7
      ['C', 56.67, true], // 50 × 0.3 + 30 × 700/700 + 20 × 7/12
    ]);
    expect(choice.excluded).toEqual([{ supplierId: 'D', reason: 'SUSPENDED' }]);
  });

  it('lets price and speed beat standing when the gap is wide enough', () => {
    // B at 500 and 5 days: 35 + 30 + 20 = 85 against A's 50 + 15 + 10 = 75
    const choice = chooseSupplier('SKU1', [offers[0]!, { ...offers[1]!, unitCost: eur(500), leadTimeDays: 5 }], 'EUR');
    expect(choice.chosen?.offer.supplierId).toBe('B');
  });

  it('takes a supplier on probation when it is the only one, flagged for manual approval', () => {
    const choice = chooseSupplier('SKU1', [offers[2]!, offers[3]!], 'EUR');
    expect(choice.chosen).toMatchObject({ offer: { supplierId: 'C' }, needsManualApproval: true, score: 100 - 35 });
  });

  it('breaks ties by cost, then lead time, then supplier id', () => {
    const twin = { supplierId: 'Z', standing: 'APPROVED' as const, unitCost: eur(800), leadTimeDays: 7 };
    expect(chooseSupplier('SKU1', [twin, { ...twin, supplierId: 'Y' }], 'EUR').chosen?.offer.supplierId).toBe('Y');
  });

  it('says why when nobody is eligible', () => {
    expect(chooseSupplier('SKU1', [offers[3]!, { ...offers[1]!, unitCost: { amount: 800, currency: 'USD' } }], 'EUR')).toMatchObject({
      chosen: undefined,
      reason: 'NO_ELIGIBLE_SUPPLIER',
      message: 'No eligible supplier for SKU SKU1 (D: SUSPENDED, B: OTHER_CURRENCY).',
    });
    expect(chooseSupplier('SKU1', [], 'EUR')).toMatchObject({ chosen: undefined, reason: 'NO_SUPPLIER_OFFERS_SKU' });
  });
});
