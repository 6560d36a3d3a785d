/**
 * The sales history the forecasts and the ABC classes read: units and value sold per SKU per day, counted
 * when goods ship (`OrderShipped`: what left the warehouse, at the prices sold). Days are UTC dates. The
 * analytics context may later fill the same port from its own aggregates.
 */
import type { Money } from '../money';

/** A line as `OrderShipped` carries it. */
export interface ShippedLine {
  readonly sku: string;
  readonly quantity: number;
  readonly lineTotal: Money;
}

/** One SKU's part of a shipment: what the day's counter adds. */
export interface SaleLine {
  readonly sku: string;
  readonly units: number;
  /** Minor units of the catalogue currency. */
  readonly valueMinor: number;
}

/** One SKU's sales on one day, as stored. */
export interface DailySales {
  readonly sku: string;
  /** `YYYY-MM-DD`, UTC. */
  readonly day: string;
  readonly units: number;
  readonly valueMinor: number;
}

export const salesDayOf = (at: string | Date): string => (typeof at === 'string' ? new Date(at) : at).toISOString().slice(0, 10);

/** A shipment's lines, one per SKU (an order may list a SKU twice). */
export function salesOfShipment(lines: readonly ShippedLine[]): SaleLine[] {
  const bySku = new Map<string, SaleLine>();
  for (const { sku, quantity, lineTotal } of lines) {
    const sold = bySku.get(sku) ?? { sku, units: 0, valueMinor: 0 };
    bySku.set(sku, { sku, units: sold.units + quantity, valueMinor: sold.valueMinor + lineTotal.amount });
  }
  return [...bySku.values()];
}

/** The day `offset` days after `day` (negative: before). */
export const addDays = (day: string, offset: number): string => salesDayOf(new Date(Date.parse(`${day}T00:00:00.000Z`) + offset * 86_400_000));

/**
 * Units sold per day over the `days` days ending with `lastDay`, oldest first, a day without sales as 0:
 * the series the demand forecast reads (forecast.ts).
 */
export function dailyUnits(sales: readonly DailySales[], lastDay: string, days: number): number[] {
  const byDay = new Map(sales.map((sale) => [sale.day, sale.units]));
  return Array.from({ length: days }, (_, index) => byDay.get(addDays(lastDay, index - days + 1)) ?? 0);
}
