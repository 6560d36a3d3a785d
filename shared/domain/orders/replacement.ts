/**
 * A replacement order: an exchange's other units (shared/domain/returns/exchange.ts), sent through the same
 * checkout and order workflow as any order, at no charge. The goods are priced from the catalogue as any cart
 * (so the order says what was sent) and taken off in full by one discount naming the return; the shipping is
 * quoted and its carrier kept as for any order, and taken off too. Nothing is owed, so the checkout asks no
 * payment provider: the payment is settled at 0 when the order is accepted (`acceptNoChargeOrder`), and the order
 * workflow's CapturePayment finds it CAPTURED, a cancellation finds no authorization to void.
 */
import type { Order, ShippingAddress } from './order';
import { moveOrder } from './order';
import type { OrderDecision } from './decision';
import { orderPlaced } from './events';
import { quoteCart, type Catalogue } from './checkout';
import { chosenOption, newOrder } from './placement';
import { withShipping, type CartLine, type CartPrice } from './pricing';
import { shipByDate } from './shipping-options';

export interface ReplacementInput {
  /** Reserved by the return: every attempt places this one order. */
  readonly orderId: string;
  readonly returnId: string;
  /** The order the returned units came from: its customer, address and service level. */
  readonly original: Pick<Order, 'orderId' | 'customerId' | 'shippingAddress' | 'serviceLevel'>;
  readonly lines: readonly CartLine[];
  readonly now: Date;
}

const money = (amount: number, currency: string) => ({ amount, currency });

/** `price` with everything taken off: the goods by one discount naming the return, the shipping too. Total 0. */
export function noChargePrice(price: CartPrice, returnId: string): CartPrice {
  const { currency } = price;
  const promotionId = `exchange-${returnId}`;
  return {
    ...price,
    lines: price.lines.map((line) => ({ ...line, discountShares: [{ promotionId, amount: line.lineTotal }], paid: money(0, currency) })),
    discounts: [{ promotionId, description: `Exchange for return ${returnId}`, amount: price.subtotal, lineIndexes: [], shares: price.lines.map((line) => ({ lineIndex: line.lineIndex, amount: line.lineTotal })) }],
    discountTotal: price.subtotal,
    shippingDiscount: price.shipping,
    total: money(0, currency),
  };
}

/** The new PENDING replacement order at no charge, to the original's address at its service level (else STANDARD). */
export function replacementOrder(input: ReplacementInput, catalogue: Catalogue): Order {
  const { original } = input;
  const address: ShippingAddress = original.shippingAddress;
  const { goods, shipping } = quoteCart(input.lines, address, { ...catalogue, promotions: [] }, input.now);
  const level = shipping.options.some((option) => option.serviceLevel === original.serviceLevel) ? original.serviceLevel : 'STANDARD';
  const option = chosenOption(shipping, level);
  const warehouse = catalogue.warehouses.find((candidate) => candidate.id === option.warehouseId);
  const order = newOrder({
    orderId: input.orderId,
    customerId: original.customerId,
    price: noChargePrice(withShipping(goods, option.price), input.returnId),
    shippingAddress: address,
    option,
    ...(warehouse ? { shipBy: shipByDate(warehouse, input.now) } : {}),
    paymentMethod: 'tok_none',
    weightGrams: goods.lines.reduce((sum, line) => sum + (catalogue.skus.get(line.sku)?.weightGrams ?? 0) * line.quantity, 0),
    now: input.now,
  });
  return {
    ...order,
    replacementFor: { returnId: input.returnId, orderId: original.orderId },
    payment: { ...order.payment, method: 'no charge (exchange)' },
    timeline: [{ ...order.timeline[0]!, note: `Replacement for return ${input.returnId} of order ${original.orderId}, at no charge` }],
  };
}

/**
 * The checkout's first write for a replacement (checkout.ts `openCheckout`'s decision): nothing is asked of a
 * provider, so no void can ever be owed (the order sweeper finds none).
 */
export function withoutAuthorization(opened: OrderDecision): OrderDecision {
  if (!opened.next) return opened;
  const { authorizationRequestedAt: _none, ...payment } = opened.next.payment;
  return { ...opened, next: { ...opened.next, payment } };
}

/**
 * The checkout's second write for an order that owes nothing: AWAITING_PACKING (through PAYMENT_AUTHORIZED and
 * CARRIER_ALLOCATED, as any accepted order) with its payment of 0 settled, and `OrderPlaced`, which starts the
 * order workflow at the warehouse's wait and tells the customer. Nothing for an order settled already.
 */
export function acceptNoChargeOrder(order: Order, now: Date, correlationId: string): OrderDecision {
  if (order.status !== 'STOCK_RESERVED' || order.payment.amount.amount !== 0) return {};
  const accepted = moveOrder(moveOrder(moveOrder(order, 'PAYMENT_AUTHORIZED', now, { note: 'nothing to pay' }), 'CARRIER_ALLOCATED', now), 'AWAITING_PACKING', now);
  const next: Order = { ...accepted, payment: { ...order.payment, status: 'CAPTURED', capturedAt: now.toISOString() } };
  return { next, events: [orderPlaced(next, correlationId)] };
}
