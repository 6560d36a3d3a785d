/**
 * Splitting an order into parcels, by the carriers' weight AND size limits.
 *
 * A carrier takes a parcel up to its `maxWeightGrams` and, for each size limit it states: its longest side up
 * to `maxLengthMm`; its sides, longest first, each at most the sides of the box `maxDimensionsMm`, longest first
 * (a parcel may be turned any way); its length plus girth (longest side + 2 × the other two) up to
 * `maxLengthPlusGirthMm`. A unit (pack size included) fits when it alone would be such a parcel.
 *
 * An order goes as one parcel when a carrier takes it whole. Otherwise every carrier serving the lane splits it
 * within its own limits: each unit goes into the first parcel it fits (heaviest units first, first-fit
 * decreasing), a parcel holding at most the carrier's weight and at most the volume its size limits allow (the
 * box's volume; the largest box within length plus girth). The volume is a bound, not a packing: the warehouse
 * reports the parcels it actually packs (`POST /orders/{id}/packed` with `parcels`). Units are never split.
 * Each carrier's split is priced parcel by parcel and the splits are scored like single parcels
 * (carrier-choice.ts), so a cheaper split into more parcels can win. When no carrier takes some unit of the
 * order, no split works, and the plan says so in words ("… exceeds the largest parcel any carrier takes here").
 *
 * Worked examples: docs/orders.md ("Multi-parcel orders") and test/unit/orders/parcels.test.ts.
 */
import type { Dimensions } from '../catalog/product';
import type { Money } from '../money';
import { carrierOffer, type Carrier, type RegionCode, type ServiceLevel } from './carriers';
import { chooseCarrier, rankOffers, type CarrierScore } from './carrier-choice';

export interface ParcelUnit {
  readonly sku: string;
  readonly quantity: number;
  /** Of one unit (pack size included). */
  readonly weightGrams: number;
  readonly dimensions?: Dimensions;
}

export interface ParcelLine {
  readonly sku: string;
  readonly quantity: number;
}

export interface Parcel {
  readonly weightGrams: number;
  readonly lines: readonly ParcelLine[];
}

export interface PricedParcel extends Parcel {
  readonly price: Money;
}

/** What one parcel may be: a carrier's limits (carriers.ts). */
export type ParcelLimit = Pick<Carrier, 'maxWeightGrams' | 'maxLengthMm' | 'maxDimensionsMm' | 'maxLengthPlusGirthMm'>;

export type RefusalReason = 'TOO_HEAVY' | 'TOO_LARGE';

export type ParcelPlan =
  | { readonly ok: true; readonly parcels: readonly Parcel[] }
  | {
      readonly ok: false;
      readonly sku: string;
      readonly reason: RefusalReason;
      /** The unit, in words: `2400 × 100 × 50 mm` or `45000 g`. */
      readonly unit: string;
      /** The limit it breaks, in words: `at most 40000 g`, `sides at most 1200 × 600 × 600 mm`. */
      readonly limit: string;
      readonly message: string;
    };

export const EXCEEDS_LARGEST_PARCEL = 'exceeds the largest parcel any carrier takes here';

export const limitOf = (carrier: Carrier): ParcelLimit => ({
  maxWeightGrams: carrier.maxWeightGrams,
  ...(carrier.maxLengthMm !== undefined ? { maxLengthMm: carrier.maxLengthMm } : {}),
  ...(carrier.maxDimensionsMm ? { maxDimensionsMm: carrier.maxDimensionsMm } : {}),
  ...(carrier.maxLengthPlusGirthMm !== undefined ? { maxLengthPlusGirthMm: carrier.maxLengthPlusGirthMm } : {}),
});

/** Sides, longest first. */
export const sides = (dimensions: Dimensions): [number, number, number] =>
  [dimensions.lengthMm, dimensions.widthMm, dimensions.heightMm].sort((a, b) => b - a) as [number, number, number];

