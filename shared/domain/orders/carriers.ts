/**
 * Carriers and warehouses as data: what each carrier charges and how long it takes, per destination
 * region and service level, and where we ship from. Handlers load these; the domain only reads them.
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

const rate = (basePrice: number, perKgPrice: number): Rate => ({ basePrice, perKgPrice });

/** Demo carriers (fictional): a German parcel network, an Iberian one with the islands, and a premium pan-EU one. */
export const DEMO_CARRIERS: readonly Carrier[] = [
  {
    id: 'rheinpost',
    name: 'RheinPost Parcel',
    currency: 'EUR',
    regions: { DE: 'OWN_NETWORK', NL: 'OWN_NETWORK', FR: 'PARTNER', ES: 'PARTNER', PT: 'PARTNER' },
    rates: {
      DE: { STANDARD: rate(490, 60), EXPRESS: rate(990, 90), SAME_DAY: rate(1290, 100) },
      NL: { STANDARD: rate(690, 80), EXPRESS: rate(1490, 120) },
      FR: { STANDARD: rate(990, 110), EXPRESS: rate(1990, 150) },
      ES: { STANDARD: rate(1190, 120), EXPRESS: rate(2490, 180) },
      PT: { STANDARD: rate(1290, 130), EXPRESS: rate(2690, 190) },
    },
    transitDays: {
      DE: { STANDARD: 2, EXPRESS: 1, SAME_DAY: 0 },
      NL: { STANDARD: 2, EXPRESS: 1 },
      FR: { STANDARD: 4, EXPRESS: 2 },
      ES: { STANDARD: 5, EXPRESS: 3 },
      PT: { STANDARD: 5, EXPRESS: 3 },
    },
    onTimeRate: 0.94,
    maxWeightGrams: 31_500,
  },
  {
    id: 'iberlog',
    name: 'IberLog Express',
    currency: 'EUR',
    regions: { PT: 'OWN_NETWORK', ES: 'OWN_NETWORK', 'PT-ISL': 'OWN_NETWORK', 'ES-CN': 'OWN_NETWORK', FR: 'PARTNER', DE: 'PARTNER' },
    rates: {
      PT: { STANDARD: rate(450, 50), EXPRESS: rate(890, 90), SAME_DAY: rate(990, 80) },
      ES: { STANDARD: rate(590, 60), EXPRESS: rate(1190, 100) },
      'PT-ISL': { STANDARD: rate(1390, 180), EXPRESS: rate(2790, 280) },
      'ES-CN': { STANDARD: rate(1490, 200), EXPRESS: rate(2990, 300) },
      FR: { STANDARD: rate(1090, 120), EXPRESS: rate(2290, 160) },
      DE: { STANDARD: rate(1290, 130), EXPRESS: rate(2590, 190) },
    },
    transitDays: {
      PT: { STANDARD: 2, EXPRESS: 1, SAME_DAY: 0 },
      ES: { STANDARD: 2, EXPRESS: 1 },
      'PT-ISL': { STANDARD: 4, EXPRESS: 2 },
      'ES-CN': { STANDARD: 5, EXPRESS: 3 },
      FR: { STANDARD: 4, EXPRESS: 2 },
      DE: { STANDARD: 5, EXPRESS: 3 },
    },
    onTimeRate: 0.91,
    maxWeightGrams: 30_000,
  },
  {
    id: 'eurolink',
    name: 'EuroLink Priority',
    currency: 'EUR',
    regions: { DE: 'OWN_NETWORK', FR: 'OWN_NETWORK', NL: 'OWN_NETWORK', ES: 'OWN_NETWORK', PT: 'OWN_NETWORK' },
    rates: {
      DE: { STANDARD: rate(690, 70), EXPRESS: rate(1190, 110), SAME_DAY: rate(1590, 120) },
      FR: { STANDARD: rate(790, 80), EXPRESS: rate(1390, 120) },
      NL: { STANDARD: rate(790, 80), EXPRESS: rate(1290, 110) },
      ES: { STANDARD: rate(890, 90), EXPRESS: rate(1590, 130) },
      PT: { STANDARD: rate(990, 100), EXPRESS: rate(1790, 140) },
    },
    transitDays: {
      DE: { STANDARD: 2, EXPRESS: 1, SAME_DAY: 0 },
      FR: { STANDARD: 2, EXPRESS: 1 },
      NL: { STANDARD: 2, EXPRESS: 1 },
      ES: { STANDARD: 3, EXPRESS: 2 },
      PT: { STANDARD: 3, EXPRESS: 2 },
    },
    onTimeRate: 0.97,
    maxWeightGrams: 40_000,
  },
];

/** Demo warehouses: the hub in Berlin (listed first: it ships whatever no local warehouse does) and Lisbon. */
export const DEMO_WAREHOUSES: readonly Warehouse[] = [
  { id: 'wh-berlin', city: 'Berlin', cityAliases: [], country: 'DE', timeZone: 'Europe/Berlin', handlingHours: 6, sameDayCutoff: '14:00' },
  { id: 'wh-lisbon', city: 'Lisbon', cityAliases: ['Lisboa'], country: 'PT', timeZone: 'Europe/Lisbon', handlingHours: 8, sameDayCutoff: '13:00' },
];
