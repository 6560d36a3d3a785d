/**
 * Carriers and warehouses as data: what each carrier charges and how long it takes, per destination
 * region and service level, and where we ship from. Handlers load these; the domain only reads them.
 * The demo ones are seed data (infra/local/seed-shipping.ts).
 *
 * Regions: the ISO 3166-1 alpha-2 country of the address, except the remote islands whose postal
 * prefixes carriers price and route apart from the mainland (see `REMOTE_POSTAL_REGIONS`):
 *   ES-CN   Canary Islands (postal codes 35xxx, 38xxx)
 *   PT-ISL  Madeira and the Azores (postal codes 9xxx-xxx)
 *
 * Price of a parcel: `basePrice + perKgPrice × billable kg`, billable kg = whole kilograms started
 * (2.1 kg bills 3), at least 1 — how parcel carriers invoice. Amounts in the carrier's currency's minor units.
 * Transit: business days (Mon–Fri) from handover to delivery; same-day is 0.
 */
import type { Money } from '../money';
import type { Dimensions } from '../catalog/product';

export const SERVICE_LEVELS = ['STANDARD', 'EXPRESS', 'SAME_DAY'] as const;
export type ServiceLevel = (typeof SERVICE_LEVELS)[number];

/** A country code (`DE`) or a remote sub-region (`ES-CN`); see the module comment. */
export type RegionCode = string;

/** How a carrier reaches a region: its own network, or handing over to a local partner (slower claims, one more scan gap). */
export type CoverageKind = 'OWN_NETWORK' | 'PARTNER';

export interface Rate {
  readonly basePrice: number;
  readonly perKgPrice: number;
}

export interface Carrier {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  /** The regions it delivers to, and how. A region missing here is not covered. */
  readonly regions: Readonly<Record<RegionCode, CoverageKind>>;
  /** Per region and service level; a missing level is not offered there. */
  readonly rates: Readonly<Record<RegionCode, Partial<Record<ServiceLevel, Rate>>>>;
  /** Business days per region and service level, for the same entries as `rates`. */
  readonly transitDays: Readonly<Record<RegionCode, Partial<Record<ServiceLevel, number>>>>;
  /** Share of parcels delivered by the promised date over the last 90 days, 0–1. */
  readonly onTimeRate: number;
  /** Heaviest parcel it accepts. */
  readonly maxWeightGrams: number;
  /** Longest side of a parcel it accepts, when it limits that. @default - no length limit */
  readonly maxLengthMm?: number;
  /**
   * The largest box it accepts, turned any way: a parcel fits when its sides, longest first, are each at most
   * this box's sides, longest first. @default - no box limit
   */
  readonly maxDimensionsMm?: Dimensions;
  /** Length (the longest side) plus girth (twice the other two sides), when it limits that. @default - no girth limit */
  readonly maxLengthPlusGirthMm?: number;
}

/** Where a parcel goes: enough to find its region and whether a warehouse is in its city. */
export interface Destination {
  readonly city: string;
  readonly postalCode: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
}

export interface Warehouse {
  readonly id: string;
  readonly city: string;
  /** Other spellings customers use for the city (`Lisboa`), matched like `city`. */
  readonly cityAliases: readonly string[];
  readonly country: string;
  /** IANA time zone of the warehouse: cut-offs and dispatch dates are local. */
  readonly timeZone: string;
  /** Clock hours from order to parcel ready for the carrier. */
  readonly handlingHours: number;
  /** Local `HH:MM`; a same-day order must be placed before it, on a business day. */
  readonly sameDayCutoff: string;
}

/** Postal prefixes that make a remote region of a country; first match wins. */
export const REMOTE_POSTAL_REGIONS: readonly { readonly country: string; readonly postalPrefixes: readonly string[]; readonly region: RegionCode }[] = [
  { country: 'ES', postalPrefixes: ['35', '38'], region: 'ES-CN' },
  { country: 'PT', postalPrefixes: ['9'], region: 'PT-ISL' },
];

export function regionFor(destination: Pick<Destination, 'country' | 'postalCode'>): RegionCode {
  const country = destination.country.trim().toUpperCase();
  const postalCode = destination.postalCode.replace(/\s/g, '');
  const remote = REMOTE_POSTAL_REGIONS.find(
    (entry) => entry.country === country && entry.postalPrefixes.some((prefix) => postalCode.startsWith(prefix)),
  );
  return remote?.region ?? country;
}

export const billableKilograms = (weightGrams: number): number => Math.max(1, Math.ceil(weightGrams / 1000));

/** What the carrier offers for this lane, or undefined when it does not serve it at that level. */
export function carrierOffer(
  carrier: Carrier,
  region: RegionCode,
  serviceLevel: ServiceLevel,
  weightGrams: number,
): { readonly price: Money; readonly transitBusinessDays: number; readonly coverage: CoverageKind } | undefined {
  const coverage = carrier.regions[region];
  const rate = carrier.rates[region]?.[serviceLevel];
  const transitBusinessDays = carrier.transitDays[region]?.[serviceLevel];
  if (!coverage || !rate || transitBusinessDays === undefined) return undefined;
  const amount = rate.basePrice + rate.perKgPrice * billableKilograms(weightGrams);
  return { price: { amount, currency: carrier.currency }, transitBusinessDays, coverage };
}