export const longestSide = (dimensions: Dimensions | undefined): number => (dimensions ? sides(dimensions)[0] : 0);

/** Longest side + girth (2 × the other two sides), as parcel carriers measure it. */
export const lengthPlusGirth = (dimensions: Dimensions): number => {
  const [length, width, height] = sides(dimensions);
  return length + 2 * (width + height);
};

const volume = (dimensions: Dimensions | undefined): number => (dimensions ? dimensions.lengthMm * dimensions.widthMm * dimensions.heightMm : 0);
const box = (dimensions: Dimensions): string => sides(dimensions).join(' × ');

/** Why one item of this weight and size cannot be one parcel within `limit`, in words; undefined when it can. */
export function overLimit(weightGrams: number, dimensions: Dimensions | undefined, limit: ParcelLimit): { reason: RefusalReason; limit: string } | undefined {
  if (weightGrams > limit.maxWeightGrams) return { reason: 'TOO_HEAVY', limit: `at most ${limit.maxWeightGrams} g` };
  if (!dimensions) return undefined;
  if (limit.maxLengthMm !== undefined && longestSide(dimensions) > limit.maxLengthMm) return { reason: 'TOO_LARGE', limit: `at most ${limit.maxLengthMm} mm long` };
  if (limit.maxDimensionsMm) {
    const max = sides(limit.maxDimensionsMm);
    if (sides(dimensions).some((side, index) => side > max[index]!)) return { reason: 'TOO_LARGE', limit: `sides at most ${box(limit.maxDimensionsMm)} mm` };
  }
  if (limit.maxLengthPlusGirthMm !== undefined && lengthPlusGirth(dimensions) > limit.maxLengthPlusGirthMm) {
    return { reason: 'TOO_LARGE', limit: `length plus girth at most ${limit.maxLengthPlusGirthMm} mm` };
  }
  return undefined;
}

/**
 * The most one parcel within `limit` can hold, in mm³ (undefined: its size is not limited). A box holds its
 * volume; a longest side L alone, a cube of L; length plus girth G (with L), the largest box within it: longest
 * side ℓ = min(G/3, L), the other two (G − ℓ)/4 each but never longer than ℓ. The smallest of those that apply.
 */
export function parcelVolumeMm3(limit: ParcelLimit): number | undefined {
  const bounds: number[] = [];
  if (limit.maxDimensionsMm) bounds.push(volume(limit.maxDimensionsMm));
  if (limit.maxLengthMm !== undefined) bounds.push(limit.maxLengthMm ** 3);
  if (limit.maxLengthPlusGirthMm !== undefined) {
    const girth = limit.maxLengthPlusGirthMm;
    const length = Math.min(girth / 3, limit.maxLengthMm ?? Infinity);
    const side = Math.min(length, (girth - length) / 4);
    bounds.push(length * side * side);
  }
  return bounds.length ? Math.min(...bounds) : undefined;
}

const unitInWords = (unit: ParcelUnit, reason: RefusalReason): string =>
  reason === 'TOO_HEAVY' || !unit.dimensions ? `${unit.weightGrams} g` : `${box(unit.dimensions)} mm`;

