/**
 * KPI anomalies: a watched KPI outside its trailing-28-day band. The band is robust to the odd spike: the
 * median of the trailing days ± `k` × the scaled median absolute deviation (1.4826 × MAD, which equals the
 * standard deviation for normal data), with a floor of `minRelativeWidth` × |median| so a flat history does
 * not flag tiny moves. Fewer than `minHistoryDays` trailing values: no band, no anomaly.
 */
import type { KpiCard } from './kpis';

export const WATCHED_KPIS = {
  sessions: (card: KpiCard) => card.traffic.sessions,
  bounceRate: (card: KpiCard) => card.traffic.bounceRate,
  conversionRate: (card: KpiCard) => card.traffic.conversionRate,
  orders: (card: KpiCard) => card.sales.orders,
  revenueMinor: (card: KpiCard) => card.sales.revenueMinor,
  averageOrderValueMinor: (card: KpiCard) => card.sales.averageOrderValueMinor,
  marginRate: (card: KpiCard) => card.sales.marginRate,
} as const satisfies Record<string, (card: KpiCard) => number | null>;
export type WatchedKpi = keyof typeof WATCHED_KPIS;

export interface BandSettings {
  readonly k: number;
  readonly minHistoryDays: number;
  readonly minRelativeWidth: number;
}

export const DEFAULT_BAND: BandSettings = { k: 3, minHistoryDays: 14, minRelativeWidth: 0.05 };

export interface Band {
  readonly median: number;
  readonly low: number;
  readonly high: number;
}

export interface KpiAnomaly {
  readonly kpi: WatchedKpi;
  readonly value: number;
  readonly band: Band;
  readonly direction: 'above' | 'below';
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const round = (value: number) => Math.round(value * 10_000) / 10_000;

/** The band of `history` (the trailing days' values, nulls left out); undefined with too little history. */
export function bandOf(history: readonly (number | null)[], settings: BandSettings = DEFAULT_BAND): Band | undefined {
  const values = history.filter((value): value is number => value !== null);
  if (values.length < settings.minHistoryDays) return undefined;
  const middle = median(values);
  const mad = median(values.map((value) => Math.abs(value - middle))) * 1.4826;
  const width = Math.max(settings.k * mad, settings.minRelativeWidth * Math.abs(middle));
  return { median: round(middle), low: round(middle - width), high: round(middle + width) };
}

/** The watched KPIs of `card` outside their band over `trailing` (the up to 28 cards before it). */
export function kpiAnomalies(card: KpiCard, trailing: readonly KpiCard[], settings: BandSettings = DEFAULT_BAND): KpiAnomaly[] {
  const anomalies: KpiAnomaly[] = [];
  for (const [kpi, read] of Object.entries(WATCHED_KPIS) as [WatchedKpi, (card: KpiCard) => number | null][]) {
    const value = read(card);
    const band = bandOf(trailing.map(read), settings);
    if (value === null || !band) continue;
    if (value > band.high) anomalies.push({ kpi, value, band, direction: 'above' });
    else if (value < band.low) anomalies.push({ kpi, value, band, direction: 'below' });
  }
  return anomalies;
}
