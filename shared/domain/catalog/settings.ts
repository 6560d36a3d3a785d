/** The listing knobs a deployment sets (CDK context → function environment), with their defaults. */
import { DEFAULT_AUTO_APPROVE_THRESHOLD, DEFAULT_QUALITY_THRESHOLD, parseBannedWords } from './content-checks';
import { DEFAULT_MAX_UNREVIEWED_PRICE_DROP_PERCENT } from './listing';
import { DEFAULT_SAFETY_STOCK } from '../inventory/stock';
import { numberSetting, type Environment } from '../settings';

export interface ListingSettings {
  readonly qualityThreshold: number;
  readonly autoApproveThreshold: number;
  readonly maxUnreviewedPriceDropPercent: number;
  readonly bannedWords: readonly string[];
  readonly defaultSafetyStock: number;
  readonly reviewWindowHours: number;
  readonly reviewReminderHours: number;
}

/** Reads the settings from an environment (a function's `process.env`). */
export const listingSettingsFrom = (env: Environment): ListingSettings => ({
  qualityThreshold: numberSetting(env.LISTING_QUALITY_THRESHOLD, DEFAULT_QUALITY_THRESHOLD),
  autoApproveThreshold: numberSetting(env.LISTING_AUTO_APPROVE_THRESHOLD, DEFAULT_AUTO_APPROVE_THRESHOLD),
  maxUnreviewedPriceDropPercent: numberSetting(env.MAX_UNREVIEWED_PRICE_DROP_PERCENT, DEFAULT_MAX_UNREVIEWED_PRICE_DROP_PERCENT),
  bannedWords: parseBannedWords(env.BANNED_LISTING_WORDS),
  defaultSafetyStock: numberSetting(env.DEFAULT_SAFETY_STOCK, DEFAULT_SAFETY_STOCK),
  reviewWindowHours: numberSetting(env.REVIEW_WINDOW_HOURS, 72),
  reviewReminderHours: numberSetting(env.REVIEW_REMINDER_HOURS, 24),
});
