import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { isoDateTime, moneySchema, paginated, ulidSchema } from '../../../shared/contracts/common';
import { newId } from '../../../shared/adapters/ids';

describe('common schemas', () => {
  it('accepts our ULIDs and nothing else', () => {
    expect(ulidSchema.safeParse(newId()).success).toBe(true);
    for (const bad of ['01j9z8q4x7n2m5k3h1g0f9e8d7', '01J9Z8Q4X7N2M5K3H1G0F9E8DU', 'short']) {
      expect(ulidSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('wants UTC ISO-8601 times', () => {
    expect(isoDateTime.safeParse('2030-01-31T09:30:00.000Z').success).toBe(true);
    expect(isoDateTime.safeParse('2030-01-31T09:30:00+02:00').success).toBe(false);
    expect(isoDateTime.safeParse('2030-01-31').success).toBe(false);
  });

  it('keeps money in integer minor units with an ISO currency', () => {
    expect(moneySchema.safeParse({ amount: 1999, currency: 'EUR' }).success).toBe(true);
    expect(moneySchema.safeParse({ amount: 19.99, currency: 'EUR' }).success).toBe(false);
    expect(moneySchema.safeParse({ amount: 1999, currency: 'eur' }).success).toBe(false);
  });

  it('pages items with an optional next token', () => {
    const page = paginated(z.object({ id: z.string() }));
    expect(page.parse({ items: [{ id: 'a' }] })).toEqual({ items: [{ id: 'a' }] });
    expect(page.safeParse({ items: [{}], nextToken: 'x' }).success).toBe(false);
  });
});
