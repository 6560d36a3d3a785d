/**
 * Which carrier takes a shipment: every carrier that can carry it is scored 0–100, best first.
 *
 * | criterion | weight | points                                                                   |
 * |-----------|-------:|--------------------------------------------------------------------------|
 * | cost      |     40 | 40 × cheapest price ÷ this price (the cheapest gets 40, twice its price 20) |
 * | speed     |     25 | 25 for the fastest transit; 5 fewer per business day slower, never below 0 |
 * | onTime    |     25 | 25 × observed on-time rate (0.94 → 23.5)                                  |
 * | coverage  |     10 | own network in the region 10, through a partner 5                         |
 *
 * Cost and speed are relative to the other candidates for this very shipment; on-time and coverage
 * are absolute. Why these weights: price is what the customer sees and our margin pays; a late or
 * lost parcel costs a support ticket and a repeat customer, so reliability and speed together
 * weigh more than price alone.
 *
 * Excluded, not scored zero: a carrier that does not cover the region, does not offer the service
 * level there, or cannot take the weight. It cannot deliver at all, and a zero score would still
 * win when it is the only one.
 *
 * The score (and each criterion's points in the breakdown) is rounded to 2 decimals before comparing (so float noise never decides); ties go to
 * the lower price, then the shorter transit, then the carrier id in alphabetical order.
 */
import type { Money } from '../money';
import { carrierOffer, type Carrier, type CoverageKind, type RegionCode, type ServiceLevel } from './carriers';

export const CARRIER_CRITERIA = [
  { criterion: 'cost', weight: 40 },
  { criterion: 'speed', weight: 25 },
  { criterion: 'onTime', weight: 25 },
  { criterion: 'coverage', weight: 10 },
] as const;
export type CarrierCriterion = (typeof CARRIER_CRITERIA)[number]['criterion'];

/** Points lost per business day slower than the fastest candidate. */
export const SPEED_POINTS_PER_DAY = 5;
export const COVERAGE_POINTS: Readonly<Record<CoverageKind, number>> = { OWN_NETWORK: 10, PARTNER: 5 };

export interface Shipment {
  readonly region: RegionCode;
  readonly weightGrams: number;
  readonly serviceLevel: ServiceLevel;
}

export interface CarrierScore {
  readonly carrierId: string;
  readonly carrierName: string;
  /** 0–100, rounded to 2 decimals. */
  readonly score: number;
  readonly breakdown: Readonly<Record<CarrierCriterion, number>>;
  readonly price: Money;
  readonly transitBusinessDays: number;
  readonly coverage: CoverageKind;
}

export interface ExcludedCarrier {
  readonly carrierId: string;
  readonly reason: 'REGION_NOT_COVERED' | 'SERVICE_LEVEL_NOT_OFFERED' | 'TOO_HEAVY';
}

export interface CarrierRanking {
  /** Best first. Empty when no carrier can take the shipment. */
  readonly ranked: readonly CarrierScore[];
  readonly excluded: readonly ExcludedCarrier[];
}

const WEIGHT = Object.fromEntries(CARRIER_CRITERIA.map(({ criterion, weight }) => [criterion, weight])) as Record<CarrierCriterion, number>;

const roundTo2 = (value: number): number => Math.round(value * 100) / 100;

const byRank = (a: CarrierScore, b: CarrierScore): number =>
  b.score - a.score ||
  a.price.amount - b.price.amount ||
  a.transitBusinessDays - b.transitBusinessDays ||
  (a.carrierId < b.carrierId ? -1 : a.carrierId > b.carrierId ? 1 : 0);

export function scoreCarriers(carriers: readonly Carrier[], shipment: Shipment): CarrierRanking {
  const excluded: ExcludedCarrier[] = [];
  const candidates = carriers.flatMap((carrier) => {
    const offer = carrierOffer(carrier, shipment.region, shipment.serviceLevel, shipment.weightGrams);
    const reason: ExcludedCarrier['reason'] | undefined = !carrier.regions[shipment.region]
      ? 'REGION_NOT_COVERED'
      : !offer
        ? 'SERVICE_LEVEL_NOT_OFFERED'
        : shipment.weightGrams > carrier.maxWeightGrams
          ? 'TOO_HEAVY'
          : undefined;
    if (reason || !offer) {
      excluded.push({ carrierId: carrier.id, reason: reason ?? 'SERVICE_LEVEL_NOT_OFFERED' });
      return [];
    }
    return [{ carrier, offer }];
  });
  return { ranked: rankOffers(candidates, shipment.region), excluded };
}

/** A carrier's offer for a whole shipment, however many parcels it takes: its price, transit and coverage. */
export interface CarrierOffer {
  readonly carrier: Carrier;
  readonly offer: { readonly price: Money; readonly transitBusinessDays: number; readonly coverage: CoverageKind };
}

/**
 * Scores and ranks offers by the criteria above, best first. `scoreCarriers` ranks one parcel's offers; a
 * multi-parcel order ranks each carrier's own split, priced as the sum of its parcels (shared/domain/orders/parcels.ts).
 */
export function rankOffers(candidates: readonly CarrierOffer[], region: RegionCode): CarrierScore[] {
  const currencies = new Set(candidates.map(({ offer }) => offer.price.currency));
  if (currencies.size > 1) {
    // Prices in different currencies cannot be compared without an exchange rate: a data error, not a customer's.
    throw new Error(`Carriers for ${region} price in several currencies: ${[...currencies].join(', ')}`);
  }
  const cheapest = Math.min(...candidates.map(({ offer }) => offer.price.amount));
  const fastest = Math.min(...candidates.map(({ offer }) => offer.transitBusinessDays));

  const ranked = candidates.map(({ carrier, offer }): CarrierScore => {
    const breakdown: Record<CarrierCriterion, number> = {
      // A free lane (price 0) is the cheapest there is.
      cost: offer.price.amount === 0 ? WEIGHT.cost : (WEIGHT.cost * cheapest) / offer.price.amount,
      speed: Math.max(0, WEIGHT.speed - SPEED_POINTS_PER_DAY * (offer.transitBusinessDays - fastest)),
      onTime: WEIGHT.onTime * Math.min(1, Math.max(0, carrier.onTimeRate)),
      coverage: COVERAGE_POINTS[offer.coverage],
    };
    const score = roundTo2(breakdown.cost + breakdown.speed + breakdown.onTime + breakdown.coverage);
    return {
      carrierId: carrier.id,
      carrierName: carrier.name,
      score,
      breakdown: { cost: roundTo2(breakdown.cost), speed: breakdown.speed, onTime: roundTo2(breakdown.onTime), coverage: breakdown.coverage },
      price: offer.price,
      transitBusinessDays: offer.transitBusinessDays,
      coverage: offer.coverage,
    };
  });
  return ranked.sort(byRank);
}

/** The best carrier for the shipment, or undefined when none can take it. */
export const chooseCarrier = (carriers: readonly Carrier[], shipment: Shipment): CarrierScore | undefined =>
  scoreCarriers(carriers, shipment).ranked[0];
