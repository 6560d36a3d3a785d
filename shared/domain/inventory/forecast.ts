/**
 * Daily demand of one SKU from its daily sales history (oldest first, one number per day, zeros included).
 *
 * The history is first classified the Syntetos–Boylan way, by how often it sells (ADI) and how much the
 * sizes of its sales vary (CV²), because no single method suits both a SKU that sells every day and one
 * that sells a few units every other week:
 *
 * |                   | CV² < 0.49   | CV² ≥ 0.49 |
 * |-------------------|--------------|------------|
 * | ADI < 1.32        | SMOOTH       | ERRATIC    |  → Holt (level + trend)
 * | ADI ≥ 1.32        | INTERMITTENT | LUMPY      |  → Croston with the Syntetos–Boylan correction
 *
 * The choice keys on ADI: an ERRATIC SKU sells (nearly) every day, so Croston's intervals have nothing to
 * model; its spread shows in σ, hence in safety stock.
 * A SKU with too little history takes its category's forecast, or a default one. The result names the
 * method and carries its inputs, so `GET /inventory/{sku}` can show why a reorder point is what it is.
 * This shape is also the port a forecast from analytics can fill later (docs/inventory.md).
 */
import { invalid } from '../errors';

export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

export type DemandPattern = 'SMOOTH' | 'ERRATIC' | 'INTERMITTENT' | 'LUMPY';
export type ForecastMethod = 'HOLT' | 'CROSTON_SBA' | 'CATEGORY' | 'DEFAULT' | 'NO_DEMAND';

export interface DemandClassification {
  readonly pattern: DemandPattern;
  /** Average demand interval: days in the history per day with a sale. */
  readonly adi: number;
  /** Squared coefficient of variation of the non-zero daily sales (population variance / mean²). */
  readonly cv2: number;
  readonly daysWithSales: number;
}

export interface DemandForecast {
  readonly method: ForecastMethod;
  /** Expected units tomorrow. */
  readonly dailyDemand: number;
  /** Units per day added to the level per day ahead (Holt only; 0 otherwise). */
  readonly trendPerDay: number;
  /** Standard deviation of daily demand: the sample standard deviation of the history. */
  readonly sigmaDaily: number;
  readonly historyDays: number;
  readonly classification?: DemandClassification;
  /** The smoothing constants and final estimates the method used. */
  readonly parameters: Readonly<Record<string, number>>;
  /** Who made it (shared/adapters/demand-forecasts.ts): analytics from units ordered, or inventory from its sales. */
  readonly source?: 'ANALYTICS' | 'INVENTORY';
  /** Analytics' forecast error on this SKU (MASE over the last two weeks), when it made the forecast and could judge it. */
  readonly mase?: number;
}

/** What a new SKU borrows: its category's demand, when analytics or ops know it. */
export interface FallbackDemand {
  readonly dailyDemand: number;
  readonly sigmaDaily: number;
}

export interface ForecastOptions {
  /** Fewer days of history than this and the SKU is treated as new. */
  readonly minimumHistoryDays?: number;
  /** Holt: weight of the newest day in the level, and of the newest change in the trend. */
  readonly alpha?: number;
  readonly beta?: number;
  /** Croston: weight of the newest sale in the size and interval estimates (small: intermittent data is noisy). */
  readonly crostonAlpha?: number;
  readonly category?: FallbackDemand;
  readonly defaultDemand?: FallbackDemand;
}

export const FORECAST_DEFAULTS = {
  minimumHistoryDays: 28,
  alpha: 0.3,
  beta: 0.1,
  crostonAlpha: 0.1,
  /** A new SKU with no category figure: one unit a day, give or take one. */
  defaultDemand: { dailyDemand: 1, sigmaDaily: 1 },
} as const;

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export function sampleStandardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const average = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - average) ** 2, 0) / (values.length - 1));
}

const validateHistory = (history: readonly number[]) => {
  const bad = history.findIndex((units) => !Number.isFinite(units) || units < 0);
  if (bad >= 0) throw invalid('Daily sales are non-negative numbers.', [{ field: `history.${bad}`, message: `Got ${history[bad]}.` }]);
};

/** Syntetos–Boylan classification; undefined when the history has no sale at all. */
export function classifyDemand(history: readonly number[]): DemandClassification | undefined {
  const sales = history.filter((units) => units > 0);
  if (sales.length === 0) return undefined;
  const average = mean(sales);
  const variance = sales.reduce((sum, units) => sum + (units - average) ** 2, 0) / sales.length;
  const adi = history.length / sales.length;
  const cv2 = variance / average ** 2;
  const frequent = adi < ADI_CUTOFF;
  const steady = cv2 < CV2_CUTOFF;
  const pattern: DemandPattern = frequent ? (steady ? 'SMOOTH' : 'ERRATIC') : steady ? 'INTERMITTENT' : 'LUMPY';
  return { pattern, adi, cv2, daysWithSales: sales.length };
}

