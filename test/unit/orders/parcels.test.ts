import { describe, expect, it } from 'vitest';
import { carrierOffer, type Destination } from '../../../shared/domain/orders/carriers';
import { DEMO_CARRIERS, DEMO_WAREHOUSES } from '../../../infra/local/seed-shipping';
import { EXCEEDS_LARGEST_PARCEL, lengthPlusGirth, limitOf, overLimit, parcelReference, parcelsToBook, parcelVolumeMm3, planParcels, planShipping, quotedCarrier, servingCarriers } from '../../../shared/domain/orders/parcels';
import type { Carrier } from '../../../shared/domain/orders/carriers';
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

  it('says in words when no split works: one unit heavier or larger than the parcel', () => {
    expect(planParcels([{ sku: 'ANVIL', quantity: 1, weightGrams: 45_000 }], { maxWeightGrams: 40_000 })).toEqual({
      ok: false,
      sku: 'ANVIL',
      reason: 'TOO_HEAVY',
      unit: '45000 g',
      limit: 'at most 40000 g',
      message: `One unit of ANVIL (45000 g) ${EXCEEDS_LARGEST_PARCEL} (at most 40000 g)`,
    });
    const long = planParcels([{ sku: 'OAR', quantity: 1, weightGrams: 3_000, dimensions: { lengthMm: 2_400, widthMm: 100, heightMm: 50 } }], { maxWeightGrams: 40_000, maxLengthMm: 1_750 });
    expect(long).toMatchObject({ ok: false, reason: 'TOO_LARGE', message: `One unit of OAR (2400 × 100 × 50 mm) ${EXCEEDS_LARGEST_PARCEL} (at most 1750 mm long)` });
  });
});

describe('a parcel within a carrier\'s size limits: every side, not only the longest', () => {
  const BOX = { maxWeightGrams: 31_500, maxDimensionsMm: { lengthMm: 1_200, widthMm: 600, heightMm: 600 } };
  const GIRTH = { maxWeightGrams: 40_000, maxLengthMm: 2_000, maxLengthPlusGirthMm: 3_000 };

  it('compares the sides longest first with the box\'s, turned any way', () => {
    // 500 × 1 100 × 550 sorted is 1 100 × 550 × 500: within 1 200 × 600 × 600, however it was measured.
    expect(overLimit(5_000, { lengthMm: 500, widthMm: 1_100, heightMm: 550 }, BOX)).toBeUndefined();
    // A flat panel 1 000 × 700 × 20: its longest side fits (1 000 ≤ 1 200), its second does not (700 > 600).
    // The old longest-side check let it through.
    expect(overLimit(5_000, { lengthMm: 1_000, widthMm: 700, heightMm: 20 }, BOX)).toEqual({ reason: 'TOO_LARGE', limit: 'sides at most 1200 × 600 × 600 mm' });
    // A cube 650 mm: every side over 600.
    expect(overLimit(5_000, { lengthMm: 650, widthMm: 650, heightMm: 650 }, BOX)).toMatchObject({ reason: 'TOO_LARGE' });
  });

  it('measures length plus girth as carriers do: the longest side + 2 × the other two', () => {
    // 1 500 + 2 × (400 + 300) = 2 900 ≤ 3 000.
    expect(lengthPlusGirth({ lengthMm: 400, widthMm: 1_500, heightMm: 300 })).toBe(2_900);
    expect(overLimit(10_000, { lengthMm: 1_500, widthMm: 400, heightMm: 300 }, GIRTH)).toBeUndefined();
    // 1 500 + 2 × (400 + 400) = 3 100 > 3 000, although no side is over 2 000.
    expect(overLimit(10_000, { lengthMm: 1_500, widthMm: 400, heightMm: 400 }, GIRTH)).toEqual({ reason: 'TOO_LARGE', limit: 'length plus girth at most 3000 mm' });
    expect(overLimit(10_000, { lengthMm: 2_100, widthMm: 100, heightMm: 100 }, GIRTH)).toEqual({ reason: 'TOO_LARGE', limit: 'at most 2000 mm long' });
    expect(overLimit(41_000, { lengthMm: 100, widthMm: 100, heightMm: 100 }, GIRTH)).toEqual({ reason: 'TOO_HEAVY', limit: 'at most 40000 g' });
  });

  it('holds at most the volume its limits allow: the box\'s, or the largest box within length plus girth', () => {
    expect(parcelVolumeMm3(BOX)).toBe(1_200 * 600 * 600); // 432 litres
    // Length plus girth 3 000: longest side 1 000, the others (3 000 − 1 000) / 4 = 500: 250 litres.
    expect(parcelVolumeMm3(GIRTH)).toBe(1_000 * 500 * 500);
    expect(parcelVolumeMm3({ maxWeightGrams: 1_000 })).toBeUndefined();
  });

  it('splits light, bulky units by volume: 30 pillows of 600 × 400 × 300 mm (72 litres, 1.5 kg) go six to a 432-litre box', () => {
    const plan = planParcels([{ sku: 'PILLOW', quantity: 30, weightGrams: 1_500, dimensions: { lengthMm: 600, widthMm: 400, heightMm: 300 } }], BOX);
    // 45 kg is two parcels by weight; by volume, 6 × 72 = 432 litres fill a parcel: five parcels of 9 kg.
    expect(plan.ok && plan.parcels.map((parcel) => [parcel.weightGrams, parcel.lines[0]!.quantity])).toEqual([
      [9_000, 6], [9_000, 6], [9_000, 6], [9_000, 6], [9_000, 6],
    ]);
  });

  it('stops a parcel at whichever limit comes first, weight or volume', () => {
    const plan = planParcels(
      [
        { sku: 'DUMBBELL', quantity: 3, weightGrams: 10_000, dimensions: { lengthMm: 300, widthMm: 150, heightMm: 150 } },
        { sku: 'BEANBAG', quantity: 2, weightGrams: 2_000, dimensions: { lengthMm: 1_000, widthMm: 500, heightMm: 450 } },
      ],
      GIRTH,
    );
    // Dumbbells first (heaviest): 3 × 10 kg = 30 kg in parcel 1. A beanbag (225 l, 2 kg) joins it (32 kg, 245 l of 250);
    // the second beanbag would make 470 l: parcel 2.
    expect(plan).toEqual({
      ok: true,
      parcels: [
        { weightGrams: 32_000, lines: [{ sku: 'DUMBBELL', quantity: 3 }, { sku: 'BEANBAG', quantity: 1 }] },
        { weightGrams: 2_000, lines: [{ sku: 'BEANBAG', quantity: 1 }] },
      ],
    });
  });

  it('reads each demo carrier\'s limits', () => {
    const byId = new Map(DEMO_CARRIERS.map((carrier) => [carrier.id, carrier]));
    expect(limitOf(byId.get('rheinpost')!)).toEqual(BOX);
    expect(limitOf(byId.get('eurolink')!)).toEqual(GIRTH);
    expect(servingCarriers(DEMO_CARRIERS, 'PT-ISL', 'STANDARD').map((carrier) => carrier.id)).toEqual(['iberlog']);
  });
});

