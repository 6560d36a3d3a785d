/**
 * Quoting, placing and checking out an order from what the catalogue and the shipping data say now: the
 * goods are priced once, the shipping options follow from them, and an order adds the chosen option's
 * price. The checkout (inside `POST /orders`, docs/orders.md) then takes the order in two writes: the stock
 * reserved with its carrier, and the payment's answer — accepted with `OrderPlaced`, or rejected with
 * everything it held given back.
 */
import { conflict, DomainError } from '../errors';
import type { Sku } from '../catalog/product';
import { regionFor, type Carrier, type Destination, type ServiceLevel, type Warehouse } from './carriers';
import type { OrderDecision } from './decision';
import { orderPlaced, orderRejected } from './events';
import { moveOrder, type Order, type ShippingAddress } from './order';
import { quotedCarrier } from './parcels';
import { cartUnits, cartWeightGrams, chosenOption, newOrder, orderLines } from './placement';
import { priceCart, withShipping, type CartLine, type CartPrice, type PromotionEngine, type PromotionRule } from './pricing';
import { shipByDate, shippingOptions, type ShippingQuote } from './shipping-options';
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
  /** The group it joins (a group-buy order). */
  readonly groupBuy?: Order['groupBuy'];
}

/** A new PENDING order at the quoted price plus the chosen shipping, for the checkout to take. */
export function placeOrder(input: PlaceOrderInput, catalogue: Catalogue): Order {
  const { goods, shipping } = quoteCart(input.lines, input.shippingAddress, catalogue, input.now);
  const option = chosenOption(shipping, input.serviceLevel);
  const warehouse = catalogue.warehouses.find((candidate) => candidate.id === option.warehouseId);
  const order = newOrder({
    orderId: input.orderId,
    customerId: input.customerId,
    price: withShipping(goods, option.price),
    shippingAddress: input.shippingAddress,
    option,
    ...(warehouse ? { shipBy: shipByDate(warehouse, input.now) } : {}),
    paymentMethod: input.paymentMethod,
    weightGrams: cartWeightGrams(goods.lines, catalogue.skus),
    now: input.now,
  });
  return input.groupBuy ? { ...order, groupBuy: input.groupBuy } : order;
}

/**
 * The checkout's first write, before the payment provider is asked: every line reserved (in the same write),
 * the carrier the quote chose kept (it serves the lane and takes the heaviest parcel: checked against the
 * carriers just read), and the authorization recorded as requested — a request that dies after asking owes
 * a void, which the sweeper then pays (attention.ts `voidOwed`). No carrier: 409, nothing written.
 */
export function openCheckout(order: Order, carriers: readonly Carrier[], now: Date): OrderDecision {
  const carrier = quotedCarrier(carriers, order, regionFor(order.shippingAddress));
  if (!carrier) throw conflict('NoCarrierAvailable', `No carrier delivers order ${order.orderId} to this address at the ${order.serviceLevel} service level now; quote again`);
  const next: Order = {
    ...moveOrder(order, 'STOCK_RESERVED', now),
    stockHold: 'RESERVED',
    carrierId: carrier.id,
    payment: { ...order.payment, authorizationRequestedAt: now.toISOString() },
  };
  return { next, stock: { movement: 'reserve', warehouseId: order.warehouseId, lines: orderLines(order) } };
}

/** The payment provider's answer to the checkout: authorized, declined, or unreachable (and then voided by its key). */
export type CheckoutPayment =
  | { readonly outcome: 'AUTHORIZED'; readonly authorizationId: string; readonly authorizedAt: string }
  | { readonly outcome: 'DECLINED'; readonly reason: string }
  | { readonly outcome: 'UNAVAILABLE'; readonly voidedAt: string };

/** Why a checkout rejects an order, as the customer reads it. */
export const ORDER_REJECTION_NOTES = {
  PAYMENT_DECLINED: 'the payment was declined',
  PAYMENT_UNAVAILABLE: 'the payment could not be processed; please try again later',
} as const;
export type OrderRejectionReason = keyof typeof ORDER_REJECTION_NOTES;

