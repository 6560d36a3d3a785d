/**
 * What the order events on the bus add to the day counters (consumed once per event id), and each customer's
 * order history: first and last order day, so new vs returning customers, repeat purchases and churn are
 * counted on the day they change — never by scanning customers.
 *
 * Churn without a scan: a customer churns on the day N days after their last order (N = `churnDays`). Each
 * order books that future day (`churnedCustomers` +1 on it, in the customer's region too) and takes back the
 * booking of the previous order when it was still ahead; an order after the booked day is a reactivation.
 */
import { addDays } from '../inventory/sales';
import type { Money } from '../money';
import type { Order } from '../orders/order';
import type { CounterAdd, Dimension } from './counters';
import { cellMoves, rfmCell } from './rfm';
import { storeDay } from './storefront-events';

export interface OrderLineFacts {
  readonly sku: string;
  readonly quantity: number;
  /** Minor units. */
  readonly revenueMinor: number;
  /** Unit cost × quantity in minor units, when the catalogue knows the SKU's cost. */
  readonly costMinor?: number;
  readonly categoryId?: string;
}

export interface PlacedOrder {
  readonly orderId: string;
  readonly customerId: string;
  /** Store day it was placed. */
  readonly day: string;
  readonly region: string;
  readonly currency: string;
  readonly totalMinor: number;
  readonly lines: readonly OrderLineFacts[];
}

export interface CustomerHistory {
  readonly customerId: string;
  readonly firstOrderDay: string;
  readonly lastOrderDay: string;
  readonly orders: number;
  readonly region: string;
  /** The day this customer counts as churned unless they order before it. */
  readonly churnDay: string;
  /** What they spent in all, minor units (absent on histories from before RFM: read as 0). */
  readonly totalMinor?: number;
  readonly version: number;
}

export interface OrderRecording {
  readonly customer: CustomerHistory;
  readonly counters: readonly CounterAdd[];
  /** The customer's RFM cell counters to move (rfm.ts). */
  readonly rfm: ReturnType<typeof cellMoves>;
}

/** The sales counters of a placed order: orders, revenue, units, cost, per SKU, category and region. */
export function placedOrderCounters(order: PlacedOrder): CounterAdd[] {
  const at = (dimension: Dimension, add: Record<string, number>): CounterAdd => ({ day: order.day, dimension, add });
  const units = order.lines.reduce((sum, line) => sum + line.quantity, 0);
  const costed = order.lines.every((line) => line.costMinor !== undefined);
  const costMinor = order.lines.reduce((sum, line) => sum + (line.costMinor ?? 0), 0);
  const lineRevenue = order.lines.reduce((sum, line) => sum + line.revenueMinor, 0);
  const adds: CounterAdd[] = [
    at('TOTAL', {
      orders: 1,
      revenueMinor: order.totalMinor,
      unitsSold: units,
      // Margin is computed over the lines whose cost is known (merchandise revenue and its cost), not the total with shipping.
      ...(costed ? { costedRevenueMinor: lineRevenue, costMinor } : { uncostedOrders: 1 }),
    }),
    at(`REGION#${order.region}`, { orders: 1, revenueMinor: order.totalMinor }),
  ];
  const skusSeen = new Set<string>();
  for (const line of order.lines) {
    adds.push(
      at(`SKU#${line.sku}`, {
        unitsSold: line.quantity,
        revenueMinor: line.revenueMinor,
        ...(skusSeen.has(line.sku) ? {} : { orders: 1 }),
        ...(line.costMinor !== undefined ? { costMinor: line.costMinor, costedRevenueMinor: line.revenueMinor } : {}),
      }),
    );
    skusSeen.add(line.sku);
    if (line.categoryId) adds.push(at(`CATEGORY#${line.categoryId}`, { unitsSold: line.quantity, revenueMinor: line.revenueMinor }));
  }
  return adds;
}