/**
 * Holt's linear exponential smoothing. Starts at the first day with no trend (a trend must show in the data
 * before it is believed), then for each later day y:
 *   level  = α·y + (1 − α)·(level + trend)
 *   trend  = β·(level − previous level) + (1 − β)·trend
 */
export function holt(history: readonly number[], alpha: number, beta: number): { level: number; trend: number } {
  let level = history[0] ?? 0;
  let trend = 0;
  for (const units of history.slice(1)) {
    const previous = level;
    level = alpha * units + (1 - alpha) * (level + trend);
    trend = beta * (level - previous) + (1 - beta) * trend;
  }
  return { level, trend };
}

/**
 * Croston's method with the Syntetos–Boylan approximation (SBA). Sizes and intervals are smoothed only on
 * days with a sale; the first sale sets them (its interval counts from the start of the history). Croston's
 * size / interval is biased high, SBA multiplies it by (1 − α/2).
 */
export function crostonSba(history: readonly number[], alpha: number): { size: number; interval: number; dailyDemand: number } {
  let size: number | undefined;
  let interval = 0;
  let daysSinceSale = 0;
  for (const units of history) {
    daysSinceSale += 1;
    if (units <= 0) continue;
    if (size === undefined) {
      size = units;
      interval = daysSinceSale;
    } else {
      size += alpha * (units - size);
      interval += alpha * (daysSinceSale - interval);
    }
    daysSinceSale = 0;
  }
  if (size === undefined) return { size: 0, interval: 0, dailyDemand: 0 };
  return { size, interval, dailyDemand: (1 - alpha / 2) * (size / interval) };
}

/** The daily demand forecast for one SKU, with the method chosen and what it was computed from. */
export function forecastDailyDemand(history: readonly number[], options: ForecastOptions = {}): DemandForecast {
  validateHistory(history);
  const minimumHistoryDays = options.minimumHistoryDays ?? FORECAST_DEFAULTS.minimumHistoryDays;
  const historyDays = history.length;
  if (historyDays < minimumHistoryDays) {
    const fallback = options.category ?? options.defaultDemand ?? FORECAST_DEFAULTS.defaultDemand;
    return {
      method: options.category ? 'CATEGORY' : 'DEFAULT',
      dailyDemand: fallback.dailyDemand,
      trendPerDay: 0,
      sigmaDaily: fallback.sigmaDaily,
      historyDays,
      parameters: { minimumHistoryDays },
    };
  }
  const classification = classifyDemand(history);
  const sigmaDaily = sampleStandardDeviation(history);
  if (!classification) {
    return { method: 'NO_DEMAND', dailyDemand: 0, trendPerDay: 0, sigmaDaily: 0, historyDays, parameters: {} };
  }
  if (classification.adi < ADI_CUTOFF) {
    const alpha = options.alpha ?? FORECAST_DEFAULTS.alpha;
    const beta = options.beta ?? FORECAST_DEFAULTS.beta;
    const { level, trend } = holt(history, alpha, beta);
    return {
      method: 'HOLT',
      dailyDemand: Math.max(0, level + trend),
      trendPerDay: trend,
      sigmaDaily,
      historyDays,
      classification,
      parameters: { alpha, beta, level, trend },
    };
  }
  const alpha = options.crostonAlpha ?? FORECAST_DEFAULTS.crostonAlpha;
  const { size, interval, dailyDemand } = crostonSba(history, alpha);
  return { method: 'CROSTON_SBA', dailyDemand, trendPerDay: 0, sigmaDaily, historyDays, classification, parameters: { alpha, size, interval } };
}

/**
 * Units expected over the next `days` days: the forecast of each day ahead (tomorrow's demand plus one more
 * trend step per day, never below zero) summed, the last day in proportion when `days` has a fraction.
 */
export function demandOverDays(forecast: Pick<DemandForecast, 'dailyDemand' | 'trendPerDay'>, days: number): number {
  const dayAhead = (index: number) => Math.max(0, forecast.dailyDemand + index * forecast.trendPerDay);
  const wholeDays = Math.floor(days);
  let units = (days - wholeDays) * dayAhead(wholeDays);
  for (let index = 0; index < wholeDays; index += 1) units += dayAhead(index);
  return units;
}
