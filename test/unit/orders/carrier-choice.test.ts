import { describe, expect, it } from 'vitest';
import { CARRIER_CRITERIA, chooseCarrier, scoreCarriers, type Shipment } from '../../../shared/domain/orders/carrier-choice';
import type { Carrier } from '../../../shared/domain/orders/carriers';
import { DEMO_CARRIERS } from '../../../infra/local/seed-shipping';

/** A carrier serving one region at one level, for examples that isolate a single criterion. */
const laneCarrier = (id: string, price: number, days: number, onTimeRate: number, coverage: 'OWN_NETWORK' | 'PARTNER' = 'OWN_NETWORK'): Carrier => ({
  id,
  name: id,
  currency: 'EUR',
  regions: { DE: coverage },
  rates: { DE: { STANDARD: { basePrice: price, perKgPrice: 0 } } },
  transitDays: { DE: { STANDARD: days } },
  onTimeRate,
  maxWeightGrams: 30_000,
});
const DE_1KG: Shipment = { region: 'DE', weightGrams: 1000, serviceLevel: 'STANDARD' };

const summary = (shipment: Shipment, carriers: readonly Carrier[] = DEMO_CARRIERS) =>
  scoreCarriers(carriers, shipment).ranked.map((s) => [s.carrierId, s.score, s.price.amount, s.transitBusinessDays]);

describe('scoreCarriers: worked examples on the demo carriers', () => {
  it('has weights that add up to 100: cost 40, speed 25, on-time 25, coverage 10', () => {
    expect(CARRIER_CRITERIA.map((c) => [c.criterion, c.weight])).toEqual([
      ['cost', 40],
      ['speed', 25],
      ['onTime', 25],
      ['coverage', 10],
    ]);
  });

  it('Berlin, 2.4 kg standard (3 kg billed): the own-network cheapest carrier wins', () => {
    // rheinpost: 490 + 3×60 = 670, 2 d, 0.94, own:  40 + 25 + 23.5 + 10                       = 98.50
    // eurolink:  690 + 3×70 = 900, 2 d, 0.97, own:  40×670/900 = 29.78 + 25 + 24.25 + 10     = 89.03
    // iberlog:  1290 + 3×130 = 1680, 5 d, 0.91, partner: 40×670/1680 = 15.95 + (25 − 3×5 = 10) + 22.75 + 5 = 53.70
    expect(summary({ region: 'DE', weightGrams: 2400, serviceLevel: 'STANDARD' })).toEqual([
      ['rheinpost', 98.5, 670, 2],
      ['eurolink', 89.03, 900, 2],
      ['iberlog', 53.7, 1680, 5],
    ]);
  });

  it('Lisbon, 1 kg express: the local carrier is cheapest and fastest', () => {
    // iberlog:    890 + 90 = 980, 1 d, 0.91, own:      40 + 25 + 22.75 + 10                     = 97.75
    // eurolink:  1790 + 140 = 1930, 2 d, 0.97, own:    40×980/1930 = 20.31 + 20 + 24.25 + 10    = 74.56
    // rheinpost: 2690 + 190 = 2880, 3 d, 0.94, partner: 40×980/2880 = 13.61 + 15 + 23.5 + 5     = 57.11
    expect(summary({ region: 'PT', weightGrams: 1000, serviceLevel: 'EXPRESS' })).toEqual([
      ['iberlog', 97.75, 980, 1],
      ['eurolink', 74.56, 1930, 2],
      ['rheinpost', 57.11, 2880, 3],
    ]);
  });

  it('Madrid, 3 kg standard: shows each criterion in the breakdown', () => {
    // iberlog:   590 + 3×60 = 770, 2 d, 0.91, own:      40 + 25 + 22.75 + 10                    = 97.75
    // eurolink:  890 + 3×90 = 1160, 3 d, 0.97, own:     40×770/1160 = 26.55 + 20 + 24.25 + 10   = 80.80
    // rheinpost: 1190 + 3×120 = 1550, 5 d, 0.94, partner: 40×770/1550 = 19.87 + 10 + 23.5 + 5   = 58.37
    const { ranked } = scoreCarriers(DEMO_CARRIERS, { region: 'ES', weightGrams: 3000, serviceLevel: 'STANDARD' });
    expect(ranked.map((s) => [s.carrierId, s.breakdown, s.score])).toEqual([
      ['iberlog', { cost: 40, speed: 25, onTime: 22.75, coverage: 10 }, 97.75],
      ['eurolink', { cost: 26.55, speed: 20, onTime: 24.25, coverage: 10 }, 80.8],
      ['rheinpost', { cost: 19.87, speed: 10, onTime: 23.5, coverage: 5 }, 58.37],
    ]);
  });
});

