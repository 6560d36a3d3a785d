/**
 * The lead time a reorder point plans for: the supplier's contract terms, corrected by the lead times its
 * deliveries actually took. A few observations say little (one late truck is not a trend), so they earn
 * weight gradually:
 *
 *   weight = 0                                     while observations < minimumObservations
 *          = min(1, observations / fullWeightAt)   from then on
 *   lead time = (1 − weight) · terms + weight · mean(observed)
 *
 * With the defaults (3 and 10): 2 deliveries → terms only; 5 → half and half; 10 or more → observed only.
 * The estimate is never under a day (`minimumDays`): goods received the hour they were ordered say nothing
 * about the next order, and a reorder point needs a lead time to cover.
 */
import { invalid } from '../errors';

export const LEAD_TIME_DEFAULTS = { minimumObservations: 3, fullWeightAt: 10, minimumDays: 1 } as const;

export type LeadTimeBasis = 'TERMS' | 'BLENDED' | 'OBSERVED';

export interface LeadTimeEstimate {
  readonly leadTimeDays: number;
  readonly basis: LeadTimeBasis;
  readonly termsLeadTimeDays: number;
  /** Undefined when nothing was observed yet. */
  readonly observedMeanDays?: number;
  readonly observations: number;
  /** 0–1: the observed mean's share of the estimate. */
  readonly observedWeight: number;
}

export interface LeadTimeOptions {
  readonly minimumObservations?: number;
  readonly fullWeightAt?: number;
  readonly minimumDays?: number;
}

/** Days from a purchase order's sending to its (last) goods receipt, as the supplier actually delivered. */
export function effectiveLeadTime(
  termsLeadTimeDays: number,
  observedLeadTimesDays: readonly number[],
  options: LeadTimeOptions = {},
): LeadTimeEstimate {
  if (!(termsLeadTimeDays > 0)) throw invalid('A lead time is a positive number of days.', [{ field: 'termsLeadTimeDays', message: `Got ${termsLeadTimeDays}.` }]);
  const bad = observedLeadTimesDays.findIndex((days) => !Number.isFinite(days) || days < 0);
  if (bad >= 0) throw invalid('Observed lead times are non-negative days.', [{ field: `observedLeadTimesDays.${bad}`, message: `Got ${observedLeadTimesDays[bad]}.` }]);
  const minimumObservations = options.minimumObservations ?? LEAD_TIME_DEFAULTS.minimumObservations;
  const fullWeightAt = Math.max(minimumObservations, options.fullWeightAt ?? LEAD_TIME_DEFAULTS.fullWeightAt);
  const observations = observedLeadTimesDays.length;
  const observedMeanDays = observations === 0 ? undefined : observedLeadTimesDays.reduce((sum, days) => sum + days, 0) / observations;
  const observedWeight = observations < minimumObservations ? 0 : Math.min(1, observations / fullWeightAt);
  const blended = (1 - observedWeight) * termsLeadTimeDays + observedWeight * (observedMeanDays ?? 0);
  const leadTimeDays = Math.max(options.minimumDays ?? LEAD_TIME_DEFAULTS.minimumDays, blended);
  const basis: LeadTimeBasis = observedWeight === 0 ? 'TERMS' : observedWeight === 1 ? 'OBSERVED' : 'BLENDED';
  return { leadTimeDays, basis, termsLeadTimeDays, ...(observedMeanDays === undefined ? {} : { observedMeanDays }), observations, observedWeight };
}
