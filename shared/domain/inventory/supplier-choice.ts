/**
 * Which supplier a restock buys from. Eligible: a supplier offering the SKU whose standing is PREFERRED,
 * APPROVED or PROBATION (the last only with an operator's approval of the order), in the order's currency.
 * Never SUSPENDED, never an ended offer. Eligible offers are ranked by a weighted score out of 100:
 *
 *   score = 50 · standing points (PREFERRED 1, APPROVED 0.7, PROBATION 0.3)
 *         + 30 · cheapest unit cost ÷ this unit cost
 *         + 20 · shortest lead time ÷ this lead time
 *
 * (cheapest and shortest among the eligible offers). Ties go to the lower cost, then the shorter lead time,
 * then the supplier id, so the choice is the same on every run. When nobody is eligible, the answer says why.
 */
import type { Money } from '../money';
import type { SupplierStanding } from '../suppliers/standing';

export interface SupplierOffer {
  readonly supplierId: string;
  readonly standing: SupplierStanding;
  readonly unitCost: Money;
  readonly leadTimeDays: number;
  /** When the offer ended (its SKU's product archived): kept as history, never chosen again. */
  readonly endedAt?: string;
}

export const CHOICE_WEIGHTS = { standing: 50, cost: 30, leadTime: 20 } as const;
export const STANDING_POINTS: Readonly<Record<Exclude<SupplierStanding, 'SUSPENDED'>, number>> = { PREFERRED: 1, APPROVED: 0.7, PROBATION: 0.3 };

export type ExclusionReason = 'OFFER_ENDED' | 'SUSPENDED' | 'OTHER_CURRENCY' | 'INVALID_OFFER';

export interface RankedOffer<T extends SupplierOffer = SupplierOffer> {
  readonly offer: T;
  readonly score: number;
  readonly needsManualApproval: boolean;
}

export type SupplierChoice<T extends SupplierOffer = SupplierOffer> =
  | { readonly chosen: RankedOffer<T>; readonly ranked: readonly RankedOffer<T>[]; readonly excluded: readonly { supplierId: string; reason: ExclusionReason }[] }
  | {
      readonly chosen: undefined;
      readonly reason: 'NO_SUPPLIER_OFFERS_SKU' | 'NO_ELIGIBLE_SUPPLIER';
      readonly message: string;
      readonly excluded: readonly { supplierId: string; reason: ExclusionReason }[];
    };

const exclusionOf = (offer: SupplierOffer, currency: string): ExclusionReason | undefined => {
  if (offer.endedAt !== undefined) return 'OFFER_ENDED';
  if (offer.standing === 'SUSPENDED') return 'SUSPENDED';
  if (offer.unitCost.currency !== currency) return 'OTHER_CURRENCY';
  if (!(offer.unitCost.amount > 0) || !(offer.leadTimeDays > 0)) return 'INVALID_OFFER';
  return undefined;
};

export function chooseSupplier<T extends SupplierOffer>(sku: string, offers: readonly T[], currency: string): SupplierChoice<T> {
  const excluded = offers.flatMap((offer) => {
    const reason = exclusionOf(offer, currency);
    return reason ? [{ supplierId: offer.supplierId, reason }] : [];
  });
  const eligible = offers.filter((offer) => !exclusionOf(offer, currency));
  if (offers.length === 0) {
    return { chosen: undefined, reason: 'NO_SUPPLIER_OFFERS_SKU', message: `No supplier offers SKU ${sku}.`, excluded };
  }
  if (eligible.length === 0) {
    const why = excluded.map(({ supplierId, reason }) => `${supplierId}: ${reason}`).join(', ');
    return { chosen: undefined, reason: 'NO_ELIGIBLE_SUPPLIER', message: `No eligible supplier for SKU ${sku} (${why}).`, excluded };
  }
  const cheapest = Math.min(...eligible.map((offer) => offer.unitCost.amount));
  const fastest = Math.min(...eligible.map((offer) => offer.leadTimeDays));
  const ranked = eligible
    .map((offer) => ({
      offer,
      score:
        CHOICE_WEIGHTS.standing * STANDING_POINTS[offer.standing as keyof typeof STANDING_POINTS] +
        (CHOICE_WEIGHTS.cost * cheapest) / offer.unitCost.amount +
        (CHOICE_WEIGHTS.leadTime * fastest) / offer.leadTimeDays,
      needsManualApproval: offer.standing === 'PROBATION',
    }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        a.offer.unitCost.amount - b.offer.unitCost.amount ||
        a.offer.leadTimeDays - b.offer.leadTimeDays ||
        a.offer.supplierId.localeCompare(b.offer.supplierId),
    );
  return { chosen: ranked[0]!, ranked, excluded };
}
