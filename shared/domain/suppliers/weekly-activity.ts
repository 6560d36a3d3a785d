/**
 * What one ISO week of a supplier's purchase orders did: the `WeeklyActivity` standing.ts scores.
 *
 * A purchase order counts in exactly one week: the week it fell due (`expectedBy`, sending time + lead time).
 * It is judged as that week ended (Monday 00:00 UTC after it), on the receipts made by then, so a week's card is
 * a fact about the week and recomputing it later gives the same numbers:
 *
 * - **on time**: something was received, the last receipt by the week's end was by `expectedBy`, and the order
 *   was not reported overdue by then; nothing received by the week's end is late (as `deliveryPerformance`);
 * - **fill**: units accepted by QC by the week's end ÷ units ordered (a rejected lot is not filled);
 * - **QC defects**: defective ÷ inspected sample units of those receipts (every lot, accepted or rejected);
 * - **lead time**: |days from sending to the last receipt − the promised lead time| ÷ the promised lead time,
 *   averaged over the orders that received anything;
 * - **price**: Σ this supplier's mean unit cost per SKU ÷ Σ the other suppliers' mean unit cost for the same SKUs,
 *   over the SKUs others also had due that week in the same currency; no such SKU, no ratio (the metric is left
 *   out of the score rather than scored).
 *
 * Orders rejected by us, or cancelled before they fell due, are not the supplier's doing and do not count; one
 * cancelled once due (an operator giving up on goods that never came) counts, as late and unfilled. Pure: the job
 * reads, this decides.
 */
import type { Money } from '../money';
import type { QualityIncidentFact } from '../inventory/quality-hold';
import type { WeeklyActivity } from './standing';

const DAY_MS = 86_400_000;

