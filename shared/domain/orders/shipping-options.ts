/**
 * The shipping options a quote offers: standard, express and same-day, each with the carrier
 * `chooseCarrier` picks for it, its price and its ETA date.
 *
 * ETA = the warehouse's local date of (now + handling hours), moved to the next business day when
 * that falls on a weekend (no collection), plus the carrier's transit business days for the region.
 *
 * Which warehouse ships: same-day, the one in the destination city; otherwise the one in the
 * destination country, else the first listed (the hub). Transit tables do not depend on the origin:
 * a simplification the carriers' published times allow for our EU network.
 *
 * Same-day exists only when a warehouse is in the destination city (same country, city name or alias
 * matched ignoring case, accents and punctuation), today is a business day there, and `now` is strictly
 * before its local cut-off. Each level that is not offered says why, so a quote can explain it.
 */
import type { Money } from '../money';
import { invalid } from '../errors';
import { addBusinessDays, isBusinessDay, localDateTime, onOrNextBusinessDay } from './calendar';
import { regionFor, SERVICE_LEVELS, type Carrier, type Destination, type RegionCode, type ServiceLevel, type Warehouse } from './carriers';
import { chooseCarrier, type CarrierScore } from './carrier-choice';
import { carrierOffer } from './carriers';
import { largestParcel, longestSide, planParcels, type Parcel, type ParcelUnit } from './parcels';

export interface ShippingOptionsInput {
  readonly weightGrams: number;
  /** The cart's units with their weights (and sizes): lets an order too heavy for one parcel ship in several. */
  readonly units?: readonly ParcelUnit[];
  readonly destination: Destination;
  readonly now: Date;
  readonly carriers: readonly Carrier[];
  readonly warehouses: readonly Warehouse[];
}

export interface ShippingOption {
  readonly serviceLevel: ServiceLevel;
  readonly price: Money;
  /** `YYYY-MM-DD`: the promised delivery date. */
  readonly etaDate: string;
  readonly carrierId: string;
  readonly carrierName: string;
  readonly warehouseId: string;
  readonly transitBusinessDays: number;
  /** Present when the order ships in more than one parcel: each with its weight, contents and price. */
  readonly parcels?: readonly PricedParcel[];
}

export interface PricedParcel extends Parcel {
  readonly price: Money;
}

export type UnavailableReason =
  | 'NO_CARRIER' // no carrier covers the region at this level and weight
  | 'NO_WAREHOUSE' // no warehouse to ship from at all
  | 'NO_WAREHOUSE_IN_CITY'
  | 'NOT_A_BUSINESS_DAY'
  | 'PAST_CUTOFF'
  | 'EXCEEDS_LARGEST_PARCEL'; // one unit alone is heavier or longer than any carrier's parcel here

export interface ShippingQuote {
  readonly region: RegionCode;
  /** In the order of `SERVICE_LEVELS`: standard, express, same-day. */
  readonly options: readonly ShippingOption[];
  readonly unavailable: readonly { readonly serviceLevel: ServiceLevel; readonly reason: UnavailableReason; readonly detail?: string }[];
}

/** `Lisboa ` and `lisboa` and `LISBOA` are one city; so are `Frankfurt am Main` and `Frankfurt-am-Main`. */
export const normalizeCity = (city: string): string =>
  city
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

export function warehouseInCity(warehouses: readonly Warehouse[], destination: Destination): Warehouse | undefined {
  const country = destination.country.trim().toUpperCase();
  const city = normalizeCity(destination.city);
  return warehouses.find(
    (warehouse) => warehouse.country === country && [warehouse.city, ...warehouse.cityAliases].some((name) => normalizeCity(name) === city),
  );
}

const dispatchingWarehouse = (warehouses: readonly Warehouse[], destination: Destination): Warehouse | undefined =>
  warehouses.find((warehouse) => warehouse.country === destination.country.trim().toUpperCase()) ?? warehouses[0];

/** Why same-day cannot go out from `warehouse` at `now`, or undefined when it can. */
const sameDayRefusal = (warehouse: Warehouse | undefined, now: Date): UnavailableReason | undefined => {
  if (!warehouse) return 'NO_WAREHOUSE_IN_CITY';
  const local = localDateTime(now, warehouse.timeZone);
  if (!isBusinessDay(local.date)) return 'NOT_A_BUSINESS_DAY';
  // Zero-padded HH:MM strings compare in time order.
  if (local.time >= warehouse.sameDayCutoff) return 'PAST_CUTOFF';
  return undefined;
};