/** Parcels for `units` within one carrier's `limit`; one parcel when everything fits in one. */
export function planParcels(units: readonly ParcelUnit[], limit: ParcelLimit): ParcelPlan {
  for (const unit of units) {
    if (unit.quantity <= 0) continue;
    const over = overLimit(unit.weightGrams, unit.dimensions, limit);
    if (over) {
      const inWords = unitInWords(unit, over.reason);
      return { ok: false, sku: unit.sku, reason: over.reason, unit: inWords, limit: over.limit, message: `One unit of ${unit.sku} (${inWords}) ${EXCEEDS_LARGEST_PARCEL} (${over.limit})` };
    }
  }
  const capacity = parcelVolumeMm3(limit) ?? Infinity;
  const ordered = [...units]
    .filter((unit) => unit.quantity > 0)
    .sort((a, b) => b.weightGrams - a.weightGrams || volume(b.dimensions) - volume(a.dimensions) || (a.sku < b.sku ? -1 : 1));
  const open: { weightGrams: number; volume: number; lines: Map<string, number> }[] = [];
  for (const unit of ordered) {
    const unitVolume = volume(unit.dimensions);
    for (let count = 0; count < unit.quantity; count += 1) {
      let parcel = open.find((candidate) => candidate.weightGrams + unit.weightGrams <= limit.maxWeightGrams && candidate.volume + unitVolume <= capacity);
      if (!parcel) {
        parcel = { weightGrams: 0, volume: 0, lines: new Map() };
        open.push(parcel);
      }
      parcel.weightGrams += unit.weightGrams;
      parcel.volume += unitVolume;
      parcel.lines.set(unit.sku, (parcel.lines.get(unit.sku) ?? 0) + 1);
    }
  }
  return {
    ok: true,
    parcels: open.map((parcel) => ({ weightGrams: parcel.weightGrams, lines: [...parcel.lines].map(([sku, quantity]) => ({ sku, quantity })) })),
  };
}

/** The carriers that serve `region` at `serviceLevel` (a rate and a transit time for it). */
export const servingCarriers = (carriers: readonly Carrier[], region: RegionCode, serviceLevel: ServiceLevel): Carrier[] =>
  carriers.filter((carrier) => carrier.regions[region] && carrier.rates[region]?.[serviceLevel] && carrier.transitDays[region]?.[serviceLevel] !== undefined);

export type ShippingPlan =
  | { readonly ok: true; readonly carrier: CarrierScore; readonly parcels: readonly PricedParcel[] }
  | { readonly ok: false; readonly reason: 'NO_CARRIER' | 'EXCEEDS_LARGEST_PARCEL'; readonly detail?: string };

/**
 * How `units` ship on the lane: as one parcel with the best carrier that takes the whole order; else with the
 * best of the carriers' own splits (each carrier splits within its limits, priced per parcel, ranked by
 * carrier-choice.ts on the total); else, when some unit is too heavy or too large for every carrier, why, in words.
 */
export function planShipping(units: readonly ParcelUnit[], carriers: readonly Carrier[], region: RegionCode, serviceLevel: ServiceLevel): ShippingPlan {
  const serving = servingCarriers(carriers, region, serviceLevel);
  const plans = serving.map((carrier) => ({ carrier, plan: planParcels(units, limitOf(carrier)) }));
  const whole = plans.filter(({ plan }) => plan.ok && plan.parcels.length <= 1);
  const weightGrams = units.reduce((total, unit) => total + unit.weightGrams * Math.max(0, unit.quantity), 0);
  const single = whole.length ? chooseCarrier(whole.map(({ carrier }) => carrier), { region, weightGrams, serviceLevel }) : undefined;
  if (single) {
    const plan = whole.find(({ carrier }) => carrier.id === single.carrierId)!.plan;
    return { ok: true, carrier: single, parcels: plan.ok ? plan.parcels.map((parcel) => ({ ...parcel, price: single.price })) : [] };
  }
  const splits = plans.flatMap(({ carrier, plan }) => {
    if (!plan.ok) return [];
    const offers = plan.parcels.map((parcel) => carrierOffer(carrier, region, serviceLevel, parcel.weightGrams));
    if (offers.some((offer) => !offer)) return [];
    const parcels = plan.parcels.map((parcel, index) => ({ ...parcel, price: offers[index]!.price }));
    const price = { amount: parcels.reduce((total, parcel) => total + parcel.price.amount, 0), currency: carrier.currency };
    return [{ carrier, offer: { ...offers[0]!, price }, parcels }];
  });
  const best = rankOffers(splits, region)[0];
  if (best) return { ok: true, carrier: best, parcels: splits.find(({ carrier }) => carrier.id === best.carrierId)!.parcels };
  const refusals = plans.flatMap(({ carrier, plan }) => (plan.ok ? [] : [{ carrier, ...plan }]));
  if (refusals.length === 0) return { ok: false, reason: 'NO_CARRIER' };
  return { ok: false, reason: 'EXCEEDS_LARGEST_PARCEL', detail: refusalInWords(refusals) };
}

