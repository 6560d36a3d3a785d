/**
 * Carriers and warehouses are data: operators keep their coverage, rate and transit tables and their
 * cut-offs here; quotes, ETAs and the carrier choice read them.
 */
import * as z from './z';
import { defineRoute } from './route';
import { currencySchema } from './common';
import { SERVICE_LEVELS } from '../domain/orders/carriers';

/** The most a carrier may charge per parcel or per kg, in minor units (10 000.00). */
export const MAX_RATE_MINOR_UNITS = 1_000_000;

const regionCode = z.string().check(z.regex(/^[A-Z]{2}(-[A-Z0-9]{1,4})?$/, 'A country code, or a remote region of one, e.g. PT-ISL'));
const levels = <T extends z.core.$ZodType>(value: T) => z.partialRecord(z.enum(SERVICE_LEVELS), value);
const millimetres = (max: number) => z.int().check(z.minimum(1), z.maximum(max));
const idPath = z.strictObject({ id: z.string().check(z.regex(/^[a-z0-9-]{2,40}$/, 'Lower-case letters, digits and dashes')) });

export const carrierBodySchema = z
  .strictObject({
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
    currency: currencySchema,
    regions: z.record(regionCode, z.enum(['OWN_NETWORK', 'PARTNER'])).check(z.refine((regions) => Object.keys(regions).length <= 300, 'At most 300 regions')),
    // Bounded so that a price for the heaviest parcel stays an exact integer (and a sane one): 10 000.00 max.
    rates: z.record(regionCode, levels(z.strictObject({ basePrice: z.int().check(z.minimum(0), z.maximum(MAX_RATE_MINOR_UNITS)), perKgPrice: z.int().check(z.minimum(0), z.maximum(MAX_RATE_MINOR_UNITS)) }))),
    transitDays: z.record(regionCode, levels(z.int().check(z.minimum(0), z.maximum(60)))),
    onTimeRate: z.number().check(z.minimum(0), z.maximum(1)),
    maxWeightGrams: z.int().check(z.minimum(1), z.maximum(1_000_000)),
    // Size limits, each optional: the longest side, the largest box (turned any way), length plus girth (docs/orders.md, "Multi-parcel orders").
    maxLengthMm: z.optional(millimetres(10_000)),
    maxDimensionsMm: z.optional(z.strictObject({ lengthMm: millimetres(10_000), widthMm: millimetres(10_000), heightMm: millimetres(10_000) })),
    maxLengthPlusGirthMm: z.optional(millimetres(50_000)),
  }).check(z.superRefine((carrier, ctx) => {
    for (const [region, rates] of Object.entries(carrier.rates)) {
      if (!(region in carrier.regions)) ctx.addIssue({ code: 'custom', path: ['rates', region], message: `${region} is not among the regions it covers` });
      for (const level of Object.keys(rates ?? {})) {
        if (carrier.transitDays[region]?.[level as (typeof SERVICE_LEVELS)[number]] === undefined) {
          ctx.addIssue({ code: 'custom', path: ['transitDays', region, level], message: 'Every rate needs its transit days' });
        }
      }
    }
  }));

export const warehouseBodySchema = z.strictObject({
  city: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  cityAliases: z._default(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))).check(z.maxLength(10)), []),
  country: z.string().check(z.regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code')),
  timeZone: z.string().check(z.refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'An IANA time zone, e.g. Europe/Berlin')),
  handlingHours: z.number().check(z.minimum(0), z.maximum(240)),
  sameDayCutoff: z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Local time HH:MM')),
});

const carrierView = z.intersection(carrierBodySchema, z.object({ id: z.string() }));
const warehouseView = z.extend(warehouseBodySchema, { id: z.string() });

export const shippingRoutes = {
  listCarriers: defineRoute({
    operationId: 'listCarriers',
    method: 'GET',
    path: '/carriers',
    summary: 'Carriers with their coverage, rates, transit times and on-time rate',
    tags: ['orders'],
    auth: { type: 'jwt', roles: ['operator'] },
    handlerEntry: 'functions/orders/list-carriers.ts',
    response: { status: 200, description: 'Every carrier', schema: z.object({ items: z.array(carrierView) }) },
  }),
  putCarrier: defineRoute({
    operationId: 'putCarrier',
    method: 'PUT',
    path: '/carriers/{id}',
    summary: "Operators: create or change a carrier and its rate and transit tables (in the catalogue's currency: 422 CurrencyMismatch otherwise)",
    tags: ['orders'],
    auth: { type: 'jwt', roles: ['operator'] },
    handlerEntry: 'functions/orders/put-carrier.ts',
    pathParams: idPath,
    body: carrierBodySchema,
    response: { status: 200, description: 'The carrier as stored', schema: carrierView },
    errors: [422],
  }),
  putWarehouse: defineRoute({
    operationId: 'putWarehouse',
    method: 'PUT',
    path: '/warehouses/{id}',
    summary: 'Operators: create or change a warehouse (city, time zone, handling time, same-day cut-off)',
    tags: ['orders'],
    auth: { type: 'jwt', roles: ['operator'] },
    handlerEntry: 'functions/orders/put-warehouse.ts',
    pathParams: idPath,
    body: warehouseBodySchema,
    response: { status: 200, description: 'The warehouse as stored', schema: warehouseView },
  }),
};
