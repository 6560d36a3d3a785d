/**
 * Exchanges meet the order checkout here (shared/domain/orders/replacement.ts): what a SKU offered in exchange
 * costs and has in stock now, and the replacement order placed through the same two checkout writes as
 * `POST /orders` — every line reserved with the new order (all or nothing), then accepted with `OrderPlaced`,
 * which starts the order workflow at the warehouse's wait — without a payment provider, as it owes nothing.
 * The order's id is the one the return reserved, and the first write is conditional on it not existing: however
 * often a step runs, one replacement order exists.
 */
import { DomainError } from '../domain/errors';
import { availableByWarehouse } from '../domain/inventory/warehouse-stock';
import { openCheckout, type Catalogue } from '../domain/orders/checkout';
import type { CartLine } from '../domain/orders/pricing';
import { acceptNoChargeOrder, replacementOrder, withoutAuthorization } from '../domain/orders/replacement';
import type { ExchangeOffer } from '../domain/returns/exchange';
import * as catalogRepository from './catalog-repository';
import { clock } from './clock';
import * as ordersRepository from './orders-repository';
import * as stockLedger from './stock-ledger';

/** The SKUs offered in exchange that are for sale now (listed, ACTIVE, not on quality hold), with their price and what is available. */
export async function exchangeOffers(codes: readonly string[]): Promise<Map<string, ExchangeOffer>> {
  const unique = [...new Set(codes)];
  const [listings, stocks] = await Promise.all([catalogRepository.activeListings(unique), Promise.all(unique.map((code) => stockLedger.stockOfSku(code)))]);
  return new Map(
    unique.flatMap((code, index) => {
      const listing = listings.get(code);
      if (!listing) return [];
      return [[code, { sku: code, productId: listing.productId, categoryId: listing.categoryId, unitPrice: listing.sku.unitPrice, available: stocks[index]!.total?.available ?? 0 }] as const];
    }),
  );
}

/** The catalogue a replacement is priced and shipped with: its SKUs as listed now, no promotions, stock per warehouse. */
async function replacementCatalogue(codes: readonly string[]): Promise<Catalogue> {
  const [listings, carriers, warehouses, stocks] = await Promise.all([
    catalogRepository.activeListings(codes),
    ordersRepository.listCarriers(),
    ordersRepository.listWarehouses(),
    Promise.all(codes.map((code) => stockLedger.stockOfSku(code))),
  ]);
  const available = new Map(codes.flatMap((code, index) => {
    const { total, records } = stocks[index]!;
    return total ? [[code, availableByWarehouse(total, records, warehouses)] as const] : [];
  }));
  return { skus: new Map([...listings].map(([code, listing]) => [code, listing.sku])), promotions: [], carriers, warehouses, available };
}

export interface ReplacementRequest {
  readonly orderId: string;
  readonly returnId: string;
  readonly original: ordersRepository.StoredOrder;
  readonly lines: readonly CartLine[];
  readonly correlationId: string;
}

/** Placed (accepted, or found accepted), or unavailable with why (the exchange then falls back to a refund). */
export type ReplacementOutcome = { readonly outcome: 'PLACED'; readonly order: ordersRepository.StoredOrder } | { readonly outcome: 'UNAVAILABLE'; readonly reason: string };

/**
 * The replacement order, placed once: found when an earlier attempt wrote it (and accepted if that attempt died
 * between the two writes), else priced, reserved and accepted now. A SKU no longer for sale or short of stock is
 * UNAVAILABLE, nothing written; other failures (no carrier, contention) throw for the caller's retries.
 */
export async function placeReplacementOrder(request: ReplacementRequest): Promise<ReplacementOutcome> {
  const now = clock.now();
  let order = await ordersRepository.getOrder(request.orderId);
  if (!order) {
    const codes = request.lines.map((line) => line.sku);
    const catalogue = await replacementCatalogue(codes);
    const gone = codes.filter((code) => !catalogue.skus.has(code));
    if (gone.length > 0) return { outcome: 'UNAVAILABLE', reason: `${gone.join(', ')} no longer for sale` };
    const draft = replacementOrder({ orderId: request.orderId, returnId: request.returnId, original: request.original, lines: request.lines, now }, catalogue);
    const opened = await ordersRepository.openOrder(withoutAuthorization(openCheckout(draft, catalogue.carriers, now)), request.original.paymentToken);
    if (opened === 'contention') throw new DomainError('unavailable', 'StockContention', `Other orders kept taking the stock of replacement order ${request.orderId}; try again`);
    if ('shortSkus' in opened) return { outcome: 'UNAVAILABLE', reason: `${opened.shortSkus.join(', ')} out of stock` };
    order = opened;
  }
  if (order.status === 'STOCK_RESERVED') {
    const accepted = await ordersRepository.updateOrder(order.orderId, (current) => ({ ...acceptNoChargeOrder(current, clock.now(), request.correlationId), write: { correlationId: request.correlationId } }));
    if (accepted === 'contention') throw new DomainError('unavailable', 'CheckoutInProgress', `Replacement order ${request.orderId} could not be accepted yet; try again`);
    order = accepted.order;
  }
  // Found failed or rejected (the order sweeper undid a checkout left open): this exchange cannot be placed.
  if (!order.timeline.some((entry) => entry.status === 'AWAITING_PACKING')) return { outcome: 'UNAVAILABLE', reason: `replacement order ${order.orderId} is ${order.status}` };
  return { outcome: 'PLACED', order };
}