describe('scoreCarriers: the weights at work', () => {
  it('prefers a carrier 20 % dearer when it is a day faster and far more reliable', () => {
    // budget:  500, 3 d, 0.70: 40 + 20 + 17.5 + 10               = 87.50
    // premium: 600, 2 d, 0.98: 40×500/600 = 33.33 + 25 + 24.5 + 10 = 92.83
    const carriers = [laneCarrier('budget', 500, 3, 0.7), laneCarrier('premium', 600, 2, 0.98)];
    expect(summary(DE_1KG, carriers)).toEqual([
      ['premium', 92.83, 600, 2],
      ['budget', 87.5, 500, 3],
    ]);
  });

  it('gives a carrier far slower than the fastest 0 speed points, never fewer', () => {
    // slow: 7 d vs 1 d → 25 − 6×5 = −5 → 0; cost 40 (same price), on-time 25, coverage 10 = 75
    const { ranked } = scoreCarriers([laneCarrier('fast', 500, 1, 1), laneCarrier('slow', 500, 7, 1)], DE_1KG);
    expect(ranked.map((s) => [s.carrierId, s.breakdown.speed, s.score])).toEqual([
      ['fast', 25, 100],
      ['slow', 0, 75],
    ]);
  });

  it('gives a partner-network carrier half the coverage points of an own network', () => {
    const { ranked } = scoreCarriers([laneCarrier('partner', 500, 2, 0.9, 'PARTNER'), laneCarrier('own', 500, 2, 0.9)], DE_1KG);
    expect(ranked.map((s) => [s.carrierId, s.breakdown.coverage, s.score])).toEqual([
      ['own', 10, 97.5], // 40 + 25 + 22.5 + 10
      ['partner', 5, 92.5],
    ]);
  });
});

describe('scoreCarriers: exclusions', () => {
  it('excludes carriers that do not cover the Canary Islands; the one that does scores on its own', () => {
    // iberlog alone: 1490 + 200 = 1690; it is the cheapest and fastest of one: 40 + 25 + 22.75 + 10 = 97.75
    const result = scoreCarriers(DEMO_CARRIERS, { region: 'ES-CN', weightGrams: 800, serviceLevel: 'STANDARD' });
    expect(result.ranked.map((s) => [s.carrierId, s.score, s.price.amount])).toEqual([['iberlog', 97.75, 1690]]);
    expect(result.excluded).toEqual([
      { carrierId: 'rheinpost', reason: 'REGION_NOT_COVERED' },
      { carrierId: 'eurolink', reason: 'REGION_NOT_COVERED' },
    ]);
  });

  it('excludes carriers whose weight limit the parcel exceeds', () => {
    const result = scoreCarriers(DEMO_CARRIERS, { region: 'DE', weightGrams: 35_000, serviceLevel: 'STANDARD' });
    expect(result.ranked.map((s) => s.carrierId)).toEqual(['eurolink']);
    expect(result.excluded).toEqual([
      { carrierId: 'rheinpost', reason: 'TOO_HEAVY' },
      { carrierId: 'iberlog', reason: 'TOO_HEAVY' },
    ]);
  });

  it('chooses nobody when no carrier offers the service level in the region', () => {
    const shipment: Shipment = { region: 'NL', weightGrams: 1000, serviceLevel: 'SAME_DAY' };
    expect(chooseCarrier(DEMO_CARRIERS, shipment)).toBeUndefined();
    expect(scoreCarriers(DEMO_CARRIERS, shipment).excluded.map((e) => e.reason)).toEqual([
      'SERVICE_LEVEL_NOT_OFFERED',
      'REGION_NOT_COVERED',
      'SERVICE_LEVEL_NOT_OFFERED',
    ]);
  });

  it('refuses to compare prices in different currencies', () => {
    const inFrancs = { ...laneCarrier('swiss', 500, 2, 0.9), currency: 'CHF' };
    expect(() => scoreCarriers([laneCarrier('euro', 500, 2, 0.9), inFrancs], DE_1KG)).toThrow(/several currencies: EUR, CHF/);
  });
});

describe('scoreCarriers: deterministic ties', () => {
  it('breaks an equal score by the lower price, before the carrier id', () => {
    // a-dear:  1250, 2 d, 0.92: 40×1000/1250 = 32 + 25 + 23 + 10 = 90
    // z-cheap: 1000, 2 d, 0.60: 40 + 25 + 15 + 10                = 90
    const ranked = summary(DE_1KG, [laneCarrier('a-dear', 1250, 2, 0.92), laneCarrier('z-cheap', 1000, 2, 0.6)]);
    expect(ranked).toEqual([
      ['z-cheap', 90, 1000, 2],
      ['a-dear', 90, 1250, 2],
    ]);
  });

  it('breaks an equal score and price by the shorter transit, before the carrier id', () => {
    // a-slow:  500, 3 d, 1.00: 40 + 20 + 25 + 10 = 95
    // z-quick: 500, 2 d, 0.80: 40 + 25 + 20 + 10 = 95
    expect(chooseCarrier([laneCarrier('a-slow', 500, 3, 1), laneCarrier('z-quick', 500, 2, 0.8)], DE_1KG)?.carrierId).toBe('z-quick');
  });

  it('breaks a tie of score, price and transit by carrier id, whatever the input order', () => {
    const b = laneCarrier('b-carrier', 700, 2, 0.9);
    const a = laneCarrier('a-carrier', 700, 2, 0.9);
    expect(chooseCarrier([b, a], DE_1KG)?.carrierId).toBe('a-carrier');
    expect(chooseCarrier([a, b], DE_1KG)?.carrierId).toBe('a-carrier');
  });

  it('ranks the demo carriers the same whatever order they are listed in', () => {
    const shipment: Shipment = { region: 'FR', weightGrams: 5000, serviceLevel: 'EXPRESS' };
    expect(summary(shipment, [...DEMO_CARRIERS].reverse())).toEqual(summary(shipment));
  });
});
