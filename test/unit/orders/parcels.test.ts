import { describe, expect, it } from 'vitest';
import { carrierOffer, type Destination } from '../../../shared/domain/orders/carriers';
import { DEMO_CARRIERS, DEMO_WAREHOUSES } from '../../../infra/local/seed-shipping';
import { EXCEEDS_LARGEST_PARCEL, largestParcel, parcelReference, parcelsToBook, planParcels } from '../../../shared/domain/orders/parcels';
import { ordersTrackingStatus } from '../../../shared/domain/orders/tracking';
import { packedBodySchema } from '../../../shared/contracts/orders';
import { chosenOption } from '../../../shared/domain/orders/placement';
import { shippingOptions } from '../../../shared/domain/orders/shipping-options';

const BOWLS = { sku: 'CC-BOWL-SAND', weightGrams: 2400, dimensions: { lengthMm: 300, widthMm: 300, heightMm: 160 } };
const LISBON: Destination = { city: 'Lisboa', postalCode: '1100-053', country: 'PT' };
// 2030-07-03 is a Wednesday, 11:00 in Lisbon: before the 13:00 cut-off.
const NOW = new Date('2030-07-03T10:00:00Z');

describe('planParcels', () => {
  it('keeps an order that fits in one parcel as one parcel', () => {
    expect(planParcels([{ ...BOWLS, quantity: 2 }], { maxWeightGrams: 30_000 })).toEqual({
      ok: true,
      parcels: [{ weightGrams: 4800, lines: [{ sku: 'CC-BOWL-SAND', quantity: 2 }] }],
    });
  });

  it('splits 50 bowls of 2.4 kg into parcels of at most 40 kg: 16 + 16 + 16 + 2 (worked example in docs/orders.md)', () => {
    const plan = planParcels([{ ...BOWLS, quantity: 50 }], { maxWeightGrams: 40_000 });
    expect(plan.ok && plan.parcels.map((parcel) => [parcel.weightGrams, parcel.lines[0]!.quantity])).toEqual([
      [38_400, 16],
      [38_400, 16],
      [38_400, 16],
      [4_800, 2],
    ]);
  });

  it('packs heavy units first and fills the gaps with light ones (first-fit decreasing)', () => {
    const plan = planParcels(
      [
        { sku: 'LIGHT', quantity: 3, weightGrams: 1_000 },
        { sku: 'HEAVY', quantity: 2, weightGrams: 12_000 },
      ],
      { maxWeightGrams: 20_000 },
    );
    // HEAVY → parcel 1 (12 kg), HEAVY → parcel 2 (12 kg), each LIGHT into parcel 1 until 15 kg.
    expect(plan).toEqual({
      ok: true,
      parcels: [
        { weightGrams: 15_000, lines: [{ sku: 'HEAVY', quantity: 1 }, { sku: 'LIGHT', quantity: 3 }] },
        { weightGrams: 12_000, lines: [{ sku: 'HEAVY', quantity: 1 }] },
      ],
    });
  });

  it('never loses or invents a unit, and no parcel is over the limit', () => {
    for (const [quantity, weight, limit] of [[7, 3_300, 10_000], [120, 250, 31_500], [13, 9_999, 10_000], [1, 40_000, 40_000]] as const) {
      const plan = planParcels([{ sku: 'X', quantity, weightGrams: weight }], { maxWeightGrams: limit });
      if (!plan.ok) throw new Error(plan.message);
      expect(plan.parcels.reduce((total, parcel) => total + parcel.lines[0]!.quantity, 0)).toBe(quantity);
      expect(plan.parcels.every((parcel) => parcel.weightGrams <= limit)).toBe(true);
    }
  });

  it('says in words when no split works: one unit heavier or longer than the largest parcel', () => {
    expect(planParcels([{ sku: 'ANVIL', quantity: 1, weightGrams: 45_000 }], { maxWeightGrams: 40_000 })).toEqual({
      ok: false,
      sku: 'ANVIL',
      reason: 'TOO_HEAVY',
      message: `One unit of ANVIL (45000 g) ${EXCEEDS_LARGEST_PARCEL} (40000 g)`,
    });
    const long = planParcels([{ sku: 'OAR', quantity: 1, weightGrams: 3_000, dimensions: { lengthMm: 2_400, widthMm: 100, heightMm: 50 } }], { maxWeightGrams: 40_000, maxLengthMm: 1_750 });
    expect(long).toMatchObject({ ok: false, reason: 'TOO_LONG' });
    expect(!long.ok && long.message).toMatch(/exceeds the largest parcel any carrier takes here/);
  });

  it('knows the largest parcel of a lane: the heaviest any carrier serving it takes', () => {
    expect(largestParcel(DEMO_CARRIERS, 'PT', 'STANDARD')).toEqual({ maxWeightGrams: 40_000 });
    expect(largestParcel(DEMO_CARRIERS, 'PT', 'STANDARD')).not.toHaveProperty('maxLengthMm');
  });
});

