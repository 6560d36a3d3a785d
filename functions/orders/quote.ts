/**
 * What a cart is priced and shipped with, loaded once for the quote and for the order: the live SKUs it
 * names, the promotions that can apply to it, carriers and warehouses, and what each warehouse has available
 * of them. The pricing itself is the domain's (shared/domain/orders/checkout.ts).
 */
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import * as stockLedger from '../../shared/adapters/stock-ledger';
import { clock } from '../../shared/adapters/clock';
import { availableByWarehouse } from '../../shared/domain/inventory/warehouse-stock';
import type { Destination } from '../../shared/domain/orders/carriers';
import { quoteCart as quoteFromCatalogue, type Catalogue, type CartQuote } from '../../shared/domain/orders/checkout';
import type { CartLine } from '../../shared/domain/orders/pricing';
import type { Promotion } from '../../shared/domain/promotions/promotion';
import { cartPromotions, type Shopper } from './promotions';

export type { Shopper };

/** The catalogue and, for placing the order, the promotions that were considered (their counters are consumed). */
export interface LoadedCatalogue extends Catalogue {
  readonly promotionsConsidered: readonly Promotion[];
}

const stockOf = async (codes: readonly string[]) => Promise.all(codes.map((code) => stockLedger.stockOfSku(code)));

export async function loadCatalogue(lines: readonly CartLine[], shopper: Shopper = { groups: [], couponCodes: [] }, now = clock.now()): Promise<LoadedCatalogue> {
  const codes = [...new Set(lines.map((line) => line.sku))];
  const [listings, carriers, warehouses, stocks] = await Promise.all([
    catalogRepository.activeListings(codes),
    ordersRepository.listCarriers(),
    ordersRepository.listWarehouses(),
    stockOf(codes),
  ]);
  const promotions = await cartPromotions(listings, shopper, now);
  // Gifts are lines too: their SKUs are weighed, shipped and reserved like the cart's.
  const giftCodes = promotions.giftSkus.filter((code) => !codes.includes(code));
  const [giftListings, giftStocks] = giftCodes.length ? await Promise.all([catalogRepository.activeListings(giftCodes), stockOf(giftCodes)]) : [new Map(), []];
  const allCodes = [...codes, ...giftCodes];
  const allStocks = [...stocks, ...giftStocks];
  // Per SKU and warehouse what is available now: the shipping options go from a warehouse that has it.
  const available = new Map(allCodes.flatMap((code, index) => {
    const { total, records } = allStocks[index]!;
    return total ? [[code, availableByWarehouse(total, records, warehouses)] as const] : [];
  }));
  const skus = new Map([...listings, ...giftListings].map(([code, listing]) => [code, listing.sku]));
  const engine = promotions.engine((sku) => [...(available.get(sku)?.values() ?? [])].reduce((sum, units) => sum + units, 0));
  return { skus, carriers, warehouses, promotions: engine, available, promotionsConsidered: promotions.considered };
}

/** The cart's goods priced and its shipping options, from the catalogue as it is now. */
export async function quoteCart(lines: readonly CartLine[], destination: Destination, now: Date, shopper?: Shopper): Promise<CartQuote> {
  return quoteFromCatalogue(lines, destination, await loadCatalogue(lines, shopper, now), now);
}
