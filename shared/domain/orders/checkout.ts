/**
 * Quoting and placing an order from what the catalogue and the shipping data say now: the goods are
 * priced once, the shipping options follow from them, and an order adds the chosen option's price.
 */
import type { DomainEventDraft } from '../events';
import type { Sku } from '../catalog/product';
import type { Carrier, Destination, ServiceLevel, Warehouse } from './carriers';
import { orderPlaced } from './events';
import type { Order, ShippingAddress } from './order';
import { cartUnits, cartWeightGrams, chosenOption, newOrder } from './placement';
import { priceCart, withShipping, type CartLine, type CartPrice, type PromotionEngine, type PromotionRule } from './pricing';
import { shippingOptions, type ShippingQuote } from './shipping-options';
import { warehousesCovering } from '../inventory/warehouse-stock';

/** What a cart is priced and shipped with: the live SKUs it names, promotions, carriers and warehouses. */
export interface Catalogue {
  readonly skus: ReadonlyMap<string, Sku>;
  /** Plain rules, or the promotions engine (shared/domain/promotions) that stacks them all. */
  readonly promotions: readonly PromotionRule[] | PromotionEngine;
  readonly carriers: readonly Carrier[];
  readonly warehouses: readonly Warehouse[];
  /** Available units per SKU and warehouse (warehouse-stock.ts `availableByWarehouse`); absent: stock is not considered. */
  readonly available?: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export interface CartQuote {
  /** The goods, without shipping. */
  readonly goods: CartPrice;
  readonly shipping: ShippingQuote;
}

/** The cart's goods priced, and the shipping options to the destination with their ETAs. */
export function quoteCart(lines: readonly CartLine[], destination: Destination, catalogue: Catalogue, now: Date): CartQuote {
  const { skus, promotions, carriers, warehouses } = catalogue;
  const goods = priceCart(lines, [...skus.values()], promotions);
  // A carrier priced in another currency than the cart's could be offered but never paid: it is not offered.
  const payable = carriers.filter((carrier) => carrier.currency === goods.currency);
  // Gift lines (price 0) ship and are reserved like the others.
  const shipped = goods.lines.map(({ sku, quantity }) => ({ sku, quantity }));
  const stockedWarehouses = catalogue.available ? warehousesCovering(shipped, catalogue.available, warehouses) : undefined;
  const shipping = shippingOptions({ weightGrams: cartWeightGrams(shipped, skus), units: cartUnits(shipped, skus), destination, now, carriers: payable, warehouses, ...(stockedWarehouses ? { stockedWarehouses } : {}) });
  return { goods, shipping };
}

export interface PlaceOrderInput {
  readonly orderId: string;
  readonly customerId: string;
  readonly lines: readonly CartLine[];
  readonly shippingAddress: ShippingAddress;
  readonly serviceLevel: ServiceLevel;
  readonly paymentMethod: string;
  readonly correlationId: string;
  readonly now: Date;
}

/** A new PENDING order at the quoted price plus the chosen shipping, and its `OrderPlaced` event. */
export function placeOrder(input: PlaceOrderInput, catalogue: Catalogue): { readonly order: Order; readonly event: DomainEventDraft<object> } {
  const { goods, shipping } = quoteCart(input.lines, input.shippingAddress, catalogue, input.now);
  const option = chosenOption(shipping, input.serviceLevel);
  const order = newOrder({
    orderId: input.orderId,
    customerId: input.customerId,
    price: withShipping(goods, option.price),
    shippingAddress: input.shippingAddress,
    option,
    paymentMethod: input.paymentMethod,
    weightGrams: cartWeightGrams(goods.lines, catalogue.skus),
    now: input.now,
  });
  return { order, event: orderPlaced(order, input.correlationId) };
}
