/** The analytics context's knobs, from its functions' environment (CDK context → environment). */
import { isPositive, numberSetting, type Environment } from '../settings';

export interface AnalyticsSettings {
  /** IANA zone of the store: the day a counter belongs to, and when the nightly job's "yesterday" ends. */
  readonly timeZone: string;
  /** A customer without an order for this many days is churned. @default 90 */
  readonly churnDays: number;
  /** Shards of each day's counters (docs/analytics.md, "Hot counters"). Changing it is safe: readers sum every shard up to MAX_COUNTER_SHARDS. @default 8 */
  readonly counterShards: number;
  /** The currency revenue is counted in (orders in another one are counted as they are: one store, one currency). @default EUR */
  readonly currency: string;
}

/** Readers always sum this many shards, so the write-side count may be raised (up to it) without losing a counter. */
export const MAX_COUNTER_SHARDS = 16;

const validZone = (zone: string | undefined): string => {
  if (!zone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
};

export const analyticsSettingsFrom = (env: Environment): AnalyticsSettings => ({
  timeZone: validZone(env.STORE_TIME_ZONE),
  churnDays: numberSetting(env.CHURN_DAYS, 90, (value) => isPositive(value) && Number.isInteger(value)),
  counterShards: numberSetting(env.COUNTER_SHARDS, 8, (value) => Number.isInteger(value) && value >= 1 && value <= MAX_COUNTER_SHARDS),
  currency: /^[A-Z]{3}$/.test(env.STORE_CURRENCY ?? '') ? env.STORE_CURRENCY! : 'EUR',
});
