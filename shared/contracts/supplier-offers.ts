/**
 * Supplier offers: the suppliers a restock may buy a SKU from besides the one that lists it, and on what terms
 * (shared/domain/inventory/supplier-offers.ts). ChooseSupplier ranks them (docs/inventory.md, "Who a restock
 * buys from").
 */
import * as z from './z';
import { defineRoute } from './route';
import { isoDateTime, moneySchema, ulidSchema } from './common';
import { amountSchema, skuCodeSchema } from './common';
import { SUPPLIER_STANDINGS } from '../domain/suppliers/standing';
import { OFFER_LIMITS } from '../domain/inventory/supplier-offers';

const offerPath = z.strictObject({ sku: skuCodeSchema, supplierId: ulidSchema });
const bounded = ({ min, max }: { readonly min: number; readonly max: number }) => z.int().check(z.minimum(min), z.maximum(max));

const offerBodySchema = z.strictObject({
  unitCost: amountSchema(1),
  /** Only where they differ from the supplier's contract. */
  leadTimeDays: z.optional(bounded(OFFER_LIMITS.leadTimeDays)),
  minimumOrderQuantity: z.optional(bounded(OFFER_LIMITS.minimumOrderQuantity)),
  packSize: z.optional(bounded(OFFER_LIMITS.packSize)),
});

const storedOfferSchema = z.object({
  sku: z.string(),
  supplierId: z.string(),
  unitCost: moneySchema,
  leadTimeDays: z.optional(z.int()),
  minimumOrderQuantity: z.optional(z.int()),
  packSize: z.optional(z.int()),
  updatedAt: isoDateTime,
  updatedBy: z.string(),
  /** Set when the offer ended (its SKU's product archived): kept, never chosen again. */
  endedAt: z.optional(isoDateTime),
  endReason: z.optional(z.enum(['PRODUCT_ARCHIVED'])),
});

const rankedOfferSchema = z.object({
  supplierId: z.string(),
  standing: z.enum(SUPPLIER_STANDINGS),
  unitCost: moneySchema,
  leadTimeDays: z.int(),
  minimumOrderQuantity: z.int(),
  packSize: z.int(),
  /** Out of 100: standing 50, cost 30, lead time 20 (supplier-choice.ts). */
  score: z.number(),
  needsManualApproval: z.boolean(),
});

const offersViewSchema = z.object({
  sku: z.string(),
  /** Best first: the first is the supplier a restock would buy from now. */
  ranked: z.array(rankedOfferSchema),
  /** Offers the choice leaves out, and why (an ended offer, a suspended supplier, another currency). */
  excluded: z.array(z.object({ supplierId: z.string(), reason: z.string() })),
});

const putSupplierOffer = /* @__PURE__ */ defineRoute({
  operationId: 'putSupplierOffer',
  method: 'PUT',
  path: '/inventory/{sku}/offers/{supplierId}',
  summary: "Operators, or the supplier itself: a supplier's price (and terms where they differ from its contract) for a SKU",
  tags: ['inventory'],
  auth: { type: 'jwt', roles: ['operator', 'supplier'] },
  handlerEntry: 'functions/inventory/put-supplier-offer.ts',
  pathParams: offerPath,
  body: offerBodySchema,
  response: { status: 200, description: 'The offer as stored', schema: storedOfferSchema },
  errors: [403, 404, 409, 422],
});

const withdrawSupplierOffer = /* @__PURE__ */ defineRoute({
  operationId: 'withdrawSupplierOffer',
  method: 'DELETE',
  path: '/inventory/{sku}/offers/{supplierId}',
  summary: 'Operators, or the supplier itself: withdraw an offer (the listing supplier keeps its implicit one)',
  tags: ['inventory'],
  auth: { type: 'jwt', roles: ['operator', 'supplier'] },
  handlerEntry: 'functions/inventory/withdraw-supplier-offer.ts',
  pathParams: offerPath,
  response: { status: 200, description: 'The offer that was withdrawn', schema: storedOfferSchema },
  errors: [403, 404],
});

const listSupplierOffers = /* @__PURE__ */ defineRoute({
  operationId: 'listSupplierOffers',
  method: 'GET',
  path: '/inventory/{sku}/offers',
  summary: "Operators: every supplier's offer for a SKU, ranked as a restock would choose",
  tags: ['inventory'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/inventory/list-supplier-offers.ts',
  pathParams: z.strictObject({ sku: skuCodeSchema }),
  response: { status: 200, description: 'The offers, best first, and those left out', schema: offersViewSchema },
  errors: [404],
});

export const supplierOfferRoutes = { putSupplierOffer, withdrawSupplierOffer, listSupplierOffers };

export type StoredOfferView = z.input<typeof storedOfferSchema>;
export type OffersView = z.input<typeof offersViewSchema>;
