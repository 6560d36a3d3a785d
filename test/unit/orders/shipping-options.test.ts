import { describe, expect, it } from 'vitest';
import type { Destination, Warehouse } from '../../../shared/domain/orders/carriers';
import { DEMO_CARRIERS, DEMO_WAREHOUSES } from '../../../infra/local/seed-shipping';
import { normalizeCity, shippingOptions } from '../../../shared/domain/orders/shipping-options';
import { DomainError } from '../../../shared/domain/errors';

const BERLIN: Destination = { city: 'Berlin', postalCode: '10115', country: 'DE' };
const LISBON: Destination = { city: 'Lisboa', postalCode: '1100-148', country: 'PT' };
const HAMBURG: Destination = { city: 'Hamburg', postalCode: '20095', country: 'DE' };

const quote = (destination: Destination, now: string, weightGrams = 2400, warehouses: readonly Warehouse[] = DEMO_WAREHOUSES) =>
  shippingOptions({ weightGrams, destination, now: new Date(now), carriers: DEMO_CARRIERS, warehouses });

const etas = (destination: Destination, now: string) =>
  Object.fromEntries(quote(destination, now).options.map((option) => [option.serviceLevel, option.etaDate]));

const sameDay = (destination: Destination, now: string) => {
  const result = quote(destination, now);
  return result.options.some((o) => o.serviceLevel === 'SAME_DAY') ? 'offered' : result.unavailable.find((u) => u.serviceLevel === 'SAME_DAY')?.reason;
};

