/**
 * What a cart is priced and shipped with, loaded once for the quote and for the order: the live SKUs it
 * names, the promotions (none yet), carriers and warehouses, and what each warehouse has available of them. The pricing itself is the domain's
 * (shared/domain/orders/checkout.ts).
 */
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import * as ordersRepository from '../../shared/adapters/orders-repository';
import * as stockLedger from '../../shared/adapters/stock-ledger';
import { availableByWarehouse } from '../../shared/domain/inventory/warehouse-stock';
import type { Destination } from '../../shared/domain/orders/carriers';
import { quoteCart as quoteFromCatalogue, type Catalogue, type CartQuote } from '../../shared/domain/orders/checkout';
import type { CartLine, PromotionRule } from '../../shared/domain/orders/pricing';

/** Promotions plug in here once the promotions context exists: rules that price lines, nothing else. */
const activePromotions = async (): Promise<readonly PromotionRule[]> => [];

export async function loadCatalogue(lines: readonly CartLine[]): Promise<Catalogue> {
  const codes = [...new Set(lines.map((line) => line.sku))];
  const [skus, carriers, warehouses, promotions, stocks] = await Promise.all([
    catalogRepository.activeSkus(codes),
    ordersRepository.listCarriers(),
    ordersRepository.listWarehouses(),
    activePromotions(),
    Promise.all(codes.map((code) => stockLedger.stockOfSku(code))),
  ]);
  // Per SKU and warehouse what is available now: the shipping options go from a warehouse that has it.
  const available = new Map(codes.flatMap((code, index) => {
    const { total, records } = stocks[index]!;
    return total ? [[code, availableByWarehouse(total, records, warehouses)] as const] : [];
  }));
  return { skus, carriers, warehouses, promotions, available };
}

/** The cart's goods priced and its shipping options, from the catalogue as it is now. */
export async function quoteCart(lines: readonly CartLine[], destination: Destination, now: Date): Promise<CartQuote> {
  return quoteFromCatalogue(lines, destination, await loadCatalogue(lines), now);
}
