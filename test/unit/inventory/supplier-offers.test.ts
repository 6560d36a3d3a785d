import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/domain/errors';
import { decideOffer, endOffer, offersOfSku, orderableQuantity, type OfferingSupplier, type SupplierSkuOffer } from '../../../shared/domain/inventory/supplier-offers';
import { chooseSupplier } from '../../../shared/domain/inventory/supplier-choice';

const NOW = new Date('2030-07-02T08:00:00.000Z');
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const supplier = (supplierId: string, fields: Partial<OfferingSupplier> = {}): OfferingSupplier => ({
  supplierId,
  status: 'APPROVED',
  terms: { leadTimeDays: 21, minimumOrderQuantity: 50, qualityStandard: 'AQL 2.5' },
  ...fields,
});
const stored = (supplierId: string, fields: Partial<SupplierSkuOffer> = {}): SupplierSkuOffer => ({
  sku: 'NW-TEE-M',
  supplierId,
  unitCost: eur(390),
  updatedAt: NOW.toISOString(),
  updatedBy: 'buyer-bea',
  ...fields,
});
const refusal = (act: () => unknown): DomainError => {
  try {
    act();
  } catch (error) {
    if (error instanceof DomainError) return error;
  }
  throw new Error('expected a refusal');
};

describe('decideOffer', () => {
  it('stores the offer with who and when', () => {
    expect(decideOffer({ sku: 'NW-TEE-M', supplierId: 'baltic', unitCost: eur(390), leadTimeDays: 28 }, supplier('baltic'), 'EUR', 'owner-b', NOW)).toEqual({
      sku: 'NW-TEE-M',
      supplierId: 'baltic',
      unitCost: eur(390),
      leadTimeDays: 28,
      updatedAt: NOW.toISOString(),
      updatedBy: 'owner-b',
    });
  });

  it('refuses a suspended supplier (409), another currency (422), a price or terms out of range (400, each field named)', () => {
    expect(refusal(() => decideOffer({ sku: 'S', supplierId: 'x', unitCost: eur(1) }, supplier('x', { standing: 'SUSPENDED' }), 'EUR', 'a', NOW))).toMatchObject({ kind: 'conflict', code: 'SupplierSuspended' });
    expect(refusal(() => decideOffer({ sku: 'S', supplierId: 'x', unitCost: { amount: 1, currency: 'USD' } }, supplier('x'), 'EUR', 'a', NOW))).toMatchObject({ kind: 'unprocessable', code: 'CurrencyMismatch' });
    const ranges = refusal(() => decideOffer({ sku: 'S', supplierId: 'x', unitCost: eur(0), leadTimeDays: 181, minimumOrderQuantity: 0, packSize: 1.5 }, supplier('x'), 'EUR', 'a', NOW));
    expect(ranges.kind).toBe('validation');
    expect(ranges.fieldErrors.map((error) => error.field)).toEqual(['unitCost.amount', 'leadTimeDays', 'minimumOrderQuantity', 'packSize']);
  });
});

