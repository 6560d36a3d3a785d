/**
 * Which suppliers offer a SKU, and on what terms: the restock's ChooseSupplier ranks them (supplier-choice.ts).
 *
 * A SKU is listed by one supplier (its product's), which offers it implicitly at the SKU's unit cost on its
 * contract's terms (lead time, MOQ and pack for the SKU). Other approved suppliers offer the same SKU by an
 * offer of their own (`PUT /inventory/{sku}/offers/{supplierId}`): a unit cost in the SKU's currency and, where
 * they differ from the contract, a lead time, MOQ and pack. A stored offer of the listing supplier replaces its
 * implicit one (a renegotiated price). A supplier on probation may offer (its orders need an operator); a
 * suspended one may not offer, and an offer it made before is excluded from the choice, never deleted.
 * When the SKU's product is archived, its stored offers end (`endOffer`): kept, with when and why, and excluded
 * from the choice for good (`OFFER_ENDED`); a retired SKU takes no new offer (409 SkuRetired).
 *
 * Worked example: SKU NW-TEE-M is listed by Nordwind at 4.20 EUR (21 days, MOQ 50, pack 10). Baltic offers it
 * at 3.90 EUR in 28 days with MOQ 100. Both APPROVED: Nordwind scores 50·0.7 + 30·3.90/4.20 + 20·21/21 = 82.9,
 * Baltic 50·0.7 + 30 + 20·21/28 = 80 — Nordwind is chosen; were Baltic PREFERRED (50·1), Baltic would be (95).
 */
import { conflict, DomainError, invalid, type FieldError } from '../errors';
import type { Money } from '../money';
import type { SupplierStanding } from '../suppliers/standing';
import type { SupplierStatus } from '../suppliers/supplier';
import { roundUpToPack } from './reorder-policy';
import { termsForSku, type PurchasingTerms, type SkuPurchaseTerms } from './restock';
import type { SupplierOffer } from './supplier-choice';

/** What a supplier asks for a SKU; lead time, MOQ and pack only where they differ from its contract. */
export interface SupplierSkuOffer {
  readonly sku: string;
  readonly supplierId: string;
  readonly unitCost: Money;
  readonly leadTimeDays?: number;
  readonly minimumOrderQuantity?: number;
  readonly packSize?: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
  /** Set once when the offer ends; the offer stays stored (history) and is never chosen again. */
  readonly endedAt?: string;
  readonly endReason?: OfferEndReason;
}

/** Why an offer ended: its SKU's product was archived (the SKU is retired, never restocked). */
export type OfferEndReason = 'PRODUCT_ARCHIVED';

/** What the choice needs of a supplier record. */
export interface OfferingSupplier {
  readonly supplierId: string;
  readonly status: SupplierStatus;
  readonly standing?: SupplierStanding;
  readonly terms: PurchasingTerms & { readonly qualityStandard: string };
}

/** A ranked offer's full terms: what the purchase order is made with. */
export interface OfferTerms extends SupplierOffer, SkuPurchaseTerms {
  /** The supplier contract's AQL: the QC column of every receipt. */
  readonly aql: string;
}

export const OFFER_LIMITS = { leadTimeDays: { min: 1, max: 180 }, minimumOrderQuantity: { min: 1, max: 1_000_000 }, packSize: { min: 1, max: 100_000 } } as const;

const standingOf = (supplier: OfferingSupplier): SupplierStanding => supplier.standing ?? supplier.status;

/**
 * Refuses an offer that cannot stand: a retired SKU (409 SkuRetired: its product is archived, and its ended offers
 * stay as they ended), a suspended supplier (409 SupplierSuspended), a price in another currency than the SKU's
 * (422 CurrencyMismatch), a price or terms out of range (400, each field named). Returns the offer to store.
 */