describe('planShipping: one parcel when a carrier takes the order whole, else the best of the carriers\' own splits', () => {
  const units = (quantity: number, unit: { sku: string; weightGrams: number; dimensions?: typeof BOWLS.dimensions } = BOWLS) => [{ ...unit, quantity }];

  it('50 bowls of 2.4 kg to Lisbon: each carrier splits within its own limits; IberLog\'s five parcels are the cheapest and fastest', () => {
    const plan = planShipping(units(50), DEMO_CARRIERS, 'PT', 'STANDARD');
    if (!plan.ok) throw new Error(plan.detail);
    // IberLog takes 30 kg: 12 bowls (28.8 kg, 173 litres of its 250) a parcel, 12 + 12 + 12 + 12 + 2.
    expect(plan.carrier.carrierId).toBe('iberlog');
    expect(plan.parcels.map((parcel) => [parcel.weightGrams, parcel.lines[0]!.quantity, parcel.price.amount])).toEqual([
      [28_800, 12, 1_900], // 4.50 + 0.50 × 29 kg started
      [28_800, 12, 1_900],
      [28_800, 12, 1_900],
      [28_800, 12, 1_900],
      [4_800, 2, 700], // 4.50 + 0.50 × 5
    ]);
    expect(plan.carrier.price).toEqual({ amount: 8_300, currency: 'EUR' });
    // EuroLink would take 16 a parcel (4 parcels, 161.60), RheinPost 13 (4 parcels, 211.50): dearer, and slower.
  });

  it('keeps an order one carrier takes whole as one parcel, even when a split elsewhere is cheaper', () => {
    // 14 bowls, 33.6 kg to Berlin: only EuroLink (40 kg) takes it whole; RheinPost would need two parcels.
    const plan = planShipping(units(14), DEMO_CARRIERS, 'DE', 'STANDARD');
    expect(plan).toMatchObject({ ok: true, carrier: { carrierId: 'eurolink' }, parcels: [{ weightGrams: 33_600 }] });
  });

  it('leaves out a carrier that cannot take a unit\'s size, and splits with one that can', () => {
    // A table top 1 400 × 800 × 40 mm, 12 kg: its 800 mm side is over RheinPost's 1 200 × 600 × 600 box; its length
    // plus girth, 1 400 + 2 × (800 + 40) = 3 080 mm, is over IberLog's and EuroLink's 3 000. Nobody takes it.
    const top = { sku: 'TOP', weightGrams: 12_000, dimensions: { lengthMm: 1_400, widthMm: 800, heightMm: 40 } };
    const refused = planShipping(units(1, top), DEMO_CARRIERS, 'DE', 'STANDARD');
    expect(refused).toEqual({
      ok: false,
      reason: 'EXCEEDS_LARGEST_PARCEL',
      detail: `One unit of TOP (1400 × 800 × 40 mm) ${EXCEEDS_LARGEST_PARCEL} (RheinPost Parcel: sides at most 1200 × 600 × 600 mm; IberLog Express: length plus girth at most 3000 mm; EuroLink Priority: length plus girth at most 3000 mm)`,
    });
    // A narrower one, 1 400 × 700 × 40 (2 880 mm length plus girth): EuroLink and IberLog take it, RheinPost's box does not.
    const narrow = { ...top, dimensions: { lengthMm: 1_400, widthMm: 700, heightMm: 40 } };
    const plan = planShipping(units(3, narrow), DEMO_CARRIERS, 'DE', 'STANDARD');
    if (!plan.ok) throw new Error(plan.detail);
    expect(plan.carrier.carrierId).not.toBe('rheinpost');
    expect(plan.parcels.length).toBe(1); // 36 kg and 118 litres: EuroLink takes the three whole
    expect(plan.carrier.carrierId).toBe('eurolink');
  });

  it('says which unit no carrier takes by weight, with the heaviest any takes', () => {
    expect(planShipping(units(1, { sku: 'ANVIL', weightGrams: 45_000 }), DEMO_CARRIERS, 'PT', 'STANDARD')).toEqual({
      ok: false,
      reason: 'EXCEEDS_LARGEST_PARCEL',
      detail: `One unit of ANVIL (45000 g) ${EXCEEDS_LARGEST_PARCEL} (at most 40000 g)`,
    });
  });

  it('answers NO_CARRIER when nobody serves the lane at that level', () => {
    expect(planShipping(units(1), DEMO_CARRIERS, 'PT-ISL', 'SAME_DAY')).toEqual({ ok: false, reason: 'NO_CARRIER' });
  });
});

