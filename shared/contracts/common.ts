/** Schemas every context's contract reuses, so ids, times, money and pages look the same everywhere. */
import * as z from './z';

/** Crockford base32, 26 characters (what shared/adapters/ids.ts generates). */
export const ulidSchema = z
  .string()
  .check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'A ULID: 26 characters of Crockford base32, e.g. 01J9Z8Q4X7N2M5K3H1G0F9E8D7'));

/** ISO-8601 UTC with a `Z`, e.g. `2030-01-31T09:30:00.000Z`. */
export const isoDateTime = z.iso.datetime({ offset: false });

/** ISO 4217 alphabetic code, e.g. `EUR`. */
export const currencySchema = z.string().check(z.regex(/^[A-Z]{3}$/, 'An ISO 4217 currency code, e.g. EUR'));

/** Money in integer minor units (cents), never floats: `{ amount: 1999, currency: 'EUR' }` is 19.99 EUR. */
export const moneySchema = z.object({
  amount: z.int().check(z.minimum(Number.MIN_SAFE_INTEGER), z.maximum(Number.MAX_SAFE_INTEGER)),
  currency: currencySchema,
});
export type Money = z.infer<typeof moneySchema>;

export const fieldErrorSchema = z.object({ field: z.string(), message: z.string() });

/** RFC 9457 problem details (shared/http/problem.ts produces them). */
export const problemSchema = z
  .object({
    type: z.url(),
    title: z.string(),
    status: z.int().check(z.minimum(400), z.maximum(599)),
    detail: z.string(),
    instance: z.string(),
    code: z.string(),
    correlationId: z.string(),
    errors: z.optional(z.array(fieldErrorSchema)),
  }).register(z.globalRegistry, { id: 'Problem' });

/** A page of a listing; pass `nextToken` back to get the next page. Absent on the last page. */
export const paginated = <T extends z.core.$ZodType>(item: T) =>
  z.object({ items: z.array(item), nextToken: z.optional(z.string()) });

/** Text a person typed: trimmed, 1 to `max` characters. */
export const trimmedText = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** A SKU code, as every context names one (kept here so a contract that only names SKUs does not load the catalog's). */
export const skuCodeSchema = z.string().check(z.regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, 'Upper-case letters, digits and dashes, e.g. NW-MER-NAVY-M'));

/** Money in minor units, at least `minimum`. */
export const amountSchema = (minimum: number) =>
  z.object({ amount: z.int().check(z.minimum(minimum, minimum === 0 ? 'Must not be negative' : 'Must be at least 1 minor unit'), z.maximum(100_000_000)), currency: currencySchema });