/**
 * The checkout's second write. Authorized: AWAITING_PACKING (through PAYMENT_AUTHORIZED and CARRIER_ALLOCATED,
 * on the timeline; a group-buy order AWAITING_GROUP, until its group fills) with `OrderPlaced`, which starts the
 * order workflow at the warehouse's wait and tells the customer. Declined or unreachable: the reservation released and the order REJECTED with `OrderRejected`, in
 * the same write. Nothing for an order the checkout settled already (a retry, or a request racing it).
 */
export function completeCheckout(order: Order, payment: CheckoutPayment, now: Date, correlationId: string): OrderDecision {
  if (order.status !== 'STOCK_RESERVED') return {};
  if (payment.outcome === 'AUTHORIZED') {
    const authorized = moveOrder(order, 'PAYMENT_AUTHORIZED', now);
    const next: Order = {
      ...moveOrder(moveOrder(authorized, 'CARRIER_ALLOCATED', now), order.groupBuy ? 'AWAITING_GROUP' : 'AWAITING_PACKING', now),
      payment: { ...order.payment, status: 'AUTHORIZED', authorizationId: payment.authorizationId, authorizedAt: payment.authorizedAt },
    };
    return { next, events: [orderPlaced(next, correlationId)] };
  }
  const reason: OrderRejectionReason = payment.outcome === 'DECLINED' ? 'PAYMENT_DECLINED' : 'PAYMENT_UNAVAILABLE';
  const settled = payment.outcome === 'DECLINED'
    ? { ...order.payment, status: 'DECLINED' as const, declineReason: payment.reason }
    : { ...order.payment, status: 'VOIDED' as const, voidedAt: payment.voidedAt };
  const providerReason = payment.outcome === 'DECLINED' ? payment.reason : reason;
  const next: Order = { ...moveOrder(order, 'REJECTED', now, { reason: providerReason, note: ORDER_REJECTION_NOTES[reason] }), stockHold: 'RELEASED', payment: settled };
  return { next, events: [orderRejected(next, providerReason, ORDER_REJECTION_NOTES[reason])], stock: { movement: 'release', warehouseId: order.warehouseId, lines: orderLines(order) } };
}

/** Whether the checkout ever accepted the order (it may have moved on since: packed, cancelled …). */
const wasAccepted = (order: Order): boolean => order.timeline.some((entry) => entry.status === 'AWAITING_PACKING' || entry.status === 'AWAITING_GROUP');

/**
 * What `POST /orders` answers for an order its checkout did not accept, as the first request and every retry
 * of its key see it: undefined for an accepted order (201, whatever happened to it since).
 */
export function checkoutRefusal(order: Order): DomainError | undefined {
  if (wasAccepted(order)) return undefined;
  const about = { orderId: order.orderId, href: `/orders/${order.orderId}` };
  if (order.status === 'REJECTED' && order.payment.status === 'DECLINED') {
    return new DomainError('payment-required', 'PaymentDeclined', `Order ${order.orderId} was not taken: ${ORDER_REJECTION_NOTES.PAYMENT_DECLINED} (${order.payment.declineReason ?? 'no reason given'}); nothing is reserved or charged`, [], { ...about, declineReason: order.payment.declineReason });
  }
  if (order.status === 'REJECTED') {
    return new DomainError('unavailable', 'PaymentUnavailable', `Order ${order.orderId} was not taken: ${ORDER_REJECTION_NOTES.PAYMENT_UNAVAILABLE}; nothing is reserved or charged. Place it again with a new Idempotency-Key`, [], about);
  }
  if (order.status === 'PENDING' || order.status === 'STOCK_RESERVED') {
    return new DomainError('unavailable', 'CheckoutInProgress', `Order ${order.orderId} is still being checked out; retry with the same Idempotency-Key`, [], about);
  }
  return new DomainError('unavailable', 'CheckoutNotCompleted', `Order ${order.orderId} could not be checked out and is ${order.status}: what it held is given back by the order sweeper. Place it again with a new Idempotency-Key`, [], about);
}
