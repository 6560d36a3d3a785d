/**
 * Placing an order: the server prices it (never the client), the customer picks a shipping option from
 * the quote, and the order starts PENDING with nothing reserved and nothing charged.
 */
import { DomainError } from '../errors';
import type { Sku } from '../catalog/product';
import type { ServiceLevel } from './carriers';
import type { Order, ShippingAddress } from './order';
import { paymentMethodLabel } from './payments';
import type { CartLine, CartPrice } from './pricing';
import type { ShippingOption, ShippingQuote } from './shipping-options';
import type { ParcelUnit } from './parcels';

/** Parcel weight of a cart: every unit's weight (pack size is already in the SKU's weight). */
export const cartWeightGrams = (lines: readonly CartLine[], skus: ReadonlyMap<string, Pick<Sku, 'weightGrams'>>): number =>
  lines.reduce((total, line) => total + (skus.get(line.sku)?.weightGrams ?? 0) * line.quantity, 0);

/** The cart's units with their weights and sizes, for splitting it into parcels. */
export const cartUnits = (lines: readonly CartLine[], skus: ReadonlyMap<string, Pick<Sku, 'weightGrams' | 'dimensions'>>): ParcelUnit[] =>
  lines.flatMap((line) => {
    const sku = skus.get(line.sku);
    return sku ? [{ sku: line.sku, quantity: line.quantity, weightGrams: sku.weightGrams, dimensions: sku.dimensions }] : [];
  });

/** The quoted option at the level the customer chose, or a 422 saying why there is none. */
export function chosenOption(quote: ShippingQuote, serviceLevel: ServiceLevel): ShippingOption {
  const option = quote.options.find((candidate) => candidate.serviceLevel === serviceLevel);
  if (option) return option;
  const entry = quote.unavailable.find((candidate) => candidate.serviceLevel === serviceLevel);
  const reason = entry?.reason ?? 'NO_CARRIER';
  // A unit too big for any parcel is said in words ("… exceeds the largest parcel any carrier takes here").
  const why = entry?.detail ? `: ${entry.detail}` : '';
  throw new DomainError('unprocessable', 'ServiceLevelUnavailable', `${serviceLevel} shipping is not available for this address now (${reason})${why}`, [
    { field: 'serviceLevel', message: reason },
  ]);
}

export interface NewOrderInput {
  readonly orderId: string;
  readonly customerId: string;
  readonly price: CartPrice;
  readonly shippingAddress: ShippingAddress;
  readonly option: ShippingOption;
  /** `YYYY-MM-DD`: the day the option's warehouse promises it leaves by (shipping-options.ts `shipByDate`). */
  readonly shipBy?: string;
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
    ...(input.shipBy ? { shipBy: input.shipBy } : {}),
    warehouseId: input.option.warehouseId,
    estimatedWeightGrams: input.weightGrams,
    quotedCarrierId: input.option.carrierId,
    ...(input.option.parcels && input.option.parcels.length > 1
      ? { plannedParcels: input.option.parcels.map(({ weightGrams, lines }) => ({ weightGrams, lines })) }
      : {}),
    stockHold: 'NONE',
    payment: {
      status: 'PENDING',
      method: paymentMethodLabel(input.paymentMethod),
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
