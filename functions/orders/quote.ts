/**
 * Pricing a cart on the server, shared by the quote and the order: catalogue prices of ACTIVE products,
 * the promotions step (none yet), and the shipping options for the destination with their ETAs.
 */
import { catalogRepository } from '../../shared/adapters/catalog-repository';
import { ordersRepository } from '../../shared/adapters/orders-repository';
import type { Destination } from '../../shared/domain/orders/carriers';
import { cartUnits, cartWeightGrams } from '../../shared/domain/orders/placement';
import { priceCart, type CartLine, type PromotionRule } from '../../shared/domain/orders/pricing';
import { shippingOptions } from '../../shared/domain/orders/shipping-options';

/** Promotions plug in here once the promotions context exists: rules that price lines, nothing else. */
const activePromotions = async (): Promise<readonly PromotionRule[]> => [];

export async function quoteCart(lines: readonly CartLine[], destination: Destination, now: Date) {
  const [skus, carriers, warehouses, promotions] = await Promise.all([
    catalogRepository.activeSkus(lines.map((line) => line.sku)),
    ordersRepository.listCarriers(),
    ordersRepository.listWarehouses(),
    activePromotions(),
  ]);
  const goods = priceCart(lines, [...skus.values()], promotions);
  // A carrier priced in another currency than the cart's could be offered but never paid: it is not offered.
  const payable = carriers.filter((carrier) => carrier.currency === goods.currency);
  const shipping = shippingOptions({ weightGrams: cartWeightGrams(lines, skus), units: cartUnits(lines, skus), destination, now, carriers: payable, warehouses });
  return { goods, shipping, skus, promotions };
}