/** The customer's history after this order, and what it changes in the customer counts. */
export function recordCustomerOrder(order: PlacedOrder, history: CustomerHistory | undefined, churnDays: number): OrderRecording {
  const at = (day: string, dimension: Dimension, add: Record<string, number>): CounterAdd => ({ day, dimension, add });
  const region = `REGION#${order.region}` as const;
  const counters: CounterAdd[] = [];
  if (!history) {
    counters.push(at(order.day, 'TOTAL', { orderingCustomers: 1, newCustomers: 1 }), at(order.day, region, { orderingCustomers: 1, newCustomers: 1 }));
  } else if (history.lastOrderDay < order.day) {
    counters.push(at(order.day, 'TOTAL', { orderingCustomers: 1, returningCustomers: 1 }), at(order.day, region, { orderingCustomers: 1, returningCustomers: 1 }));
    if (history.churnDay <= order.day) counters.push(at(order.day, 'TOTAL', { reactivatedCustomers: 1 }));
  }
  const lastOrderDay = history && history.lastOrderDay > order.day ? history.lastOrderDay : order.day;
  const churnDay = addDays(lastOrderDay, churnDays);
  if (history && history.churnDay !== churnDay && history.churnDay > order.day) {
    // The booked churn is still ahead: this order takes it back.
    counters.push(at(history.churnDay, 'TOTAL', { churnedCustomers: -1 }), at(history.churnDay, `REGION#${history.region}`, { churnedCustomers: -1 }));
  }
  if (!history || history.churnDay !== churnDay) {
    counters.push(at(churnDay, 'TOTAL', { churnedCustomers: 1 }), at(churnDay, region, { churnedCustomers: 1 }));
  }
  const customer: CustomerHistory = {
    customerId: order.customerId,
    firstOrderDay: history && history.firstOrderDay < order.day ? history.firstOrderDay : order.day,
    lastOrderDay,
    orders: (history?.orders ?? 0) + 1,
    totalMinor: (history?.totalMinor ?? 0) + order.totalMinor,
    region: order.region,
    churnDay,
    version: (history?.version ?? 0) + 1,
  };
  const cellOf = (h: CustomerHistory) => rfmCell(h.orders, h.totalMinor ?? 0, h.lastOrderDay);
  return { customer, counters, rfm: cellMoves(history && cellOf(history), cellOf(customer)) };
}

/** A cancelled order, on the day it was cancelled: its revenue leaves net revenue. */
export const cancelledOrderCounters = (day: string, totalMinor: number): CounterAdd[] => [{ day, dimension: 'TOTAL', add: { cancelledOrders: 1, cancelledRevenueMinor: totalMinor } }];

/** A shipped order, on the day it shipped, and whether by its ship-by date (operations-kpis.ts). */
export { shippedOrderCounters } from './operations-kpis';

/**
 * A return received, on the day it arrived: the units that came back, in total and per SKU (the return rate and
 * the supplier-quality insight read them). Refunds count on the day they are paid (`refundCounters`).
 */
export const returnedCounters = (day: string, received: readonly { readonly sku: string; readonly quantity: number }[]): CounterAdd[] => {
  const units = received.reduce((sum, line) => sum + line.quantity, 0);
  if (units === 0) return [];
  return [
    { day, dimension: 'TOTAL', add: { returnedUnits: units } },
    ...received.filter((line) => line.quantity > 0).map((line): CounterAdd => ({ day, dimension: `SKU#${line.sku}`, add: { returnedUnits: line.quantity } })),
  ];
};

/** A refund paid: its amount on the day it was paid. */
export const refundCounters = (day: string, amountMinor: number): CounterAdd[] => (amountMinor > 0 ? [{ day, dimension: 'TOTAL', add: { refunds: 1, refundsMinor: amountMinor } }] : []);

/** What the catalogue says about a SKU sold: its category and unit cost. */
export interface SkuFacts {
  readonly categoryId: string;
  readonly unitCost: Money;
}

/** The order as analytics counts it: its store day, region (the shipping country), lines with revenue, cost and category. */
export function placedOrderOf(order: Order, placedAt: string, skus: ReadonlyMap<string, SkuFacts>, timeZone: string): PlacedOrder {
  return {
    orderId: order.orderId,
    customerId: order.customerId,
    day: storeDay(placedAt, timeZone),
    region: order.shippingAddress.country.toUpperCase(),
    currency: order.price.currency,
    totalMinor: order.price.total.amount,
    lines: order.price.lines.map((line) => {
      const facts = skus.get(line.sku);
      return {
        sku: line.sku,
        quantity: line.quantity,
        revenueMinor: line.lineTotal.amount,
        ...(facts && facts.unitCost.currency === order.price.currency ? { costMinor: facts.unitCost.amount * line.quantity } : {}),
        ...(facts ? { categoryId: facts.categoryId } : {}),
      };
    }),
  };
}
