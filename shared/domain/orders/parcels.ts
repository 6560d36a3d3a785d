/**
 * Splitting an order into parcels. A carrier takes parcels up to its `maxWeightGrams` and, when it states
 * one, up to its `maxLengthMm` on the longest side. An order heavier than one parcel is split: every unit
 * goes into the first parcel it fits (heaviest units first, first-fit decreasing), each parcel at most
 * `limit.maxWeightGrams`. Units are never split. When one unit alone is heavier or longer than the largest
 * parcel any carrier takes on this lane, no split works, and the plan says so in words.
 *
 * Worked examples: docs/orders.md ("Multi-parcel orders").
 */
import type { Dimensions } from '../catalog/product';
import type { Carrier, RegionCode, ServiceLevel } from './carriers';

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

export interface ParcelLimit {
  readonly maxWeightGrams: number;
  readonly maxLengthMm?: number;
}

export type ParcelPlan =
  | { readonly ok: true; readonly parcels: readonly Parcel[] }
  | { readonly ok: false; readonly sku: string; readonly reason: 'TOO_HEAVY' | 'TOO_LONG'; readonly message: string };

export const EXCEEDS_LARGEST_PARCEL = 'exceeds the largest parcel any carrier takes here';

export const longestSide = (dimensions: Dimensions | undefined): number =>
  dimensions ? Math.max(dimensions.lengthMm, dimensions.widthMm, dimensions.heightMm) : 0;

/** The largest parcel any carrier serving `region` at `serviceLevel` takes (undefined: none serves it). */
export function largestParcel(carriers: readonly Carrier[], region: RegionCode, serviceLevel: ServiceLevel): ParcelLimit | undefined {
  const serving = carriers.filter((carrier) => carrier.regions[region] && carrier.rates[region]?.[serviceLevel] && carrier.transitDays[region]?.[serviceLevel] !== undefined);
  if (serving.length === 0) return undefined;
  const lengths = serving.map((carrier) => carrier.maxLengthMm);
  return {
    maxWeightGrams: Math.max(...serving.map((carrier) => carrier.maxWeightGrams)),
    // A carrier without a stated length limit takes any length.
    ...(lengths.every((length) => length !== undefined) ? { maxLengthMm: Math.max(...(lengths as number[])) } : {}),
  };
}

/** Parcels for `units` within `limit`; one parcel when everything fits in one. */
export function planParcels(units: readonly ParcelUnit[], limit: ParcelLimit): ParcelPlan {
  for (const unit of units) {
    if (unit.quantity <= 0) continue;
    if (unit.weightGrams > limit.maxWeightGrams) {
      return { ok: false, sku: unit.sku, reason: 'TOO_HEAVY', message: `One unit of ${unit.sku} (${unit.weightGrams} g) ${EXCEEDS_LARGEST_PARCEL} (${limit.maxWeightGrams} g)` };
    }
    if (limit.maxLengthMm !== undefined && longestSide(unit.dimensions) > limit.maxLengthMm) {
      return { ok: false, sku: unit.sku, reason: 'TOO_LONG', message: `One unit of ${unit.sku} (${longestSide(unit.dimensions)} mm long) ${EXCEEDS_LARGEST_PARCEL} (${limit.maxLengthMm} mm)` };
    }
  }
  const ordered = [...units].filter((unit) => unit.quantity > 0).sort((a, b) => b.weightGrams - a.weightGrams || (a.sku < b.sku ? -1 : 1));
  const open: { weightGrams: number; lines: Map<string, number> }[] = [];
  for (const unit of ordered) {
    for (let count = 0; count < unit.quantity; count += 1) {
      let parcel = open.find((candidate) => candidate.weightGrams + unit.weightGrams <= limit.maxWeightGrams);
      if (!parcel) {
        parcel = { weightGrams: 0, lines: new Map() };
        open.push(parcel);
      }
      parcel.weightGrams += unit.weightGrams;
      parcel.lines.set(unit.sku, (parcel.lines.get(unit.sku) ?? 0) + 1);
    }
  }
  return {
    ok: true,
    parcels: open.map((parcel) => ({ weightGrams: parcel.weightGrams, lines: [...parcel.lines].map(([sku, quantity]) => ({ sku, quantity })) })),
  };
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
