/**
 * An order's returns in numbers: units held by returns (asked for and not rejected; a short receipt lets the
 * missing units go), units and money refunded. Every return of the order is written with it, conditionally on
 * the version read, so two returns racing for the same units cannot both take them, and refunds add up.
 */
export interface OrderReturns {
  readonly orderId: string;
  readonly heldUnits: Readonly<Record<string, number>>;
  readonly refundedUnits: Readonly<Record<string, number>>;
  /** Minor units committed to refunds (at receipt) of the order's capture. */
  readonly refunded: number;
  readonly shippingRefunded: boolean;
  readonly version: number;
}

export const emptyTally = (orderId: string): OrderReturns => ({ orderId, heldUnits: {}, refundedUnits: {}, refunded: 0, shippingRefunded: false, version: 0 });

/** `units` with `lines` added (`sign` 1) or taken away (−1). */
export function heldAfter(units: Readonly<Record<string, number>>, lines: readonly { readonly sku: string; readonly quantity: number }[], sign: 1 | -1): Record<string, number> {
  const next: Record<string, number> = { ...units };
  for (const line of lines) next[line.sku] = Math.max(0, (next[line.sku] ?? 0) + sign * line.quantity);
  return next;
}
