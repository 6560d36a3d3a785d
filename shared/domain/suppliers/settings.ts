/** The onboarding knobs a deployment sets (CDK context → function environment), with their defaults. */
import { DEFAULT_DECISION_REMINDER_HOURS, DEFAULT_DECISION_WINDOW_HOURS } from '../decision-timing';
import { numberSetting, type Environment } from '../settings';
import { DEFAULT_REAPPLY_COOLDOWN_DAYS } from './company';

export interface SupplierSettings {
  /** Days a rejected or expired company waits before applying again. */
  readonly reapplyCooldownDays: number;
  /** Hours operators have to decide an application (fractional in tests). */
  readonly decisionWindowHours: number;
  /** Hours before that deadline when operators are reminded. */
  readonly decisionReminderHours: number;
}

export const supplierSettingsFrom = (env: Environment): SupplierSettings => ({
  reapplyCooldownDays: numberSetting(env.REAPPLY_COOLDOWN_DAYS, DEFAULT_REAPPLY_COOLDOWN_DAYS),
  decisionWindowHours: numberSetting(env.DECISION_WINDOW_HOURS, DEFAULT_DECISION_WINDOW_HOURS),
  decisionReminderHours: numberSetting(env.DECISION_REMINDER_HOURS, DEFAULT_DECISION_REMINDER_HOURS),
});