describe('quotedCarrier: allocation keeps the carrier the quote chose', () => {
  const order = { quotedCarrierId: 'iberlog', estimatedWeightGrams: 120_000, serviceLevel: 'STANDARD' as const, plannedParcels: [{ weightGrams: 28_800, lines: [] }, { weightGrams: 4_800, lines: [] }] };
  it('while it serves the lane and takes the heaviest parcel', () => {
    expect(quotedCarrier(DEMO_CARRIERS, order, 'PT')?.id).toBe('iberlog');
  });
  it('not when its data changed (a lower weight limit), nor when the order has none', () => {
    const lighter: Carrier[] = DEMO_CARRIERS.map((carrier) => (carrier.id === 'iberlog' ? { ...carrier, maxWeightGrams: 20_000 } : carrier));
    expect(quotedCarrier(lighter, order, 'PT')).toBeUndefined();
    expect(quotedCarrier(DEMO_CARRIERS, { ...order, quotedCarrierId: undefined }, 'PT')).toBeUndefined();
    expect(quotedCarrier(DEMO_CARRIERS, order, 'PT-ISL')?.id).toBe('iberlog');
    expect(quotedCarrier(DEMO_CARRIERS, { ...order, quotedCarrierId: 'rheinpost' }, 'PT-ISL')).toBeUndefined();
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

  it('quotes 50 bowls (120 kg) to Lisbon in five parcels, each priced by the carrier that ships them (worked example in docs/orders.md)', () => {
    const standard = quote(50).options.find((option) => option.serviceLevel === 'STANDARD')!;
    expect(standard.carrierId).toBe('iberlog');
    expect(standard.parcels?.map((parcel) => parcel.weightGrams)).toEqual([28_800, 28_800, 28_800, 28_800, 4_800]);
    const iberlog = DEMO_CARRIERS.find((carrier) => carrier.id === 'iberlog')!;
    for (const parcel of standard.parcels!) {
      expect(parcel.price).toEqual(carrierOffer(iberlog, 'PT', 'STANDARD', parcel.weightGrams)!.price);
    }
    expect(standard.price).toEqual({ amount: 8_300, currency: 'EUR' });
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
