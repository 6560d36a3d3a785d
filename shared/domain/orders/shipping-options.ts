/**
 * The shipping options a quote offers: standard, express and same-day, each with the carrier
 * `chooseCarrier` picks for it, its price and its ETA date.
 *
 * ETA = the warehouse's local date of (now + handling hours), moved to the next business day when
 * that falls on a weekend (no collection), plus the carrier's transit business days for the region.
 *
 * Which warehouse ships: same-day, the one in the destination city, and only when it has every line in
 * stock (`stockedWarehouses`); otherwise the one in the destination country, else the first listed (the
 * hub) — and when that one lacks the stock, the first warehouse that has it. Transit tables do not depend on the origin:
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
import { chooseCarrier, type Shipment } from './carrier-choice';
import { planShipping, type ParcelUnit, type PricedParcel, type ShippingPlan } from './parcels';

export type { PricedParcel } from './parcels';

export interface ShippingOptionsInput {
  readonly weightGrams: number;
  /** The cart's units with their weights (and sizes): lets an order too heavy for one parcel ship in several. */
  readonly units?: readonly ParcelUnit[];
  readonly destination: Destination;
  readonly now: Date;
  readonly carriers: readonly Carrier[];
  readonly warehouses: readonly Warehouse[];
  /**
   * The warehouses whose available stock covers every line (warehouse-stock.ts `warehousesCovering`); absent:
   * stock is not considered. Same-day goes only from the destination city's warehouse when it is among them;
   * the other levels prefer the usual warehouse, else the first that has the stock, else the usual one (the
   * reservation then decides: a quote is a snapshot).
   */
  readonly stockedWarehouses?: readonly string[];
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

export type UnavailableReason =
  | 'NO_CARRIER' // no carrier covers the region at this level
  | 'NO_WAREHOUSE' // no warehouse to ship from at all
  | 'NO_WAREHOUSE_IN_CITY'
  | 'NOT_STOCKED_IN_CITY' // the destination city's warehouse does not have every line available (detail says which)
  | 'NOT_A_BUSINESS_DAY'
  | 'PAST_CUTOFF'
  | 'EXCEEDS_LARGEST_PARCEL'; // a unit alone is heavier or larger than any carrier's parcel here (detail says which)

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

/** `YYYY-MM-DD`: the business day the warehouse promises the parcel leaves by (now plus its handling time, local). */
export const shipByDate = (warehouse: Warehouse, now: Date): string => {
  const ready = new Date(now.getTime() + warehouse.handlingHours * 3_600_000);
  return onOrNextBusinessDay(localDateTime(ready, warehouse.timeZone).date);
};

export const etaDate = (warehouse: Warehouse, now: Date, transitBusinessDays: number): string => addBusinessDays(shipByDate(warehouse, now), transitBusinessDays);

export function shippingOptions(input: ShippingOptionsInput): ShippingQuote {
  const { weightGrams, destination, now, carriers, warehouses } = input;
  if (!Number.isFinite(weightGrams) || weightGrams <= 0) {
    throw invalid('A shipment needs a positive weight', [{ field: 'weightGrams', message: 'must be more than 0 grams' }]);
  }
  const region = regionFor(destination);
  const options: ShippingOption[] = [];
  const unavailable: { serviceLevel: ServiceLevel; reason: UnavailableReason; detail?: string }[] = [];

  const stocked = input.stockedWarehouses;
  const isStocked = (warehouse: Warehouse) => !stocked || stocked.includes(warehouse.id);
  for (const serviceLevel of SERVICE_LEVELS) {
    const usual = serviceLevel === 'SAME_DAY' ? warehouseInCity(warehouses, destination) : dispatchingWarehouse(warehouses, destination);
    const warehouse = serviceLevel === 'SAME_DAY' || !usual || isStocked(usual) ? usual : (warehouses.find(isStocked) ?? usual);
    // Same-day from a city warehouse without the stock is refused for the stock first: the clock cannot help it.
    if (serviceLevel === 'SAME_DAY' && warehouse && !isStocked(warehouse)) {
      unavailable.push({ serviceLevel, reason: 'NOT_STOCKED_IN_CITY', detail: `The ${warehouse.city} warehouse does not have every line in stock for same-day delivery` });
      continue;
    }
    const refusal = serviceLevel === 'SAME_DAY' ? sameDayRefusal(warehouse, now) : warehouse ? undefined : 'NO_WAREHOUSE';
    if (refusal || !warehouse) {
      unavailable.push({ serviceLevel, reason: refusal ?? 'NO_WAREHOUSE' });
      continue;
    }
    // With the units, by weight and size (one parcel, or the carriers' own splits); without, by weight alone.
    const plan: ShippingPlan = input.units ? planShipping(input.units, carriers, region, serviceLevel) : byWeight(carriers, { region, weightGrams, serviceLevel });
    if (!plan.ok) {
      unavailable.push({ serviceLevel, reason: plan.reason, ...(plan.detail ? { detail: plan.detail } : {}) });
      continue;
    }
    const { carrier, parcels } = plan;
    options.push({
      serviceLevel,
      price: carrier.price,
      etaDate: etaDate(warehouse, now, carrier.transitBusinessDays),
      carrierId: carrier.carrierId,
      carrierName: carrier.carrierName,
      warehouseId: warehouse.id,
      transitBusinessDays: carrier.transitBusinessDays,
      ...(parcels.length > 1 ? { parcels } : {}),
    });
  }
  return { region, options, unavailable };
}

/** A shipment known by its weight alone: one parcel, the best carrier that takes that weight. */
const byWeight = (carriers: readonly Carrier[], shipment: Shipment): ShippingPlan => {
  const carrier = chooseCarrier(carriers, shipment);
  return carrier ? { ok: true, carrier, parcels: [] } : { ok: false, reason: 'NO_CARRIER' };
};