describe('shipping a heavy order in several parcels', () => {
  const quote = (quantity: number, unit: { sku: string; weightGrams: number; dimensions?: typeof BOWLS.dimensions } = BOWLS) =>
    shippingOptions({
      weightGrams: unit.weightGrams * quantity,
      units: [{ ...unit, quantity }],
      destination: LISBON,
      now: NOW,
      carriers: DEMO_CARRIERS,
      warehouses: DEMO_WAREHOUSES,
    });

  it('quotes 50 bowls (120 kg) to Lisbon in four parcels, each priced by the carrier that takes the heaviest', () => {
    const standard = quote(50).options.find((option) => option.serviceLevel === 'STANDARD')!;
    expect(standard.carrierId).toBe('eurolink'); // the only one taking 38.4 kg
    expect(standard.parcels?.map((parcel) => parcel.weightGrams)).toEqual([38_400, 38_400, 38_400, 4_800]);
    const eurolink = DEMO_CARRIERS.find((carrier) => carrier.id === 'eurolink')!;
    for (const parcel of standard.parcels!) {
      expect(parcel.price).toEqual(carrierOffer(eurolink, 'PT', 'STANDARD', parcel.weightGrams)!.price);
    }
    expect(standard.price.amount).toBe(standard.parcels!.reduce((total, parcel) => total + parcel.price.amount, 0));
  });

  it('keeps a single-parcel quote exactly as before (no parcels field)', () => {
    const two = quote(2);
    expect(two.options.length).toBeGreaterThan(0);
    expect(two.options.every((option) => option.parcels === undefined)).toBe(true);
    expect(two).toEqual(shippingOptions({ weightGrams: 4800, destination: LISBON, now: NOW, carriers: DEMO_CARRIERS, warehouses: DEMO_WAREHOUSES }));
  });

  it('refuses a unit heavier than any carrier takes, in words, when the customer picks that level', () => {
    const result = quote(1, { sku: 'ANVIL', weightGrams: 45_000 });
    expect(result.options).toEqual([]);
    expect(result.unavailable.find((entry) => entry.serviceLevel === 'STANDARD')).toMatchObject({ reason: 'EXCEEDS_LARGEST_PARCEL' });
    expect(() => chosenOption(result, 'STANDARD')).toThrow(/STANDARD shipping is not available for this address now \(EXCEEDS_LARGEST_PARCEL\): One unit of ANVIL \(45000 g\) exceeds the largest parcel any carrier takes here/);
  });
});

describe('booking and tracking the parcels', () => {
  const dims = { lengthMm: 400, widthMm: 300, heightMm: 300 };
  it('books the parcels as weighed; else the quoted split with the packed size; else the one parcel', () => {
    const weighed = [{ weightGrams: 30_000, dimensions: dims }, { weightGrams: 5_000, dimensions: { ...dims, heightMm: 100 } }];
    expect(parcelsToBook({ weightGrams: 35_000, dimensions: dims, parcels: weighed }, undefined)).toEqual(weighed);
    const planned = [{ weightGrams: 38_400, lines: [{ sku: 'A', quantity: 16 }] }, { weightGrams: 4_800, lines: [{ sku: 'A', quantity: 2 }] }];
    expect(parcelsToBook({ weightGrams: 43_200, dimensions: dims }, planned)).toEqual([{ weightGrams: 38_400, dimensions: dims }, { weightGrams: 4_800, dimensions: dims }]);
    expect(parcelsToBook({ weightGrams: 2_600, dimensions: dims }, undefined)).toEqual([{ weightGrams: 2_600, dimensions: dims }]);
  });

  it('gives every parcel its own booking reference; the first keeps the order id (one parcel books as before)', () => {
    expect([0, 1, 2].map((index) => parcelReference('01JORDER', index))).toEqual(['01JORDER', '01JORDER/2', '01JORDER/3']);
  });

  it('moves the order as its least advanced parcel, delivered only when every parcel is', () => {
    expect(ordersTrackingStatus([{ status: 'DELIVERED' }, {}])).toBeUndefined();
    expect(ordersTrackingStatus([{ status: 'DELIVERED' }, { status: 'IN_TRANSIT' }])).toBe('IN_TRANSIT');
    expect(ordersTrackingStatus([{ status: 'OUT_FOR_DELIVERY' }, { status: 'DELIVERED' }])).toBe('OUT_FOR_DELIVERY');
    expect(ordersTrackingStatus([{ status: 'DELIVERED' }, { status: 'EXCEPTION' }])).toBe('EXCEPTION');
    expect(ordersTrackingStatus([{ status: 'DELIVERED' }, { status: 'DELIVERED' }])).toBe('DELIVERED');
    expect(ordersTrackingStatus([{ status: 'OUT_FOR_DELIVERY' }])).toBe('OUT_FOR_DELIVERY');
  });
});

describe('POST /orders/{id}/packed with several parcels', () => {
  const dimensions = { lengthMm: 400, widthMm: 300, heightMm: 300 };
  it('takes each parcel as weighed, its weight the total of theirs', () => {
    expect(packedBodySchema.safeParse({ weightGrams: 2_600, dimensions }).success).toBe(true);
    expect(packedBodySchema.safeParse({ weightGrams: 35_000, dimensions, parcels: [{ weightGrams: 30_000, dimensions }, { weightGrams: 5_000, dimensions }] }).success).toBe(true);
    const wrong = packedBodySchema.safeParse({ weightGrams: 34_000, dimensions, parcels: [{ weightGrams: 30_000, dimensions }, { weightGrams: 5_000, dimensions }] });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues[0]).toMatchObject({ path: ['weightGrams'], message: "must be the total of the parcels' weights" });
  });
});
