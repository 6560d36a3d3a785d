/**
 * What a cart is priced and shipped with, loaded once for the quote and for the order: the live SKUs it
 * names, the promotions (none yet), carriers and warehouses. The pricing itself is the domain's
 * (shared/domain/orders/checkout.ts).
 */
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import type { Destination } from '../../shared/domain/orders/carriers';
import { quoteCart as quoteFromCatalogue, type Catalogue, type CartQuote } from '../../shared/domain/orders/checkout';
import type { CartLine, PromotionRule } from '../../shared/domain/orders/pricing';

/** Promotions plug in here once the promotions context exists: rules that price lines, nothing else. */
const activePromotions = async (): Promise<readonly PromotionRule[]> => [];

export async function loadCatalogue(lines: readonly CartLine[]): Promise<Catalogue> {
  const [skus, carriers, warehouses, promotions] = await Promise.all([
    catalogRepository.activeSkus(lines.map((line) => line.sku)),
    ordersRepository.listCarriers(),
    ordersRepository.listWarehouses(),
    activePromotions(),
  ]);
  return { skus, carriers, warehouses, promotions };
}

/** The cart's goods priced and its shipping options, from the catalogue as it is now. */
export async function quoteCart(lines: readonly CartLine[], destination: Destination, now: Date): Promise<CartQuote> {
  return quoteFromCatalogue(lines, destination, await loadCatalogue(lines), now);
}
