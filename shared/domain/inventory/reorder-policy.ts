/**
 * Reorder policy of one SKU, recomputed nightly from its forecast and lead time:
 *
 *   safety stock   = ⌈ z(service level) · σ(daily demand) · √(lead time days) ⌉
 *   reorder point  = ⌈ demand over the lead time + safety stock ⌉
 *   reorder qty    = 0 while available + on order is above the reorder point (nothing is due), else
 *                    ⌈ max(MOQ, demand over the review period + safety stock − (available + on order)) ⌉
 *                    rounded up to a whole number of packs.
 *
 * Units are whole: every figure is rounded up, because a fraction of a unit short is a stock-out. The result
 * repeats its inputs so the API can show how it was computed.
 */
import { invalid, type FieldError } from '../errors';
import { demandOverDays, type DemandForecast } from './forecast';
import { DEFAULT_SERVICE_LEVEL, zForServiceLevel } from './service-level';

export interface ReorderInputs {
  readonly forecast: Pick<DemandForecast, 'dailyDemand' | 'trendPerDay' | 'sigmaDaily'>;
  readonly leadTimeDays: number;
  /** Days of demand an order tops the stock up to (issue 12's "review period"). */
  readonly reviewPeriodDays: number;
  readonly serviceLevel?: number;
  readonly minimumOrderQuantity: number;
  /** Units per pack: a supplier ships whole packs. */
  readonly packSize: number;
  /** Units on hand not promised to an order. */
  readonly available: number;
  /** Units on purchase orders not yet received. */
  readonly onOrder: number;
}

export interface ReorderPolicy {
  readonly reorderPoint: number;
  readonly reorderQuantity: number;
  readonly safetyStock: number;
  readonly z: number;
  readonly serviceLevel: number;
  readonly demandOverLeadTime: number;
  readonly demandOverReviewPeriod: number;
  /** available + on order: what the reorder point is compared with. */
  readonly inventoryPosition: number;
  readonly inputs: ReorderInputs;
}

/** Rounds up to whole units; the tolerance keeps 10.000000001 (floating-point noise) at 10, and never gives −0. */
const wholeUnitsUp = (units: number): number => Math.max(0, Math.ceil(units - 1e-9));

/** Safety stock in whole units: z · σ · √L, rounded up. */
export const safetyStock = (z: number, sigmaDaily: number, leadTimeDays: number): number =>
  wholeUnitsUp(z * sigmaDaily * Math.sqrt(leadTimeDays));

/** `quantity` rounded up to whole packs. */
export const roundUpToPack = (quantity: number, packSize: number): number => wholeUnitsUp(quantity / packSize) * packSize;

const validate = (inputs: ReorderInputs) => {
  const errors: FieldError[] = [];
  const need = (field: string, ok: boolean, message: string) => (ok ? undefined : errors.push({ field, message }));
  need('leadTimeDays', inputs.leadTimeDays > 0, 'A positive number of days.');
  need('reviewPeriodDays', inputs.reviewPeriodDays > 0, 'A positive number of days.');
  need('minimumOrderQuantity', Number.isInteger(inputs.minimumOrderQuantity) && inputs.minimumOrderQuantity >= 1, 'A whole number, at least 1.');
  need('packSize', Number.isInteger(inputs.packSize) && inputs.packSize >= 1, 'A whole number, at least 1.');
  need('available', Number.isFinite(inputs.available), 'A number of units.');
  need('onOrder', Number.isFinite(inputs.onOrder) && inputs.onOrder >= 0, 'Zero or more units.');
  need('forecast.sigmaDaily', inputs.forecast.sigmaDaily >= 0, 'Zero or more.');
  need('forecast.dailyDemand', inputs.forecast.dailyDemand >= 0, 'Zero or more.');
  if (errors.length > 0) throw invalid('The reorder policy cannot be computed from these inputs.', errors);
};

export function reorderPolicy(inputs: ReorderInputs): ReorderPolicy {
  validate(inputs);
  const serviceLevel = inputs.serviceLevel ?? DEFAULT_SERVICE_LEVEL;
  const z = zForServiceLevel(serviceLevel);
  const stock = safetyStock(z, inputs.forecast.sigmaDaily, inputs.leadTimeDays);
  const demandOverLeadTime = demandOverDays(inputs.forecast, inputs.leadTimeDays);
  const demandOverReviewPeriod = demandOverDays(inputs.forecast, inputs.reviewPeriodDays);
  const reorderPoint = wholeUnitsUp(demandOverLeadTime + stock);
  const inventoryPosition = inputs.available + inputs.onOrder;
  const due = inventoryPosition <= reorderPoint;
  const shortfall = Math.ceil(demandOverReviewPeriod + stock - inventoryPosition - 1e-9);
  const reorderQuantity = due ? roundUpToPack(Math.max(inputs.minimumOrderQuantity, shortfall), inputs.packSize) : 0;
  return {
    reorderPoint,
    reorderQuantity,
    safetyStock: stock,
    z,
    serviceLevel,
    demandOverLeadTime,
    demandOverReviewPeriod,
    inventoryPosition,
    inputs,
  };
}
