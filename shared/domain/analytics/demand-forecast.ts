/**
 * Demand forecast per SKU from analytics' daily SKU counters (units ordered per store day), kept nightly where
 * inventory's reorder policy reads it (shared/adapters/demand-forecasts.ts).
 *
 * Each SKU keeps its last HISTORY_DAYS days of units ordered (`units`, oldest first, ending at `throughDay`); the
 * nightly job sets the day it computes, so a recompute of a day sets the same value again. The forecast itself is
 * inventory's (`forecastDailyDemand`, shared/domain/inventory/forecast.ts): the history is classified by ADI and
 * CV² (Syntetos–Boylan) and a frequent seller (ADI < 1.32: SMOOTH or ERRATIC) gets Holt's level + trend, an
 * infrequent one (INTERMITTENT or LUMPY) Croston with the SBA correction. What analytics adds is the history, read
 * from counters it keeps anyway, and the **forecast error** of the chosen method on this SKU:
 *
 * - every day of the last EVALUATION_DAYS is forecast one step ahead from the days before it, with the method
 *   the whole history chose, and the absolute errors averaged (MAE);
 * - MASE = that MAE / the mean absolute change from one day to the next over the days before the evaluation (the
 *   in-sample error of "tomorrow sells what today sold"). Below 1 the method beats the naive forecast.
 *
 * MASE, not MAPE: MAPE divides by each day's demand, and an intermittent SKU's days are mostly zero. It is null
 * when the naive error is zero (a flat history) or there is no method to judge (too little history, no demand).
 */
import { crostonSba, forecastDailyDemand, FORECAST_DEFAULTS, holt, type DemandForecast, type ForecastOptions } from '../inventory/forecast';

/** Days of history kept per SKU (inventory's policy reads 8 weeks too). */
export const HISTORY_DAYS = 56;
/** Days at the end of the history the forecast error is measured on (two weeks: every weekday twice). */
export const EVALUATION_DAYS = 14;

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

/** A SKU's daily units ordered, oldest first, the last being `throughDay`. */
export interface SkuDemandHistory {
  readonly sku: string;
  readonly throughDay: string;
  readonly units: readonly number[];
}

export interface ForecastError {
  /** Mean absolute one-step error over the evaluation days, units a day. */
  readonly mae: number | null;
  /** MAE / in-sample mean absolute naive error; null when either is undefined. */
  readonly mase: number | null;
  readonly evaluationDays: number;
}

/** What analytics keeps per SKU: its history, the forecast for the day after `throughDay` and its error. */
export interface SkuDemandForecast extends SkuDemandHistory {
  readonly forecast: DemandForecast;
  readonly error: ForecastError;
}

/**
 * The history with `day` set to `units`: later days are zeros until `day` (a day without counters sold nothing), a
 * past day inside the window is overwritten (a recompute), one before the window is ignored. Idempotent.
 */
export function recordDay(history: SkuDemandHistory | undefined, sku: string, day: string, units: number): SkuDemandHistory {
  if (!history) return { sku, throughDay: day, units: [units] };
  const behind = dayNumber(history.throughDay) - dayNumber(day);
  if (behind >= 0) {
    const index = history.units.length - 1 - behind;
    if (index < 0) return history;
    return { ...history, units: history.units.map((value, at) => (at === index ? units : value)) };
  }
  return { sku, throughDay: day, units: [...history.units, ...Array<number>(-behind - 1).fill(0), units].slice(-HISTORY_DAYS) };
}

/** The history read on `day`: zeros for the days after its last one (nothing was counted), at most HISTORY_DAYS. */
export function historyThrough(history: SkuDemandHistory, day: string): SkuDemandHistory {
  const gap = dayNumber(day) - dayNumber(history.throughDay);
  if (gap <= 0) return history;
  return { ...history, throughDay: day, units: [...history.units, ...Array<number>(gap).fill(0)].slice(-HISTORY_DAYS) };
}

/** Tomorrow's demand by one method from the days so far. */
function oneStepAhead(method: DemandForecast['method'], days: readonly number[], options: ForecastOptions): number {
  if (method === 'HOLT') {
    const { level, trend } = holt(days, options.alpha ?? FORECAST_DEFAULTS.alpha, options.beta ?? FORECAST_DEFAULTS.beta);
    return Math.max(0, level + trend);
  }
  return crostonSba(days, options.crostonAlpha ?? FORECAST_DEFAULTS.crostonAlpha).dailyDemand;
}

/** The forecast error of `method` on `units` (see the file's comment): walk-forward over the last EVALUATION_DAYS. */
export function forecastError(method: DemandForecast['method'], units: readonly number[], options: ForecastOptions = {}): ForecastError {
  const evaluationDays = Math.min(EVALUATION_DAYS, Math.max(0, units.length - 2));
  const start = units.length - evaluationDays;
  if ((method !== 'HOLT' && method !== 'CROSTON_SBA') || evaluationDays === 0) return { mae: null, mase: null, evaluationDays: 0 };
  let absoluteErrors = 0;
  for (let day = start; day < units.length; day += 1) absoluteErrors += Math.abs(units[day]! - oneStepAhead(method, units.slice(0, day), options));
  let naiveErrors = 0;
  for (let day = 1; day < start; day += 1) naiveErrors += Math.abs(units[day]! - units[day - 1]!);
  const mae = absoluteErrors / evaluationDays;
  const naive = naiveErrors / (start - 1);
  return { mae: round4(mae), mase: naive > 0 ? round4(mae / naive) : null, evaluationDays };
}

/** The SKU's forecast for the day after its history, the method chosen by its demand pattern, with its error. */
export function forecastSkuDemand(history: SkuDemandHistory, options: ForecastOptions = {}): SkuDemandForecast {
  const forecast = forecastDailyDemand(history.units, options);
  return { ...history, forecast, error: forecastError(forecast.method, history.units, options) };
}

/** Whether analytics' forecast should drive a reorder policy: enough history for a method of its own. */
export const isUsableForecast = (forecast: DemandForecast): boolean => forecast.method === 'HOLT' || forecast.method === 'CROSTON_SBA' || forecast.method === 'NO_DEMAND';