/** The Monday (UTC) of the ISO week holding `at`, as `YYYY-MM-DD`. */
export function isoWeekStart(at: Date): string {
  const day = Math.floor(at.getTime() / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counting Monday as 0.
  const mondayBased = (((day + 3) % 7) + 7) % 7;
  return new Date((day - mondayBased) * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday of the last full ISO week before `now`: what the Monday-morning run scores. */
export const lastFullWeekStart = (now: Date): string => addWeeks(isoWeekStart(now), -1);

export const addWeeks = (weekStart: string, weeks: number): string =>
  new Date(Date.parse(`${weekStart}T00:00:00.000Z`) + weeks * 7 * DAY_MS).toISOString().slice(0, 10);

/** Whether `value` names the Monday of an ISO week (`YYYY-MM-DD`). */
export const isWeekStart = (value: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00.000Z`)) && isoWeekStart(new Date(`${value}T00:00:00.000Z`)) === value;

/** The part of a purchase order the scorecard reads (structurally the inventory context's `PurchaseOrder`). */
export interface ScoredPurchaseOrder {
  readonly purchaseOrderId: string;
  readonly supplierId: string;
  readonly status: string;
  readonly lines: readonly { readonly sku: string; readonly quantityOrdered: number; readonly unitCost: Money }[];
  readonly leadTimeDays: number;
  readonly sentAt?: string;
  readonly expectedBy?: string;
  readonly overdueAt?: string;
  readonly cancelledAt?: string;
  readonly receipts: readonly {
    readonly receivedAt: string;
    readonly lines: readonly { readonly sku: string; readonly quantity: number; readonly inspection: { readonly sampleSize: number; readonly defectsFound: number; readonly verdict: string } }[];
  }[];
}

const notTheSuppliersDoing = (order: ScoredPurchaseOrder, due: number): boolean =>
  order.status === 'REJECTED' || (order.status === 'CANCELLED' && (order.cancelledAt === undefined || Date.parse(order.cancelledAt) < due));

/** The week's window: from its Monday 00:00 to the next Monday 00:00 (exclusive), in UTC. */
export const weekWindow = (weekStart: string) => ({ from: Date.parse(`${weekStart}T00:00:00.000Z`), to: Date.parse(`${addWeeks(weekStart, 1)}T00:00:00.000Z`) });

/** The orders that count in the week: sent, due in it, and not ended by us (`notTheSuppliersDoing`). */
export function dueInWeek<T extends ScoredPurchaseOrder>(weekStart: string, orders: readonly T[]): T[] {
  const { from, to } = weekWindow(weekStart);
  return orders.filter((order) => {
    const due = order.expectedBy ? Date.parse(order.expectedBy) : Number.NaN;
    return order.sentAt !== undefined && due >= from && due < to && !notTheSuppliersDoing(order, due);
  });
}

/** The supplier's mean unit cost per SKU (minor units) over `orders`, in `currency`. */
function meanUnitCosts(orders: readonly ScoredPurchaseOrder[], currency: string): Map<string, number> {
  const sums = new Map<string, { total: number; count: number }>();
  for (const line of orders.flatMap((order) => order.lines)) {
    if (line.unitCost.currency !== currency) continue;
    const sum = sums.get(line.sku) ?? { total: 0, count: 0 };
    sums.set(line.sku, { total: sum.total + line.unitCost.amount, count: sum.count + 1 });
  }
  return new Map([...sums].map(([sku, { total, count }]) => [sku, total / count]));
}

/**
 * Σ the supplier's mean unit cost ÷ Σ the others' mean unit cost (the mean over the other suppliers of each one's
 * mean), over the SKUs both had due that week, in the supplier's own currency; undefined when nothing compares.
 */
export function priceRatio(supplierId: string, weekOrdersOfAll: readonly ScoredPurchaseOrder[]): number | undefined {
  const own = weekOrdersOfAll.filter((order) => order.supplierId === supplierId);
  const currency = own[0]?.lines[0]?.unitCost.currency;
  if (currency === undefined) return undefined;
  const ownCosts = meanUnitCosts(own, currency);
  const others = [...new Set(weekOrdersOfAll.map((order) => order.supplierId))].filter((id) => id !== supplierId);
  const othersCosts = others.map((id) => meanUnitCosts(weekOrdersOfAll.filter((order) => order.supplierId === id), currency));
  let ownTotal = 0;
  let othersTotal = 0;
  for (const [sku, cost] of ownCosts) {
    const theirs = othersCosts.flatMap((costs) => (costs.has(sku) ? [costs.get(sku)!] : []));
    if (theirs.length === 0) continue;
    ownTotal += cost;
    othersTotal += theirs.reduce((sum, value) => sum + value, 0) / theirs.length;
  }
  return othersTotal > 0 ? ownTotal / othersTotal : undefined;
}

/** What came back of a supplier's goods in a week, beside what it shipped: the return defect rate's inputs. */
export interface WeekReturns {
  /** Units of its SKUs shipped to customers in the week. */
  readonly unitsShipped: number;
  /** Its quality incidents recorded around the week (those of returns in the week count; QC ones are the receipts'). */
  readonly incidents: readonly Pick<QualityIncidentFact, 'source' | 'recordedAt' | 'quantity'>[];
}

/** The units that came back defective or not as described in the week (returns' incidents recorded in it). */
export function unitsReturnedDefective(weekStart: string, incidents: WeekReturns['incidents']): number {
  const { from, to } = weekWindow(weekStart);
  return incidents.filter((incident) => incident.source === 'RETURN' && Date.parse(incident.recordedAt) >= from && Date.parse(incident.recordedAt) < to).reduce((sum, incident) => sum + incident.quantity, 0);
}

/**
 * The week's activity of `supplierId` from its orders due that week (`dueInWeek`), judged on the receipts made
 * by the week's end. `weekOrdersOfAll` holds every supplier's orders due that week, for the price comparison;
 * `returns`, when given, what it shipped and what came back defective that week (the return defect rate).
 */
export function weeklyActivity(supplierId: string, weekStart: string, weekOrdersOfAll: readonly ScoredPurchaseOrder[], returns?: WeekReturns): WeeklyActivity {
  const { to: weekEnd } = weekWindow(weekStart);
  const orders = dueInWeek(weekStart, weekOrdersOfAll).filter((order) => order.supplierId === supplierId);
  let onTimeDeliveries = 0;
  let unitsOrdered = 0;
  let unitsAccepted = 0;
  let unitsInspected = 0;
  let unitsDefective = 0;
  const leadTimeErrors: number[] = [];
  for (const order of orders) {
    const receipts = order.receipts.filter((receipt) => Date.parse(receipt.receivedAt) < weekEnd);
    const ordered = order.lines.reduce((sum, line) => sum + line.quantityOrdered, 0);
    const accepted = receipts.flatMap((receipt) => receipt.lines).filter((line) => line.inspection.verdict === 'ACCEPTED').reduce((sum, line) => sum + line.quantity, 0);
    unitsOrdered += ordered;
    unitsAccepted += Math.min(accepted, ordered);
    for (const line of receipts.flatMap((receipt) => receipt.lines)) {
      unitsInspected += line.inspection.sampleSize;
      unitsDefective += line.inspection.defectsFound;
    }
    const last = receipts.map((receipt) => Date.parse(receipt.receivedAt)).reduce((latest, at) => Math.max(latest, at), Number.NEGATIVE_INFINITY);
    if (receipts.length === 0) continue;
    const reportedOverdue = order.overdueAt !== undefined && Date.parse(order.overdueAt) < weekEnd;
    if (last <= Date.parse(order.expectedBy!) && !reportedOverdue) onTimeDeliveries += 1;
    const actualDays = (last - Date.parse(order.sentAt!)) / DAY_MS;
    leadTimeErrors.push(Math.abs(actualDays - order.leadTimeDays) / order.leadTimeDays);
  }
  const ratio = orders.length > 0 ? priceRatio(supplierId, dueInWeek(weekStart, weekOrdersOfAll)) : undefined;
  return {
    weekStart,
    deliveries: orders.length,
    onTimeDeliveries,
    unitsOrdered,
    unitsAccepted,
    unitsInspected,
    unitsDefective,
    ...(ratio !== undefined ? { priceRatio: ratio } : {}),
    ...(leadTimeErrors.length > 0 ? { leadTimeError: leadTimeErrors.reduce((sum, error) => sum + error, 0) / leadTimeErrors.length } : {}),
    ...(returns ? { unitsShipped: returns.unitsShipped, unitsReturnedDefective: unitsReturnedDefective(weekStart, returns.incidents) } : {}),
  };
}