/** Why no carrier takes some unit: one sentence naming the unit, the limits it breaks and whose they are. */
function refusalInWords(refusals: readonly (Extract<ParcelPlan, { ok: false }> & { carrier: Carrier })[]): string {
  const skus = [...new Set(refusals.map((refusal) => refusal.sku))];
  if (skus.length === 1) {
    const [first] = refusals;
    const limits = refusals.every((refusal) => refusal.reason === 'TOO_HEAVY')
      ? `at most ${Math.max(...refusals.map(({ carrier }) => carrier.maxWeightGrams))} g`
      : refusals.map((refusal) => `${refusal.carrier.name}: ${refusal.limit}`).join('; ');
    return `One unit of ${first!.sku} (${first!.unit}) ${EXCEEDS_LARGEST_PARCEL} (${limits})`;
  }
  // Each carrier refuses a different unit: a split over several carriers would be needed, and an order ships with one.
  return `No one carrier takes every unit here: ${refusals.map((refusal) => `one unit of ${refusal.sku} (${refusal.unit}) exceeds the largest parcel ${refusal.carrier.name} takes (${refusal.limit})`).join('; ')}`;
}

/**
 * The carrier an order keeps at allocation: the one its quote chose (which took its units' weights and sizes),
 * while that carrier still serves the lane and takes the order's heaviest parcel (planned, or the order whole).
 * Undefined: the order was placed without one, or the carrier's data changed since; plan again (`planShipping`).
 */
export function quotedCarrier(
  carriers: readonly Carrier[],
  order: { readonly quotedCarrierId?: string; readonly plannedParcels?: readonly Parcel[]; readonly estimatedWeightGrams: number; readonly serviceLevel: ServiceLevel },
  region: RegionCode,
): Carrier | undefined {
  const carrier = order.quotedCarrierId === undefined ? undefined : servingCarriers(carriers, region, order.serviceLevel).find((candidate) => candidate.id === order.quotedCarrierId);
  const heaviest = order.plannedParcels?.length ? Math.max(...order.plannedParcels.map((parcel) => parcel.weightGrams)) : order.estimatedWeightGrams;
  return carrier && heaviest <= carrier.maxWeightGrams ? carrier : undefined;
}

/** A parcel as it goes to the carrier: weighed and measured. */
export interface ShippedParcel {
  readonly weightGrams: number;
  readonly dimensions: Dimensions;
}

/**
 * The parcels to book for a packed order: as the warehouse weighed them; else, for an order quoted in
 * several parcels, the planned weights with the packed size; else the one packed parcel.
 */
export function parcelsToBook(
  packed: { readonly weightGrams: number; readonly dimensions: Dimensions; readonly parcels?: readonly ShippedParcel[] },
  planned: readonly Parcel[] | undefined,
): ShippedParcel[] {
  if (packed.parcels?.length) return packed.parcels.map(({ weightGrams, dimensions }) => ({ weightGrams, dimensions }));
  if (planned && planned.length > 1) return planned.map((parcel) => ({ weightGrams: parcel.weightGrams, dimensions: packed.dimensions }));
  return [{ weightGrams: packed.weightGrams, dimensions: packed.dimensions }];
}

/** The carrier's booking reference of parcel `index` (0-based): the first keeps the order id, so one parcel books as before. */
export const parcelReference = (orderId: string, index: number): string => (index === 0 ? orderId : `${orderId}/${index + 1}`);