describe('offersOfSku', () => {
  const suppliers = new Map([
    ['nordwind', supplier('nordwind')],
    ['baltic', supplier('baltic', { standing: 'PREFERRED', terms: { leadTimeDays: 28, minimumOrderQuantity: 100, qualityStandard: 'AQL 1.0' } })],
  ]);

  it("is the listing supplier's implicit offer on its contract, then each other supplier's on its own terms", () => {
    expect(offersOfSku('NW-TEE-M', { supplierId: 'nordwind', unitCost: eur(420) }, [stored('baltic')], suppliers)).toEqual([
      { supplierId: 'nordwind', standing: 'APPROVED', unitCost: eur(420), leadTimeDays: 21, minimumOrderQuantity: 50, packSize: 1, aql: 'AQL 2.5' },
      { supplierId: 'baltic', standing: 'PREFERRED', unitCost: eur(390), leadTimeDays: 28, minimumOrderQuantity: 100, packSize: 1, aql: 'AQL 1.0' },
    ]);
  });

  it("lets the listing supplier's stored offer replace its implicit one, and leaves out an offer whose supplier is gone", () => {
    const offers = offersOfSku('NW-TEE-M', { supplierId: 'nordwind', unitCost: eur(420) }, [stored('nordwind', { unitCost: eur(400), packSize: 20 }), stored('gone')], suppliers);
    expect(offers).toEqual([{ supplierId: 'nordwind', standing: 'APPROVED', unitCost: eur(400), leadTimeDays: 21, minimumOrderQuantity: 50, packSize: 20, aql: 'AQL 2.5' }]);
  });

  it('ranks as the worked example says: Nordwind 82.9 over an APPROVED Baltic (80); a PREFERRED Baltic wins (95)', () => {
    const approvedBaltic = new Map([...suppliers, ['baltic', supplier('baltic', { terms: { leadTimeDays: 28, minimumOrderQuantity: 100, qualityStandard: 'AQL 1.0' } })]]);
    const ranked = (bySupplier: ReadonlyMap<string, OfferingSupplier>) => {
      const choice = chooseSupplier('NW-TEE-M', offersOfSku('NW-TEE-M', { supplierId: 'nordwind', unitCost: eur(420) }, [stored('baltic')], bySupplier), 'EUR');
      return 'ranked' in choice ? choice.ranked.map(({ offer, score }) => [offer.supplierId, Math.round(score * 10) / 10]) : [];
    };
    expect(ranked(approvedBaltic)).toEqual([['nordwind', 82.9], ['baltic', 80]]);
    expect(ranked(suppliers)).toEqual([['baltic', 95], ['nordwind', 82.9]]);
  });
});

describe('an offer ending with its SKU (the product archived)', () => {
  const suppliers = new Map([['nordwind', supplier('nordwind')], ['baltic', supplier('baltic', { standing: 'PREFERRED' })]]);
  const LATER = new Date('2030-07-09T08:00:00.000Z');
  const ended = (offer: SupplierSkuOffer) => endOffer(offer, 'PRODUCT_ARCHIVED', NOW)!;

  it('ends once: the first end, its time and reason, stands (a redelivered event changes nothing)', () => {
    const first = ended(stored('baltic'));
    expect(first).toEqual({ ...stored('baltic'), endedAt: NOW.toISOString(), endReason: 'PRODUCT_ARCHIVED' });
    expect(endOffer(first, 'PRODUCT_ARCHIVED', LATER)).toBeUndefined();
  });

  it.each([
    // stored offers → what the choice ranks, and what it leaves out
    ['none ended', [stored('baltic')], ['baltic', 'nordwind'], []],
    ["another supplier's, ended", [ended(stored('baltic'))], ['nordwind'], [{ supplierId: 'baltic', reason: 'OFFER_ENDED' }]],
    // The listing supplier's ended offer is not replaced by its implicit one: nobody is left to buy from.
    ['every one, the listing supplier\'s included', [ended(stored('nordwind')), ended(stored('baltic'))], [], [{ supplierId: 'nordwind', reason: 'OFFER_ENDED' }, { supplierId: 'baltic', reason: 'OFFER_ENDED' }]],
  ])('is kept and never chosen: %s', (_, offers, ranked, excluded) => {
    const choice = chooseSupplier('NW-TEE-M', offersOfSku('NW-TEE-M', { supplierId: 'nordwind', unitCost: eur(420) }, offers, suppliers), 'EUR');
    expect('ranked' in choice ? choice.ranked.map(({ offer }) => offer.supplierId) : []).toEqual(ranked);
    expect(choice.excluded).toEqual(excluded);
  });

  it('a retired SKU takes no new offer (409 SkuRetired), so an ended offer is never overwritten', () => {
    expect(refusal(() => decideOffer({ sku: 'NW-TEE-M', supplierId: 'baltic', unitCost: eur(390) }, supplier('baltic'), 'EUR', 'a', NOW, '2030-07-01T10:00:00.000Z'))).toMatchObject({ kind: 'conflict', code: 'SkuRetired' });
  });
});

describe('orderableQuantity', () => {
  it.each([
    [100, 120, 25, 125],
    [130, 120, 25, 150],
    [100, 1, 1, 100],
    [7, 1, 10, 10],
  ])('%i asked, MOQ %i, packs of %i → %i', (asked, minimumOrderQuantity, packSize, expected) => {
    expect(orderableQuantity(asked, { minimumOrderQuantity, packSize })).toBe(expected);
  });
});
