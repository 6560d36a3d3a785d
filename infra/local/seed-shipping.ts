/**
 * Seed data for the local cloud (infra/local/seed.ts writes it once) and the fixture tests price against:
 * fictional carriers and warehouses, in the shapes of shared/domain/orders/carriers.ts.
 */
import type { Carrier, Rate, Warehouse } from '../../shared/domain/orders/carriers';

const rate = (basePrice: number, perKgPrice: number): Rate => ({ basePrice, perKgPrice });

/**
 * Demo carriers (fictional): a German parcel network, an Iberian one with the islands, and a premium pan-EU one.
 * Their parcel limits are typical of such networks: a box of 120 × 60 × 60 cm up to 31.5 kg; 150 cm long and
 * 300 cm length plus girth up to 30 kg; 200 cm long and 300 cm length plus girth up to 40 kg.
 */
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
    maxDimensionsMm: { lengthMm: 1_200, widthMm: 600, heightMm: 600 },
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
    maxLengthMm: 1_500,
    maxLengthPlusGirthMm: 3_000,
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
    maxLengthMm: 2_000,
    maxLengthPlusGirthMm: 3_000,
  },
];

/** Demo warehouses: the hub in Berlin (listed first: it ships whatever no local warehouse does) and Lisbon. */
export const DEMO_WAREHOUSES: readonly Warehouse[] = [
  { id: 'wh-berlin', city: 'Berlin', cityAliases: [], country: 'DE', timeZone: 'Europe/Berlin', handlingHours: 6, sameDayCutoff: '14:00' },
  { id: 'wh-lisbon', city: 'Lisbon', cityAliases: ['Lisboa'], country: 'PT', timeZone: 'Europe/Lisbon', handlingHours: 8, sameDayCutoff: '13:00' },
];