// 2030-07-03 is a Wednesday; Berlin is UTC+2 in July, Lisbon UTC+1. Berlin handles in 6 h, Lisbon in 8 h.
describe('shippingOptions', () => {
  it('offers Berlin all three levels from the Berlin warehouse, each with its chosen carrier, price and ETA', () => {
    // Wed 11:00 local + 6 h handling = 17:00 Wed: dispatched Wednesday.
    // standard: rheinpost 490 + 3×60 = 670, 2 d → Fri; express: 990 + 3×90 = 1260, 1 d → Thu;
    // same-day: rheinpost 1290 + 3×100 = 1590 (beats eurolink's 1950), 0 d → Wed.
    expect(quote(BERLIN, '2030-07-03T09:00:00Z')).toEqual({
      region: 'DE',
      options: [
        { serviceLevel: 'STANDARD', price: { amount: 670, currency: 'EUR' }, etaDate: '2030-07-05', carrierId: 'rheinpost', carrierName: 'RheinPost Parcel', warehouseId: 'wh-berlin', transitBusinessDays: 2 },
        { serviceLevel: 'EXPRESS', price: { amount: 1260, currency: 'EUR' }, etaDate: '2030-07-04', carrierId: 'rheinpost', carrierName: 'RheinPost Parcel', warehouseId: 'wh-berlin', transitBusinessDays: 1 },
        { serviceLevel: 'SAME_DAY', price: { amount: 1590, currency: 'EUR' }, etaDate: '2030-07-03', carrierId: 'rheinpost', carrierName: 'RheinPost Parcel', warehouseId: 'wh-berlin', transitBusinessDays: 0 },
      ],
      unavailable: [],
    });
  });

  it('offers Lisbon same-day from the Lisbon warehouse with the local carrier', () => {
    // iberlog PT same-day: 990 + 3×80 = 1230. 12:00 local + 8 h = 20:00: still today.
    const option = quote(LISBON, '2030-07-03T11:00:00Z').options.find((o) => o.serviceLevel === 'SAME_DAY');
    expect(option).toMatchObject({ warehouseId: 'wh-lisbon', carrierId: 'iberlog', price: { amount: 1230 }, etaDate: '2030-07-03' });
  });

  describe('same-day cut-off (strictly before it, in the warehouse local time)', () => {
    it.each([
      ['Berlin, summer, 13:59:59 local', BERLIN, '2030-07-03T11:59:59Z', 'offered'],
      ['Berlin, summer, 14:00 local', BERLIN, '2030-07-03T12:00:00Z', 'PAST_CUTOFF'],
      ['Berlin, winter, 13:59 local (UTC+1)', BERLIN, '2030-01-09T12:59:00Z', 'offered'],
      ['Berlin, winter, 14:00 local (UTC+1)', BERLIN, '2030-01-09T13:00:00Z', 'PAST_CUTOFF'],
      ['Lisbon, summer, 12:59 local', LISBON, '2030-07-03T11:59:00Z', 'offered'],
      ['Lisbon, summer, 13:00 local', LISBON, '2030-07-03T12:00:00Z', 'PAST_CUTOFF'],
      ['Lisbon, winter, 13:00 local (UTC+0)', LISBON, '2030-01-09T13:00:00Z', 'PAST_CUTOFF'],
      ['Berlin, Saturday morning', BERLIN, '2030-07-06T07:00:00Z', 'NOT_A_BUSINESS_DAY'],
      ['Hamburg: no warehouse in the city', HAMBURG, '2030-07-03T07:00:00Z', 'NO_WAREHOUSE_IN_CITY'],
      ['a Berlin outside Germany', { city: 'Berlin', postalCode: '03570', country: 'US' }, '2030-07-03T07:00:00Z', 'NO_WAREHOUSE_IN_CITY'],
    ])('%s: %s', (_case, destination, now, expected) => {
      expect(sameDay(destination, now)).toBe(expected);
    });
  });

  describe('ETA: handling time, then transit business days, skipping weekends', () => {
    it.each([
      // now (UTC)                Berlin local + 6 h        dispatched   standard (+2)  express (+1)
      ['Wednesday morning', '2030-07-03T09:00:00Z', '2030-07-05', '2030-07-04'], // Wed 17:00 → Wed
      ['Thursday morning', '2030-07-04T09:00:00Z', '2030-07-08', '2030-07-05'], // Thu 17:00 → Thu: Fri, Mon
      ['Thursday evening, ready after local midnight', '2030-07-04T16:30:00Z', '2030-07-09', '2030-07-08'], // Fri 00:30 → Fri (UTC still says Thursday)
      ['Friday morning', '2030-07-05T09:00:00Z', '2030-07-09', '2030-07-08'], // Fri 17:00 → Fri: Mon, Tue
      ['Friday night, ready on Saturday', '2030-07-05T20:00:00Z', '2030-07-10', '2030-07-09'], // Sat 04:00 → Monday
      ['Sunday evening, ready on Monday', '2030-07-07T20:00:00Z', '2030-07-10', '2030-07-09'], // Mon 04:00 → Monday
    ])('ordered %s for Hamburg', (_case, now, standard, express) => {
      expect(etas(HAMBURG, now)).toEqual({ STANDARD: standard, EXPRESS: express });
    });
  });

  describe('which warehouse ships', () => {
    it.each([
      ['Porto from Lisbon, same country', { city: 'Porto', postalCode: '4000-001', country: 'PT' }, 'wh-lisbon'],
      ['Madrid from the Berlin hub: no warehouse in Spain', { city: 'Madrid', postalCode: '28001', country: 'ES' }, 'wh-berlin'],
      ['Funchal (Madeira) from Lisbon', { city: 'Funchal', postalCode: '9000-001', country: 'PT' }, 'wh-lisbon'],
    ])('%s', (_case, destination, warehouseId) => {
      const { options } = quote(destination, '2030-07-03T09:00:00Z');
      expect(options.filter((o) => o.serviceLevel !== 'SAME_DAY').map((o) => o.warehouseId)).toEqual([warehouseId, warehouseId]);
    });
  });

  it('prices Madeira as its own region with the only carrier that serves it', () => {
    // iberlog PT-ISL standard: 1390 + 3×180 = 1930, 4 d. Lisbon Wed 10:00 + 8 h = Wed 18:00 → Tue.
    const result = quote({ city: 'Funchal', postalCode: '9000-001', country: 'PT' }, '2030-07-03T09:00:00Z');
    expect(result.region).toBe('PT-ISL');
    expect(result.options[0]).toMatchObject({ serviceLevel: 'STANDARD', carrierId: 'iberlog', price: { amount: 1930 }, etaDate: '2030-07-09' });
  });

  it('says no carrier serves a destination outside the network', () => {
    const result = quote({ city: 'Rome', postalCode: '00118', country: 'IT' }, '2030-07-03T09:00:00Z');
    expect(result.options).toEqual([]);
    expect(result.unavailable).toEqual([
      { serviceLevel: 'STANDARD', reason: 'NO_CARRIER' },
      { serviceLevel: 'EXPRESS', reason: 'NO_CARRIER' },
      { serviceLevel: 'SAME_DAY', reason: 'NO_WAREHOUSE_IN_CITY' },
    ]);
  });

  it('offers no same-day in a warehouse city where no carrier does same-day', () => {
    const amsterdam: Warehouse = { id: 'wh-ams', city: 'Amsterdam', cityAliases: [], country: 'NL', timeZone: 'Europe/Amsterdam', handlingHours: 4, sameDayCutoff: '15:00' };
    const result = quote({ city: 'Amsterdam', postalCode: '1011 AB', country: 'NL' }, '2030-07-03T09:00:00Z', 2400, [...DEMO_WAREHOUSES, amsterdam]);
    expect(result.unavailable).toEqual([{ serviceLevel: 'SAME_DAY', reason: 'NO_CARRIER' }]);
    expect(result.options.map((o) => o.warehouseId)).toEqual(['wh-ams', 'wh-ams']);
  });

  it('has nothing to offer without warehouses', () => {
    expect(quote(BERLIN, '2030-07-03T09:00:00Z', 2400, []).unavailable.map((u) => u.reason)).toEqual(['NO_WAREHOUSE', 'NO_WAREHOUSE', 'NO_WAREHOUSE_IN_CITY']);
  });

  it.each([0, -5, Number.NaN])('refuses a weight of %s grams', (weightGrams) => {
    expect(() => quote(BERLIN, '2030-07-03T09:00:00Z', weightGrams)).toThrow(
      expect.objectContaining({ code: 'ValidationFailed', fieldErrors: [expect.objectContaining({ field: 'weightGrams' })] }),
    );
    expect(() => quote(BERLIN, '2030-07-03T09:00:00Z', weightGrams)).toThrow(DomainError);
  });
});

describe('normalizeCity', () => {
  it.each([
    [' LISBOA ', 'lisboa'],
    ['Lisbôa', 'lisboa'],
    ['Frankfurt-am-Main', 'frankfurt am main'],
    ['Frankfurt am  Main', 'frankfurt am main'],
    ['Düsseldorf', 'dusseldorf'],
    ['Gießen', 'gießen'], // ß is a letter of its own, kept
  ])('%s → %s', (city, expected) => {
    expect(normalizeCity(city)).toBe(expected);
  });
});
