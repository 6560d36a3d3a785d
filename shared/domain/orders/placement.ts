/**
 * Placing an order: the server prices it (never the client), the customer picks a shipping option from
 * the quote, and the order starts PENDING with nothing reserved and nothing charged.
 */
import { DomainError } from '../errors';
import type { Sku } from '../catalog/product';
import type { ServiceLevel } from './carriers';
import type { Order, ShippingAddress } from './order';
import { maskCardNumber } from './payments';
import type { CartLine, CartPrice } from './pricing';
import type { ShippingOption, ShippingQuote } from './shipping-options';

/** Parcel weight of a cart: every unit's weight (pack size is already in the SKU's weight). */
export const cartWeightGrams = (lines: readonly CartLine[], skus: ReadonlyMap<string, Pick<Sku, 'weightGrams'>>): number =>
  lines.reduce((total, line) => total + (skus.get(line.sku)?.weightGrams ?? 0) * line.quantity, 0);

/** The quoted option at the level the customer chose, or a 422 saying why there is none. */
export function chosenOption(quote: ShippingQuote, serviceLevel: ServiceLevel): ShippingOption {
  const option = quote.options.find((candidate) => candidate.serviceLevel === serviceLevel);
  if (option) return option;
  const reason = quote.unavailable.find((entry) => entry.serviceLevel === serviceLevel)?.reason ?? 'NO_CARRIER';
  throw new DomainError('unprocessable', 'ServiceLevelUnavailable', `${serviceLevel} shipping is not available for this address now (${reason})`, [
    { field: 'serviceLevel', message: reason },
  ]);
}

export interface NewOrderInput {
  readonly orderId: string;
  readonly customerId: string;
  readonly price: CartPrice;
  readonly shippingAddress: ShippingAddress;
  readonly option: ShippingOption;
  readonly paymentMethod: string;
  readonly weightGrams: number;
  readonly now: Date;
}

export function newOrder(input: NewOrderInput): Order {
  const at = input.now.toISOString();
  return {
    orderId: input.orderId,
    customerId: input.customerId,
    status: 'PENDING',
    price: input.price,
    shippingAddress: input.shippingAddress,
    serviceLevel: input.option.serviceLevel,
    promisedBy: input.option.etaDate,
    warehouseId: input.option.warehouseId,
    estimatedWeightGrams: input.weightGrams,
    stockHold: 'NONE',
    payment: {
      status: 'PENDING',
      method: maskCardNumber(input.paymentMethod),
      amount: input.price.total,
      idempotencyKey: `payment-${input.orderId}`,
    },
    shipments: [],
    timeline: [{ at, status: 'PENDING', note: 'Order placed' }],
    createdAt: at,
    updatedAt: at,
  };
}

/** The cart lines of an order, as the stock movements need them. */
export const orderLines = (order: Pick<Order, 'price'>): CartLine[] => order.price.lines.map(({ sku, quantity }) => ({ sku, quantity }));
