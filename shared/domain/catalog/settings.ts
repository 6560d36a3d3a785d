/** The listing knobs a deployment sets (CDK context → function environment), with their defaults. */
import { DEFAULT_AUTO_APPROVE_THRESHOLD, DEFAULT_QUALITY_THRESHOLD, parseBannedWords } from './content-checks';
import { DEFAULT_MAX_UNREVIEWED_PRICE_DROP_PERCENT } from './listing';
import { DEFAULT_SAFETY_STOCK } from '../inventory/stock';

export interface ListingSettings {
  readonly qualityThreshold: number;
  readonly autoApproveThreshold: number;
  readonly maxUnreviewedPriceDropPercent: number;
  readonly bannedWords: readonly string[];
  readonly defaultSafetyStock: number;
  readonly reviewWindowHours: number;
  readonly reviewReminderHours: number;
}

const numberOr = (raw: string | undefined, fallback: number): number => {
  const value = Number(raw);
  return raw !== undefined && raw.trim() !== '' && Number.isFinite(value) ? value : fallback;
};

/** Reads the settings from an environment (a function's `process.env`). */
export const listingSettingsFrom = (env: Readonly<Record<string, string | undefined>>): ListingSettings => ({
  qualityThreshold: numberOr(env.LISTING_QUALITY_THRESHOLD, DEFAULT_QUALITY_THRESHOLD),
  autoApproveThreshold: numberOr(env.LISTING_AUTO_APPROVE_THRESHOLD, DEFAULT_AUTO_APPROVE_THRESHOLD),
  maxUnreviewedPriceDropPercent: numberOr(env.MAX_UNREVIEWED_PRICE_DROP_PERCENT, DEFAULT_MAX_UNREVIEWED_PRICE_DROP_PERCENT),
  bannedWords: parseBannedWords(env.BANNED_LISTING_WORDS),
  defaultSafetyStock: numberOr(env.DEFAULT_SAFETY_STOCK, DEFAULT_SAFETY_STOCK),
  reviewWindowHours: numberOr(env.REVIEW_WINDOW_HOURS, 72),
  reviewReminderHours: numberOr(env.REVIEW_REMINDER_HOURS, 24),
});
