/**
 * The KPIs that need another context's fact besides analytics' own counters (docs/analytics.md, "KPI definitions"):
 * on-time shipment (the ship-by date orders promised, on `OrderShipped`), SKU activity (the count of live SKUs) and
 * inventory turnover (the inventory's value at cost). Each is a plain formula, null when its denominator is 0 or
 * its fact is not known.
 */
import type { CounterAdd } from './counters';
import { ratio } from './ratio';

/**
 * A shipped order, on the store day it shipped. With the ship-by date its order promised (`shipBy`, YYYY-MM-DD, on
 * `OrderShipped` once orders put it there), it also counts as a shipment with a promise, and as on time when it
 * shipped on or before that date.
 */
export function shippedOrderCounters(day: string, shipBy?: string): CounterAdd[] {
  const promised = shipBy !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(shipBy);
  return [{ day, dimension: 'TOTAL', add: { shippedOrders: 1, ...(promised ? { promisedShipments: 1, onTimeShipments: day <= shipBy ? 1 : 0 } : {}) } }];
}

/** On-time shipment rate: shipments that left by their ship-by date / shipments with a ship-by date. */
export const onTimeShipmentRate = (onTimeShipments: number, promisedShipments: number): number | null => ratio(onTimeShipments, promisedShipments);

/** SKU activity rate: SKUs that sold that day / SKUs live (listed) that day; null while the live count is unknown. */
export const skuActivityRate = (skusSold: number, liveSkus: number | undefined): number | null => (liveSkus === undefined ? null : ratio(skusSold, liveSkus));

/**
 * Inventory turnover, annualized: the cost of the goods sold over `days` / the average inventory value at cost over
 * the same days, × 365 / days — how many times a year the stock is sold through. Also as days of inventory
 * (365 / turnover). Null without an inventory value.
 */
export function inventoryTurnover(costOfGoodsSoldMinor: number, averageInventoryAtCostMinor: number | undefined, days: number): { readonly turnover: number | null; readonly daysOfInventory: number | null } {
  if (averageInventoryAtCostMinor === undefined || averageInventoryAtCostMinor <= 0 || days <= 0) return { turnover: null, daysOfInventory: null };
  const turnover = (costOfGoodsSoldMinor / averageInventoryAtCostMinor) * (365 / days);
  return { turnover: Math.round(turnover * 100) / 100, daysOfInventory: turnover === 0 ? null : Math.round((365 / turnover) * 10) / 10 };
}

/**
 * The average inventory value at cost of a day: (opening + closing) / 2, the opening being the day before's
 * closing value (its card's); the closing value alone when the day before is not known. Undefined without a closing
 * value. Worked: opened at 46,000.00, closed at 50,000.00 → 48,000.00.
 */
export function averageInventoryValue(closingMinor: number | undefined, openingMinor: number | undefined): number | undefined {
  if (closingMinor === undefined) return undefined;
  return openingMinor === undefined ? closingMinor : Math.round((openingMinor + closingMinor) / 2);
}