export const etaDate = (warehouse: Warehouse, now: Date, transitBusinessDays: number): string => {
  const ready = new Date(now.getTime() + warehouse.handlingHours * 3_600_000);
  return addBusinessDays(onOrNextBusinessDay(localDateTime(ready, warehouse.timeZone).date), transitBusinessDays);
};

export function shippingOptions(input: ShippingOptionsInput): ShippingQuote {
  const { weightGrams, destination, now, carriers, warehouses } = input;
  if (!Number.isFinite(weightGrams) || weightGrams <= 0) {
    throw invalid('A shipment needs a positive weight', [{ field: 'weightGrams', message: 'must be more than 0 grams' }]);
  }
  const region = regionFor(destination);
  const options: ShippingOption[] = [];
  const unavailable: { serviceLevel: ServiceLevel; reason: UnavailableReason; detail?: string }[] = [];

  for (const serviceLevel of SERVICE_LEVELS) {
    const warehouse = serviceLevel === 'SAME_DAY' ? warehouseInCity(warehouses, destination) : dispatchingWarehouse(warehouses, destination);
    const refusal = serviceLevel === 'SAME_DAY' ? sameDayRefusal(warehouse, now) : warehouse ? undefined : 'NO_WAREHOUSE';
    const carrier = refusal || !warehouse ? undefined : chooseCarrier(carriers, { region, weightGrams, serviceLevel });
    const split = refusal || !warehouse || carrier || !input.units ? undefined : splitShipment(input.units, carriers, region, serviceLevel);
    if (split && warehouse && 'carrier' in split) {
      options.push({
        serviceLevel,
        price: { amount: split.parcels.reduce((total, parcel) => total + parcel.price.amount, 0), currency: split.carrier.price.currency },
        etaDate: etaDate(warehouse, now, split.carrier.transitBusinessDays),
        carrierId: split.carrier.carrierId,
        carrierName: split.carrier.carrierName,
        warehouseId: warehouse.id,
        transitBusinessDays: split.carrier.transitBusinessDays,
        parcels: split.parcels,
      });
      continue;
    }
    if (refusal || !warehouse || !carrier) {
      const why = split && 'reason' in split ? split : undefined;
      unavailable.push({ serviceLevel, reason: refusal ?? why?.reason ?? 'NO_CARRIER', ...(why?.detail ? { detail: why.detail } : {}) });
      continue;
    }
    options.push({
      serviceLevel,
      price: carrier.price,
      etaDate: etaDate(warehouse, now, carrier.transitBusinessDays),
      carrierId: carrier.carrierId,
      carrierName: carrier.carrierName,
      warehouseId: warehouse.id,
      transitBusinessDays: carrier.transitBusinessDays,
    });
  }
  return { region, options, unavailable };
}

/**
 * An order no carrier takes as one parcel, split into parcels the largest carrier here takes; the carrier is
 * the one `chooseCarrier` picks for the heaviest parcel (so it takes every one), each parcel priced by its rate.
 */
function splitShipment(
  units: readonly ParcelUnit[],
  carriers: readonly Carrier[],
  region: RegionCode,
  serviceLevel: ServiceLevel,
): { carrier: CarrierScore; parcels: PricedParcel[] } | { reason: UnavailableReason; detail?: string } {
  const limit = largestParcel(carriers, region, serviceLevel);
  if (!limit) return { reason: 'NO_CARRIER' };
  const plan = planParcels(units, limit);
  if (!plan.ok) return { reason: 'EXCEEDS_LARGEST_PARCEL', detail: plan.message };
  const heaviest = Math.max(...plan.parcels.map((parcel) => parcel.weightGrams));
  const longest = Math.max(0, ...units.map((unit) => longestSide(unit.dimensions)));
  const takesAll = carriers.filter((candidate) => candidate.maxLengthMm === undefined || candidate.maxLengthMm >= longest);
  const carrier = chooseCarrier(takesAll, { region, weightGrams: heaviest, serviceLevel });
  const chosen = carrier && carriers.find((candidate) => candidate.id === carrier.carrierId);
  if (!carrier || !chosen) return { reason: 'NO_CARRIER' };
  const parcels = plan.parcels.map((parcel) => ({ ...parcel, price: carrierOffer(chosen, region, serviceLevel, parcel.weightGrams)!.price }));
  return { carrier, parcels };
}
