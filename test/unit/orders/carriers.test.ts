import { describe, expect, it } from 'vitest';
import {
  billableKilograms,
  carrierOffer,
  regionFor,
  SERVICE_LEVELS,
  type Carrier,
} from '../../../shared/domain/orders/carriers';
import { DEMO_CARRIERS, DEMO_WAREHOUSES } from '../../../infra/local/seed-shipping';
import { localDateTime } from '../../../shared/domain/orders/calendar';

const carrier = (id: string): Carrier => DEMO_CARRIERS.find((c) => c.id === id)!;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

describe('regionFor', () => {
  it.each([
    ['DE', '10115', 'DE'],
    ['de', ' 10115 ', 'DE'],
    ['ES', '28001', 'ES'],
    ['ES', '35001', 'ES-CN'], // Las Palmas
    ['ES', '38 001', 'ES-CN'], // Santa Cruz de Tenerife, with a stray space
    ['PT', '1100-148', 'PT'],
    ['PT', '9000-001', 'PT-ISL'], // Funchal, Madeira
    ['FR', '35000', 'FR'], // Rennes: the Canary prefix only means something in Spain
  ])('maps %s %s to region %s', (country, postalCode, region) => {
    expect(regionFor({ country, postalCode })).toBe(region);
  });
});

describe('billableKilograms', () => {
  it.each([
    [1, 1],
    [1000, 1],
    [1001, 2],
    [2400, 3],
    [31_500, 32],
  ])('bills %i g as %i started kilograms', (grams, kg) => {
    expect(billableKilograms(grams)).toBe(kg);
  });
});

describe('carrierOffer', () => {
  it('prices a lane as base + per-kg × started kilograms, with its transit days and coverage', () => {
    // RheinPost DE standard: 490 + 60 × 3 kg = 670
    expect(carrierOffer(carrier('rheinpost'), 'DE', 'STANDARD', 2400)).toEqual({
      price: { amount: 670, currency: 'EUR' },
      transitBusinessDays: 2,
      coverage: 'OWN_NETWORK',
    });
  });

  it.each([
    ['a level it does not offer in the region', 'rheinpost', 'NL', 'SAME_DAY'],
    ['a region it does not cover', 'eurolink', 'ES-CN', 'STANDARD'],
  ] as const)('offers nothing for %s', (_case, id, region, level) => {
    expect(carrierOffer(carrier(id), region, level, 1000)).toBeUndefined();
  });
});

describe('demo data', () => {
  it('has three carriers with distinct ids', () => {
    expect(new Set(DEMO_CARRIERS.map((c) => c.id)).size).toBe(3);
  });

  it.each(DEMO_CARRIERS.map((c) => [c.id, c] as const))('%s has a rate and a transit time for exactly the regions it covers', (_id, c) => {
    const regions = Object.keys(c.regions).sort();
    expect(Object.keys(c.rates).sort()).toEqual(regions);
    expect(Object.keys(c.transitDays).sort()).toEqual(regions);
    for (const region of regions) {
      expect(Object.keys(c.rates[region]!).sort(), region).toEqual(Object.keys(c.transitDays[region]!).sort());
      expect(c.rates[region]!.STANDARD, `${region} standard`).toBeDefined();
      for (const level of SERVICE_LEVELS) {
        const r = c.rates[region]![level];
        if (r) expect(Number.isInteger(r.basePrice) && Number.isInteger(r.perKgPrice), `${region} ${level}`).toBe(true);
      }
      // Express is faster than standard, and dearer.
      const { STANDARD: std, EXPRESS: exp } = c.transitDays[region]!;
      if (exp !== undefined) expect(exp, region).toBeLessThan(std!);
      const rates = c.rates[region]!;
      if (rates.EXPRESS) expect(rates.EXPRESS.basePrice, region).toBeGreaterThan(rates.STANDARD!.basePrice);
    }
    expect(c.onTimeRate).toBeGreaterThan(0);
    expect(c.onTimeRate).toBeLessThanOrEqual(1);
  });

  it.each(DEMO_WAREHOUSES.map((w) => [w.id, w] as const))('%s has a real time zone and finishes same-day handling before midnight', (_id, w) => {
    expect(() => localDateTime(new Date(), w.timeZone)).not.toThrow();
    expect(w.sameDayCutoff).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
    // Otherwise a same-day order placed just before the cut-off could not be delivered the same day.
    expect(minutes(w.sameDayCutoff) + w.handlingHours * 60).toBeLessThan(24 * 60);
  });

  it('puts a warehouse in Berlin and one in Lisbon', () => {
    expect(DEMO_WAREHOUSES.map((w) => [w.city, w.country])).toEqual([
      ['Berlin', 'DE'],
      ['Lisbon', 'PT'],
    ]);
  });
});
