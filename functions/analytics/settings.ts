import { analyticsSettingsFrom } from '../../shared/domain/analytics/settings';

/** This function's analytics knobs (store time zone, churn days, counter shards), read once per instance. */
export const settings = analyticsSettingsFrom(process.env);