export function decideOffer(
  input: Omit<SupplierSkuOffer, 'updatedAt' | 'updatedBy' | 'endedAt' | 'endReason'>,
  supplier: OfferingSupplier,
  skuCurrency: string,
  actor: string,
  now: Date,
  skuRetiredAt?: string,
): SupplierSkuOffer {
  if (skuRetiredAt !== undefined) throw conflict('SkuRetired', `SKU ${input.sku} was retired on ${skuRetiredAt} (its product is archived) and takes no offers.`);
  if (standingOf(supplier) === 'SUSPENDED') throw conflict('SupplierSuspended', `Supplier ${supplier.supplierId} is suspended and may not offer SKUs.`);
  if (input.unitCost.currency !== skuCurrency) {
    throw new DomainError('unprocessable', 'CurrencyMismatch', `SKU ${input.sku} is bought in ${skuCurrency}, not ${input.unitCost.currency}.`, [{ field: 'unitCost.currency', message: `SKU ${input.sku} is bought in ${skuCurrency}.` }]);
  }
  const errors: FieldError[] = [];
  if (!(input.unitCost.amount > 0)) errors.push({ field: 'unitCost.amount', message: 'A unit cost is more than zero.' });
  for (const field of ['leadTimeDays', 'minimumOrderQuantity', 'packSize'] as const) {
    const value = input[field];
    const { min, max } = OFFER_LIMITS[field];
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) errors.push({ field, message: `A whole number from ${min} to ${max}.` });
  }
  if (errors.length > 0) throw invalid(`The offer for SKU ${input.sku} cannot be accepted.`, errors);
  return { ...input, updatedAt: now.toISOString(), updatedBy: actor };
}

/**
 * The offer ended for `reason` at `now`, or undefined when it has ended already (a redelivered event changes
 * nothing: the first end, its time and reason, stands).
 */
export function endOffer(offer: SupplierSkuOffer, reason: OfferEndReason, now: Date): SupplierSkuOffer | undefined {
  if (offer.endedAt !== undefined) return undefined;
  return { ...offer, endedAt: now.toISOString(), endReason: reason };
}

/** One offer's full terms: the offer's own where it names them, else the supplier contract's (restock.ts's termsForSku). */
const offerTerms = (supplier: OfferingSupplier, unitCost: Money, offer?: SupplierSkuOffer): OfferTerms => ({
  supplierId: supplier.supplierId,
  standing: standingOf(supplier),
  unitCost,
  ...termsForSku(supplier.terms, offer),
  aql: supplier.terms.qualityStandard,
  ...(offer?.endedAt === undefined ? {} : { endedAt: offer.endedAt }),
});

/**
 * Every offer of a SKU with its supplier's standing: the listing supplier's (its stored offer, else the SKU's
 * unit cost on its contract) and each other supplier's stored offer. An offer whose supplier record is gone is
 * left out; a suspended supplier's and an ended offer stay in, for the choice to exclude and say so (an ended
 * offer of the listing supplier is not replaced by its implicit one).
 */
export function offersOfSku(
  sku: string,
  listing: { readonly supplierId: string; readonly unitCost?: Money },
  stored: readonly SupplierSkuOffer[],
  suppliers: ReadonlyMap<string, OfferingSupplier>,
): OfferTerms[] {
  const offers: OfferTerms[] = [];
  const listingSupplier = suppliers.get(listing.supplierId);
  const listingOffer = stored.find((offer) => offer.supplierId === listing.supplierId);
  const listingCost = listingOffer?.unitCost ?? listing.unitCost;
  if (listingSupplier && listingCost) offers.push(offerTerms(listingSupplier, listingCost, listingOffer));
  for (const offer of stored) {
    const supplier = suppliers.get(offer.supplierId);
    if (offer.supplierId !== listing.supplierId && supplier) offers.push(offerTerms(supplier, offer.unitCost, offer));
  }
  return offers;
}

/**
 * The quantity ComputeQuantity asked for, made orderable from the chosen offer: at least its MOQ, in whole
 * packs (ComputeQuantity used the listing supplier's MOQ and pack; another supplier may ship otherwise).
 */
export const orderableQuantity = (quantity: number, offer: Pick<SkuPurchaseTerms, 'minimumOrderQuantity' | 'packSize'>): number =>
  roundUpToPack(Math.max(quantity, offer.minimumOrderQuantity), offer.packSize);
