/**
 * The demo shop's stock (seed-traffic.ts writes it through demo-stock-task.ts): each of its SKUs stocked at the
 * hub, sized from the eight weeks of demand demo-traffic.ts generated, so the KPI card has an inventory value at
 * cost and with it turnover and days of inventory, and the nightly reorder policy has something to judge.
 *
 * - Well stocked: three of its supplier's lead times of demand and up to one more (seeded), never under a dozen
 *   units — above the reorder point the policy will compute (demand over the lead time plus safety stock).
 * - Planted low, for the `stock-cover` insight and the low-stock alert: CC-MUG-BLUE, the best seller, with 8 days
 *   of cover against Costa's 35-day lead time, and NW-TEE-WHITE-M with 6 days against Nordwind's 21.
 */
import type { Money } from '../../shared/domain/money';
import { DEMO_SKUS, random, type DemoTraffic } from './demo-traffic';
import { DEMO_SUPPLIERS } from './seed';

const SEED = 17;
const MINIMUM_UNITS = 12;
/** Days of cover of the planted low SKUs. */
export const PLANTED_LOW: Readonly<Record<string, number>> = { 'CC-MUG-BLUE': 8, 'NW-TEE-WHITE-M': 6 };

export interface DemoStockLine {
  readonly sku: string;
  /** A product id of the demo's own (the demo SKUs have no catalogue products): the stock record names one. */
  readonly productId: string;
  readonly supplierId: string;
  readonly leadTimeDays: number;
  readonly unitCost: Money;
  /** Units received at the hub. */
  readonly units: number;
}

/** The demo SKUs are named by their supplier: NW- Nordwind Textil, CC- Costa Cerâmica. */
const supplierOf = (sku: string) => DEMO_SUPPLIERS[sku.startsWith('NW-') ? 0 : 1]!;

/** Valid ULIDs reading "DEMO PRODUCT" in Crockford base32, like the demo suppliers'. */
const demoProductId = (index: number) => `01JDEM0PR0DVCT${String(index + 1).padStart(12, '0')}`;

export function demoStock(traffic: Pick<DemoTraffic, 'days' | 'unitsOrdered'>): DemoStockLine[] {
  const rand = random(SEED);
  return DEMO_SKUS.map((sku, index) => {
    const supplier = supplierOf(sku.sku);
    const leadTimeDays = supplier.terms.leadTimeDays;
    const dailyDemand = (traffic.unitsOrdered.get(sku.sku) ?? 0) / traffic.days.length;
    const extraDays = rand() * leadTimeDays;
    const planted = PLANTED_LOW[sku.sku];
    const units = planted !== undefined ? Math.round(dailyDemand * planted) : Math.max(MINIMUM_UNITS, Math.ceil(dailyDemand * (3 * leadTimeDays + extraDays)));
    return { sku: sku.sku, productId: demoProductId(index), supplierId: supplier.supplierId, leadTimeDays, unitCost: { amount: sku.costMinor, currency: 'EUR' }, units };
  });
}

/** The value at cost of the demo's stock as received: what the inventory value shards add up to after the seed. */
export const demoStockValueMinor = (lines: readonly DemoStockLine[]) => lines.reduce((sum, line) => sum + line.units * line.unitCost.amount, 0);
