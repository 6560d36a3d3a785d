/**
 * The nightly reorder policy of one SKU: its sales history → a demand forecast (forecast.ts) → the lead
 * time from the supplier's terms and what it delivered (lead-time.ts) → safety stock, reorder point and
 * quantity (reorder-policy.ts). The result and the inputs that produced it are written to the stock record,
 * where `GET /inventory/{sku}` shows them and the low-stock watcher and the restock workflow read them.
 */
import { effectiveLeadTime } from './lead-time';
import { forecastDailyDemand, type DemandForecast, type ForecastMethod } from './forecast';
import { reorderPolicy } from './reorder-policy';
import { addDays, dailyUnits, salesDayOf, type DailySales } from './sales';
import { DEFAULT_SERVICE_LEVEL } from './service-level';
import type { StockLevel } from './stock';

/** Days of sales the forecast reads (8 weeks: two cycles of a monthly pattern, recent enough to follow a trend). */
export const HISTORY_DAYS = 56;

export interface PolicyInputs {
  /** The supplier's terms for the SKU (restock.ts's termsForSku: its offer's, else its contract's): promised lead time, MOQ, pack size. */
  readonly supplierTerms: { readonly leadTimeDays: number; readonly minimumOrderQuantity: number; readonly packSize?: number };
  /** Days from sending to completion of the supplier's recent purchase orders, newest first (none yet: the terms). */
  readonly observedLeadTimesDays?: readonly number[];
  /** Units the SKU's open purchase order still owes (ordered − accepted). */
  readonly onOrder?: number;
  readonly reviewPeriodDays: number;
  readonly serviceLevel?: number;
}

/** What the stock record keeps: the policy and what produced it. */
export interface StockPolicy {
  readonly computedAt: string;
  readonly reorderPoint: number;
  readonly reorderQuantity: number;
  readonly safetyStock: number;
  readonly serviceLevel: number;
  readonly forecast: {
    readonly method: ForecastMethod;
    readonly dailyDemand: number;
    readonly trendPerDay: number;
    readonly sigmaDaily: number;
    readonly historyDays: number;
    readonly source?: 'ANALYTICS' | 'INVENTORY';
    readonly mase?: number;
  };
  /** Promised (terms), observed (the samples, their mean and weight) and used. */
  readonly leadTime: {
    readonly leadTimeDays: number;
    readonly basis: string;
    readonly termsLeadTimeDays: number;
    readonly observedLeadTimesDays: number[];
    readonly observedMeanDays?: number;
    readonly observedWeight: number;
  };
  readonly reviewPeriodDays: number;
  readonly minimumOrderQuantity: number;
  readonly packSize: number;
  readonly available: number;
  readonly onOrder: number;
  /** available + on order: what the reorder point is compared with. */
  readonly inventoryPosition: number;
}

/**
 * Whether the nightly policy recomputes a SKU: not once its product is archived (`retiredAt`). A retired SKU is
 * never restocked (stock-watch.ts), so a fresh reorder point would only make it look low and due for an order.
 */
export const needsReorderPolicy = (stock: Pick<StockLevel, 'retiredAt'>): boolean => stock.retiredAt === undefined;

/** The history window of a SKU: the last HISTORY_DAYS full days, but none before it was listed. */
export function historyWindow(stock: Pick<StockLevel, 'createdAt'>, now: Date): { readonly from: string; readonly to: string; readonly days: number } {
  const to = addDays(salesDayOf(now), -1);
  const listed = salesDayOf(stock.createdAt);
  const days = Math.max(0, Math.min(HISTORY_DAYS, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${listed}T00:00:00Z`)) / 86_400_000) + 1));
  return { from: addDays(to, 1 - Math.max(days, 1)), to, days };
}

/** Inventory's own forecast of a SKU: its daily sales over the history window (forecast.ts chooses the method). */
export function forecastFromSales(stock: Pick<StockLevel, 'createdAt'>, sales: readonly DailySales[], now: Date): DemandForecast {
  const window = historyWindow(stock, now);
  return forecastDailyDemand(dailyUnits(sales, window.to, window.days));
}

/** The policy of a SKU from its demand forecast (whoever made it: shared/adapters/demand-forecasts.ts) and its supplier's inputs. */
export function recomputePolicy(stock: StockLevel, forecast: DemandForecast, inputs: PolicyInputs, now: Date): StockPolicy {
  const observedLeadTimesDays = inputs.observedLeadTimesDays ?? [];
  const leadTime = effectiveLeadTime(inputs.supplierTerms.leadTimeDays, observedLeadTimesDays);
  const serviceLevel = inputs.serviceLevel ?? DEFAULT_SERVICE_LEVEL;
  const packSize = inputs.supplierTerms.packSize ?? 1;
  const onOrder = inputs.onOrder ?? 0;
  const policy = reorderPolicy({
    forecast,
    leadTimeDays: leadTime.leadTimeDays,
    reviewPeriodDays: inputs.reviewPeriodDays,
    serviceLevel,
    minimumOrderQuantity: inputs.supplierTerms.minimumOrderQuantity,
    packSize,
    available: stock.available,
    onOrder,
  });
  return {
    computedAt: now.toISOString(),
    reorderPoint: policy.reorderPoint,
    reorderQuantity: policy.reorderQuantity,
    safetyStock: policy.safetyStock,
    serviceLevel,
    forecast: {
      method: forecast.method,
      dailyDemand: forecast.dailyDemand,
      trendPerDay: forecast.trendPerDay,
      sigmaDaily: forecast.sigmaDaily,
      historyDays: forecast.historyDays,
      ...(forecast.source === undefined ? {} : { source: forecast.source }),
      ...(forecast.mase === undefined ? {} : { mase: forecast.mase }),
    },
    leadTime: {
      leadTimeDays: leadTime.leadTimeDays,
      basis: leadTime.basis,
      termsLeadTimeDays: leadTime.termsLeadTimeDays,
      observedLeadTimesDays: [...observedLeadTimesDays],
      ...(leadTime.observedMeanDays === undefined ? {} : { observedMeanDays: leadTime.observedMeanDays }),
      observedWeight: leadTime.observedWeight,
    },
    reviewPeriodDays: inputs.reviewPeriodDays,
    minimumOrderQuantity: inputs.supplierTerms.minimumOrderQuantity,
    packSize,
    available: stock.available,
    onOrder,
    inventoryPosition: policy.inventoryPosition,
  };
}
